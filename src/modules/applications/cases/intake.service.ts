import { appendAudit } from '../../../platform/audit/audit.service.js';
import { addDays, CalendarInputError } from '../../../platform/calendar/plain-date.js';
import { nowIso } from '../../../platform/db/database.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import { applicantColumns, channels, orgTypeColumn, type ApplicantColumn, type Channel } from '../applications.vocabulary.js';
import { receiptDate, shanghaiDate } from '../clock/receipt.js';
import { clockColumns, clockOf } from './case-clock.js';
import { formatCaseNumber } from './case-rules.js';
import * as store from './cases.store.js';
import { actorHolds, type CaseActor, type CaseContext } from './context.js';
import { encryptIdNumber, maskIdNumber } from './identity.js';
import { idNumberProblem, onlineIntakeSchema, staffIntakeSchema, type OnlineIntakeInput, type StaffIntakeInput } from './intake.schemas.js';
import { noticeToApplicant } from './notify.js';

export interface NewCaseResult {
  id: number;
  number: string;
  receivedOn: string;
  dueOn: string | null;
}

interface Applicant {
  accountId: number | null;
  column: ApplicantColumn;
  name: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

interface Receipt {
  channel: Channel;
  submittedAt: string;
  signedOn?: string;
  confirmedOn?: string;
}

/**
 * Records a new case: the legal date of receipt (Art. 31), the site's next number for that
 * year, the case row, its first event (收到申请), the audit record and the acknowledgement to
 * the applicant (space message, e-mail), all in one transaction.
 */
async function createCase(ctx: CaseContext, actor: CaseActor, applicant: Applicant, request: { description: string; deliveryForm: string }, receipt: Receipt): Promise<Outcome<NewCaseResult>> {
  let receivedOn: string;
  try {
    receivedOn = receiptDate({ ...receipt, rules: ctx.rules.clock, calendar: ctx.calendar });
  } catch (error) {
    if (error instanceof CalendarInputError) return invalid({ [receipt.channel === 'online' ? '' : 'confirmedOn']: error.message });
    throw error;
  }
  const clock = clockOf(receivedOn, [], ctx.rules.clock, ctx.calendar, ctx.today);
  const idEnc = applicant.idNumber ? encryptIdNumber(ctx.secret, applicant.idNumber) : null;
  const value = await ctx.database.db.transaction().execute(async (trx) => {
    const year = Number(receivedOn.slice(0, 4));
    const number = formatCaseNumber(ctx.rules, year, await store.nextSequence(trx, actor.siteId, year));
    const at = nowIso();
    const id = await store.insertCase(trx, {
      site_id: actor.siteId,
      number,
      channel: receipt.channel,
      applicant_account_id: applicant.accountId,
      applicant_column: applicant.column,
      applicant_name: applicant.name,
      applicant_id_enc: idEnc,
      applicant_id_masked: applicant.idNumber ? maskIdNumber(applicant.idNumber) : null,
      contact_phone: applicant.phone,
      contact_email: applicant.email,
      contact_address: applicant.address,
      description: request.description,
      delivery_form: request.deliveryForm,
      submitted_at: receipt.submittedAt,
      received_on: receivedOn,
      status: 'received',
      department_id: null,
      handler_id: null,
      ...clockColumns(clock),
      reply_type: null,
      replied_on: null,
      closed_on: null,
      excessive: 0,
      created_at: at,
      updated_at: at,
    });
    const data = { channel: receipt.channel, submittedAt: receipt.submittedAt, ...(receipt.confirmedOn ? { confirmedOn: receipt.confirmedOn } : {}), to: 'received' };
    const eventId = await store.insertEvent(trx, { caseId: id, kind: 'received', on: receivedOn, data, actorId: actor.id, actorName: actor.label, note: '' });
    await appendAudit(trx, actor, {
      action: 'application.received',
      targetType: 'application',
      targetId: id,
      summary: `${number}：收到${applicantColumns[applicant.column]}“${applicant.name}”的政府信息公开申请（${channels[receipt.channel]}），收到日期 ${receivedOn}，答复期限 ${clock.dueOn ?? '—'}`,
      detail: { channel: receipt.channel, receivedOn, dueOn: clock.dueOn },
    });
    const row = await store.findCase(trx, id);
    if (row) {
      await noticeToApplicant(trx, ctx.jobs, row, {
        key: `event-${eventId}`,
        title: `政府信息公开申请已收到（${number}）`,
        body: `您于 ${shanghaiDate(receipt.submittedAt)} 提交的政府信息公开申请已收到，收到申请的日期为 ${receivedOn}，申请编号 ${number}。我们将在 ${clock.dueOn ?? '—'} 前（${ctx.rules.clock.replyDays} 个工作日内）作出答复；如需补正、征求第三方意见、延期答复或收取信息处理费，将另行书面告知。`,
      });
    }
    return { id, number, receivedOn, dueOn: clock.dueOn };
  });
  return ok(value);
}

/** 信函、当面、传真、口头: 公开办 types the application in. */
export async function registerByStaff(ctx: CaseContext, actor: CaseActor, input: StaffIntakeInput | Record<string, string | undefined>): Promise<Outcome<NewCaseResult>> {
  if (!actor.roles.includes('disclosure_office') || actor.kind !== 'staff') return invalid({ '': '只有公开办可以登记申请' });
  const parsed = staffIntakeSchema.safeParse(input);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const v = parsed.data;
  if (v.submittedOn > ctx.today) return invalid({ submittedOn: `提交日期不能晚于今天（${ctx.today}）` });
  if (v.submittedOn < addDays(ctx.today, -366 * 3)) return invalid({ submittedOn: '提交日期过早：只能登记三年内收到的申请' });
  if (v.confirmedOn && v.confirmedOn > ctx.today) return invalid({ confirmedOn: `签收或确认日期不能晚于今天（${ctx.today}）` });
  const receipt: Receipt = { channel: v.channel, submittedAt: `${v.submittedOn}T12:00:00+08:00` };
  if (v.channel === 'letter' && v.confirmedOn) receipt.signedOn = v.confirmedOn;
  if (v.channel === 'fax' && v.confirmedOn) receipt.confirmedOn = v.confirmedOn;
  return createCase(
    ctx,
    actor,
    { accountId: null, column: v.applicantColumn, name: v.applicantName, idNumber: v.idNumber, phone: v.contactPhone, email: v.contactEmail, address: v.contactAddress },
    v,
    receipt,
  );
}

/**
 * Online, by a signed-in public account (the applicant's space calls this). The applicant's
 * name and table-3 column come from the account: 自然人 → person; an organisation → its type.
 * `submittedAt` (ISO instant) defaults to now.
 */
export async function submitOnline(ctx: CaseContext, siteId: number, account: { id: number; ip: string }, input: OnlineIntakeInput & { submittedAt?: string }): Promise<Outcome<NewCaseResult>> {
  const found = await store.findApplicantAccount(ctx.database.db, account.id);
  if (!found || found.status !== 'active' || (found.kind !== 'person' && found.kind !== 'organization')) return invalid({ '': '请使用个人或法人账号在线申请' });
  const parsed = onlineIntakeSchema.safeParse({ ...input, contactEmail: input.contactEmail ?? found.email ?? undefined, contactPhone: input.contactPhone ?? found.mobile ?? undefined });
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const v = parsed.data;
  const column: ApplicantColumn = found.kind === 'person' ? 'person' : (orgTypeColumn[found.org_type ?? ''] ?? 'other_org');
  const idNumber = v.idNumber ?? (found.kind === 'organization' ? found.credit_code : null);
  if (!idNumber) return invalid({ idNumber: found.kind === 'person' ? '请填写身份证件号码' : '请填写统一社会信用代码' });
  const problem = idNumberProblem(column, idNumber);
  if (problem) return invalid({ idNumber: problem });
  const actor: CaseActor = { id: found.id, label: found.name, ip: account.ip, siteId, kind: 'applicant', roles: ['applicant'], departmentIds: [] };
  const submittedAt = input.submittedAt ?? nowIso();
  return createCase(ctx, actor, { accountId: found.id, column, name: found.name, idNumber, phone: v.contactPhone, email: v.contactEmail, address: v.contactAddress }, v, { channel: 'online', submittedAt });
}

/** Whether this actor may register applications by hand (the console checks before showing the form). */
export const mayRegister = (actor: CaseActor) => actorHolds(actor, ['disclosure_office'], { site_id: actor.siteId, department_id: null, applicant_account_id: null });
