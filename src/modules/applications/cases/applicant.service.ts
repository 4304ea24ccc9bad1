import type { Queryable } from '../../../platform/db/database.js';
import { invalid, type Outcome } from '../../../platform/outcome.js';
import { caseStatuses, channels, replyTypes, type CaseStatus, type Channel, type ReplyType } from '../applications.vocabulary.js';
import { parseData } from './case-clock.js';
import * as store from './cases.store.js';
import type { CaseRow, EventRow } from './cases.store.js';
import { applicantActor, type CaseContext } from './context.js';
import { recordCorrection } from './handling.service.js';
import { confirmPayment, withdrawCase } from './outcome.service.js';
import type { MoveResult } from './runner.js';
import { caseActions, findTransition, openStatuses, type CaseAction } from './transitions.js';

/*
 * The applicant's view of their own cases, for the personal / enterprise space: another
 * account's case is simply not found. Internal steps (分办, 延期申请, 征求意见, 提醒) are not shown.
 */

export interface ApplicantCaseSummary {
  id: number;
  siteId: number;
  number: string;
  channel: string;
  status: CaseStatus;
  statusLabel: string;
  receivedOn: string;
  dueOn: string | null;
  /** While 待补正 / 待缴费: the applicant's own deadline. */
  waitingUntil: string | null;
  description: string;
  replyType: ReplyType | null;
  replyLabel: string | null;
  repliedOn: string | null;
  closedOn: string | null;
}

export interface ApplicantCaseEvent {
  kind: CaseAction;
  label: string;
  on: string;
  /** Particulars in Chinese: what to correct and by when, the fee, the new due date … */
  detail: string;
}

export interface ApplicantCase extends ApplicantCaseSummary {
  deliveryForm: string;
  events: ApplicantCaseEvent[];
  /** What the applicant may do online now. */
  canCorrect: boolean;
  canConfirmPayment: boolean;
  canWithdraw: boolean;
}

const shownKinds: CaseAction[] = ['received', 'correction_requested', 'correction_received', 'extension_approved', 'fee_notice', 'fee_paid', 'later_date_set', 'reply', 'close', 'withdraw'];

function summary(c: CaseRow): ApplicantCaseSummary {
  const status = c.status as CaseStatus;
  const replyType = c.reply_type as ReplyType | null;
  return {
    id: c.id,
    siteId: c.site_id,
    number: c.number,
    channel: channels[c.channel as Channel] ?? c.channel,
    status,
    statusLabel: caseStatuses[status] ?? c.status,
    receivedOn: c.received_on,
    dueOn: openStatuses.includes(status) ? c.due_on : null,
    waitingUntil: status === 'awaiting_correction' || status === 'awaiting_fee' ? c.waiting_until : null,
    description: c.description,
    replyType,
    replyLabel: replyType && Object.hasOwn(replyTypes, replyType) ? replyTypes[replyType].label : null,
    repliedOn: c.replied_on,
    closedOn: c.closed_on,
  };
}

function detailOf(e: EventRow): string {
  const d = parseData(e.data);
  switch (e.kind) {
    case 'correction_requested':
      return `需补正：${(Array.isArray(d.items) ? d.items.map(String) : []).map((item, i) => `${i + 1}. ${item}`).join('；')}；补正期限至 ${String(d.correctBy ?? '')}`;
    case 'extension_approved':
      return `答复期限延长 ${String(d.days)} 个工作日`;
    case 'fee_notice':
      return `信息处理费 ${String(d.amount)} 元`;
    case 'later_date_set':
      return `答复期限确定为 ${String(d.dueOn)}`;
    case 'reply':
      return typeof d.replyType === 'string' && Object.hasOwn(replyTypes, d.replyType) ? replyTypes[d.replyType as ReplyType].label : '';
    default:
      return '';
  }
}

/** All cases this account filed online, newest first. */
export async function casesOfApplicant(db: Queryable, accountId: number): Promise<ApplicantCaseSummary[]> {
  return (await store.casesOfAccount(db, accountId)).map(summary);
}

/** One of the account's own cases with its notices; undefined for anybody else's. */
export async function caseForApplicant(db: Queryable, accountId: number, id: number): Promise<ApplicantCase | undefined> {
  const c = await store.findCase(db, id);
  if (!c || c.applicant_account_id !== accountId) return undefined;
  const events = await store.listEvents(db, c.id);
  const may = (action: CaseAction) => findTransition(c.status, action)?.roles.includes('applicant') ?? false;
  return {
    ...summary(c),
    deliveryForm: c.delivery_form,
    events: events
      .filter((e) => shownKinds.includes(e.kind as CaseAction))
      .map((e) => ({ kind: e.kind as CaseAction, label: caseActions[e.kind as CaseAction], on: e.on_date, detail: detailOf(e) })),
    canCorrect: may('correction_received'),
    canConfirmPayment: may('fee_paid'),
    canWithdraw: may('withdraw'),
  };
}

type Account = { id: number; name: string; ip: string };

async function ownCase(ctx: CaseContext, account: Account, caseId: number) {
  const c = await store.findCase(ctx.database.db, caseId);
  return c && c.applicant_account_id === account.id ? applicantActor(account, account.ip, c.site_id) : undefined;
}

/** The applicant submits the 补正 online: received today; the reply period restarts. */
export async function submitCorrectionOnline(ctx: CaseContext, account: Account, caseId: number, input: { text: string }): Promise<Outcome<MoveResult>> {
  const actor = await ownCase(ctx, account, caseId);
  if (!actor) return invalid({ '': '该申请不存在' });
  const text = input.text.trim();
  if (text.length < 2 || text.length > 5000) return invalid({ text: '请填写补正内容（2–5000 字）' });
  return recordCorrection(ctx, caseId, actor, { on: ctx.today, text, note: '申请人在线提交补正材料' });
}

/** The applicant reports the fee paid (the office sees who recorded it in the history). */
export async function confirmPaymentOnline(ctx: CaseContext, account: Account, caseId: number, input: { note?: string } = {}): Promise<Outcome<MoveResult>> {
  const actor = await ownCase(ctx, account, caseId);
  if (!actor) return invalid({ '': '该申请不存在' });
  return confirmPayment(ctx, caseId, actor, { on: ctx.today, note: input.note ?? '申请人在线确认已缴费' });
}

export async function withdrawOnline(ctx: CaseContext, account: Account, caseId: number, input: { reason?: string } = {}): Promise<Outcome<MoveResult>> {
  const actor = await ownCase(ctx, account, caseId);
  if (!actor) return invalid({ '': '该申请不存在' });
  return withdrawCase(ctx, caseId, actor, { note: input.reason ?? '申请人在线撤回申请' });
}
