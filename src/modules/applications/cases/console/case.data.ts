import type { FastifyRequest } from 'fastify';
import type { Viewer } from '../../../accounts/accounts.service.js';
import { channels, replyTypes, type Channel, type ReplyType } from '../../applications.vocabulary.js';
import { fmtTime } from './form.js';
import { clockOf, parseData } from '../case-clock.js';
import { loadCaseRules, todayInShanghai } from '../case-rules.js';
import * as store from '../cases.store.js';
import type { CaseRow, EventRow } from '../cases.store.js';
import { actorHolds, staffActor } from '../context.js';
import { pendingExtension } from '../handling.service.js';
import { findingsOf, releasedFiles, releaseRoles } from '../released.service.js';
import { findTransition, openStatuses, type CaseAction } from '../transitions.js';
import type { ActionSlug, ConsoleContext } from './access.js';
import { applicantStats, similarApplications } from '../../abuse/index.js';

/** Everything the case page shows, and which action forms this viewer gets. */
export async function loadCasePage(ctx: ConsoleContext, request: FastifyRequest, viewer: Viewer, c: CaseRow) {
  const db = ctx.services.database.db;
  const [events, calendar, rules, departments] = await Promise.all([
    store.listEvents(db, c.id),
    ctx.services.calendar.loadCalendar(),
    loadCaseRules(db),
    store.departmentsOf(db, c.site_id),
  ]);
  const today = todayInShanghai();
  const clock = clockOf(c.received_on, events, rules.clock, calendar, today);
  // 第三十五条 and 重复申请: the handler sees how many this applicant filed this month and any near-identical earlier requests.
  const applicant = { accountId: c.applicant_account_id, name: c.applicant_name };
  const month = new Date(Date.parse(c.submitted_at) + 8 * 3_600_000).toISOString().slice(0, 7);
  const [monthStats, similar, releasedRows] = await Promise.all([
    applicantStats(db, c.site_id, applicant, month),
    similarApplications(db, c.site_id, applicant, c.description, { excludeId: c.id, limit: 5 }),
    releasedFiles(db, c.id),
  ]);
  const people = [...new Set(releasedRows.flatMap((f) => [f.created_by, f.reviewed_by]).filter((id): id is number => id !== null))];
  const names = new Map((people.length ? await db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', people).execute() : []).map((a) => [a.id, a.name]));
  const released = releasedRows.map((f) => ({ ...f, findings: findingsOf(f), uploadedBy: f.created_by === null ? '' : (names.get(f.created_by) ?? ''), reviewedBy: f.reviewed_by === null ? '' : (names.get(f.reviewed_by) ?? '') }));
  const actor = staffActor(viewer, request.auditActor(), request.site.id);
  const can = (action: CaseAction) => {
    const t = findTransition(c.status, action);
    return t !== undefined && actorHolds(actor, t.roles, c);
  };
  const pending = pendingExtension(events);
  const forms: ActionSlug[] = [];
  const offer = (slug: ActionSlug, when: boolean) => {
    if (when) forms.push(slug);
  };
  offer('assign', can('assign'));
  offer('correction', can('correction_requested') && clock.correctionRequestedOn === null);
  offer('correction-received', can('correction_received'));
  offer('consultation', can('consultation_started') && clock.consultation === null);
  offer('consultation-end', can('consultation_ended'));
  offer('extension', can('extension_requested') && pending === null && clock.extendedDays < rules.clock.extensionMaxDays);
  offer('extension-decision', can('extension_approved') && pending !== null);
  offer('fee', can('fee_notice'));
  offer('fee-paid', can('fee_paid'));
  offer('later-date', can('later_date_set'));
  offer('reply', can('reply'));
  offer('close', can('close') && (c.status === 'replied' || clock.lapsed !== null));
  offer('withdraw', can('withdraw'));
  return {
    c,
    events,
    clock,
    rules,
    today,
    departments: departments.filter((d) => d.active === 1),
    department: departments.find((d) => d.id === c.department_id),
    pending,
    reminders: events.filter((e) => e.kind === 'reminder_sent'),
    monthStats,
    similar,
    forms,
    /** 随答复提供的公开信息, with their scan results (masked) and reviews. */
    released,
    /** Whether this viewer may upload, replace, confirm or remove them now (open case, reply roles). */
    mayRelease: (openStatuses as readonly string[]).includes(c.status) && actorHolds(actor, releaseRoles, c),
  };
}

export type CasePageData = Awaited<ReturnType<typeof loadCasePage>>;

const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

/** The particulars of a history row, in Chinese. */
export function describeEvent(e: EventRow): string {
  const d = parseData(e.data);
  switch (e.kind) {
    case 'received':
      return `${channels[d.channel as Channel] ?? ''}，提交${submittedText(String(d.channel), String(d.submittedAt ?? ''))}${d.confirmedOn ? `，确认日期 ${String(d.confirmedOn)}` : ''}`;
    case 'assign':
      return `承办处室：${String(d.departmentName ?? '')}`;
    case 'correction_requested':
      return `补正事项：${list(d.items).map((item, i) => `${i + 1}. ${item}`).join('；')}；补正期限至 ${String(d.correctBy ?? '')}（${String(d.periodDays ?? '')} 个工作日）`;
    case 'correction_received':
      return d.by === 'applicant' ? `申请人在线提交：${String(d.text ?? '').slice(0, 200)}` : '';
    case 'consultation_started':
      return `征求意见对象：${String(d.party ?? '')}`;
    case 'extension_requested':
      return `申请延期 ${String(d.days)} 个工作日`;
    case 'extension_approved':
      return `批准延期 ${String(d.days)} 个工作日`;
    case 'fee_notice':
      return `信息处理费 ${String(d.amount)} 元（${d.method === 'pages' ? `按量计收，${String(d.pages)} 页` : `按件计收，本月第 ${String(d.nthApplicationThisMonth)} 件`}）`;
    case 'later_date_set':
      return `合理答复期限：${String(d.dueOn ?? '')}`;
    case 'reply':
      return typeof d.replyType === 'string' && Object.hasOwn(replyTypes, d.replyType) ? `答复类型：${replyTypes[d.replyType as ReplyType].label}` : '';
    case 'reminder_sent':
      return `${d.point === 'overdue' ? '逾期提醒' : `到期前 ${String(d.point)} 个工作日提醒`}（答复期限 ${String(d.dueOn)}），邮件 ${String(d.recipients ?? 0)} 人`;
    default:
      return '';
  }
}

/** Online: the moment submitted; by staff intake only the day is known. */
export const submittedText = (channel: string, submittedAt: string) => (channel === 'online' ? `时间 ${fmtTime(submittedAt)}` : `日期 ${submittedAt.slice(0, 10)}`);
