import { appendAudit } from '../../../platform/audit/audit.service.js';
import { addWorkingDays, countWorkingDays } from '../../../platform/calendar/working-days.js';
import { parseData } from './case-clock.js';
import * as store from './cases.store.js';
import type { CaseRow } from './cases.store.js';
import { systemActor, type CaseContext } from './context.js';
import { mailStaff } from './notify.js';
import { closeCase } from './outcome.service.js';

/** The statuses in which the reply clock runs (a stopped clock has no due date). */
export const runningStatuses = ['received', 'assigned', 'consulting'];

export type ReminderPoint = number | 'overdue';

/** Which reminder a case due on `dueOn` is at today: the nearest configured point reached, or 'overdue'. */
export function reminderPoint(ctx: Pick<CaseContext, 'calendar' | 'today' | 'rules'>, dueOn: string): ReminderPoint | null {
  if (dueOn < ctx.today) return 'overdue';
  const remaining = countWorkingDays(ctx.today, dueOn, ctx.calendar);
  const reached = ctx.rules.reminderDays.filter((p) => remaining <= p);
  return reached.length ? Math.min(...reached) : null;
}

const reminderKey = (point: ReminderPoint, dueOn: string) => `${point}|${dueOn}`;

function reminderText(c: CaseRow, point: ReminderPoint): { subject: string; line: string } {
  if (point === 'overdue') return { subject: `【已逾期】政府信息公开申请 ${c.number}`, line: `已超过答复期限（${c.due_on}），请立即办理并答复。` };
  const when = point === 0 ? '今天是答复期限' : `距答复期限（${c.due_on}）还有不超过 ${point} 个工作日`;
  return { subject: `【到期提醒】政府信息公开申请 ${c.number}`, line: `${when}，请按时答复。` };
}

/**
 * The daily reminders: for each running case at a configured point (working days before its due
 * date, e.g. 5 and 1) or overdue, once per point and due date: an e-mail to the handling
 * department's handlers (公开办 while unassigned), a reminder_sent event the console shows, and
 * an audit record. Returns how many reminders were recorded.
 */
export async function sendReminders(ctx: CaseContext): Promise<number> {
  const points = ctx.rules.reminderDays;
  if (points.length === 0) return 0;
  const until = addWorkingDays(ctx.today, Math.max(...points), ctx.calendar).due;
  let afterId = 0;
  let recorded = 0;
  for (;;) {
    const batch = await store.dueBy(ctx.database.db, runningStatuses, until, afterId, 500);
    if (batch.length === 0) break;
    afterId = batch.at(-1)!.id;
    const sent = new Set((await store.remindersOf(ctx.database.db, batch.map((c) => c.id))).map((r) => {
      const d = parseData(r.data);
      return `${r.application_id}:${reminderKey(d.point as ReminderPoint, String(d.dueOn))}`;
    }));
    for (const candidate of batch) {
      const point = reminderPoint(ctx, candidate.due_on!);
      if (point === null || sent.has(`${candidate.id}:${reminderKey(point, candidate.due_on!)}`)) continue;
      if (await remindOne(ctx, candidate.id, point)) recorded += 1;
    }
    if (batch.length < 500) break;
  }
  return recorded;
}

async function remindOne(ctx: CaseContext, caseId: number, point: ReminderPoint): Promise<boolean> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const c = await store.lockCase(trx, caseId);
    if (!c || !c.due_on || !runningStatuses.includes(c.status) || reminderPoint(ctx, c.due_on) !== point) return false;
    const already = (await store.remindersOf(trx, [c.id])).some((r) => {
      const d = parseData(r.data);
      return d.point === point && d.dueOn === c.due_on;
    });
    if (already) return false;
    const staff = await store.staffToNotify(trx, c.site_id, { departmentId: c.department_id });
    const actor = systemActor(c.site_id, '系统（到期提醒）');
    const text = reminderText(c, point);
    const eventId = await store.insertEvent(trx, { caseId: c.id, kind: 'reminder_sent', on: ctx.today, data: { point, dueOn: c.due_on, recipients: staff.filter((s) => s.email).length }, actorId: null, actorName: actor.label, note: text.line });
    const mailed = await mailStaff(trx, ctx.jobs, staff, {
      key: `event-${eventId}`,
      subject: text.subject,
      text: `${c.number}（收到日期 ${c.received_on}）${text.line}\n申请内容：${c.description.slice(0, 200)}\n请登录管理后台办理：/console/applications/${c.id}`,
    });
    await appendAudit(trx, actor, {
      action: 'application.reminder',
      targetType: 'application',
      targetId: c.id,
      summary: `${c.number}：${text.line}已发邮件提醒 ${mailed} 人${mailed < staff.length ? `（${staff.length - mailed} 人未登记电子邮箱）` : ''}`,
      detail: { point, dueOn: c.due_on, staff: staff.map((s) => s.id) },
    });
    return true;
  });
}

/**
 * The daily closing of lapsed cases: no 补正 by the deadline → 其他处理 1; fee not paid → 其他处理 2.
 * Each case is closed by the ordinary close command (the clock decides whether it lapsed).
 */
export async function closeLapsedCases(ctx: CaseContext): Promise<{ closed: number; refused: number }> {
  let afterId = 0;
  let closed = 0;
  let refused = 0;
  for (;;) {
    const batch = await store.waitingPastDue(ctx.database.db, ['awaiting_correction', 'awaiting_fee'], ctx.today, afterId, 200);
    if (batch.length === 0) break;
    afterId = batch.at(-1)!.id;
    for (const c of batch) {
      const outcome = await closeCase(ctx, c.id, systemActor(c.site_id, '系统（逾期自动办结）'), { note: '申请人逾期未补正或未缴费，自动办结' });
      if (outcome.ok) closed += 1;
      else refused += 1;
    }
  }
  return { closed, refused };
}
