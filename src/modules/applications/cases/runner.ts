import { appendAudit } from '../../../platform/audit/audit.service.js';
import { isPlainDate } from '../../../platform/calendar/plain-date.js';
import type { Queryable } from '../../../platform/db/database.js';
import { invalid, ok, type FieldErrors, type Outcome } from '../../../platform/outcome.js';
import { caseStatuses, type CaseStatus } from '../applications.vocabulary.js';
import type { ClockEvent, ClockState } from '../clock/clock.types.js';
import { validateEvent } from '../clock/validate.js';
import { clockColumns, clockOf, toClockEvent } from './case-clock.js';
import * as store from './cases.store.js';
import type { CaseRow, EventRow, NewCase } from './cases.store.js';
import { actorHolds, type CaseActor, type CaseContext } from './context.js';
import { caseActions, findTransition, illegalMoveMessage, targetStatus, type CaseAction } from './transitions.js';

/** What a command adds to the generic move: its particulars, checks and side effects. */
export interface Move {
  action: CaseAction;
  /** The legal date of the event (YYYY-MM-DD). */
  on: string;
  /** Particulars kept on the event row (and turned into a clock event for the clock's kinds). */
  data?: Record<string, unknown>;
  /** Why: shown in the history and the audit record. */
  note?: string;
  /** The form field that carries `on` (for error messages). */
  onField?: string;
  /** Further checks with the case as locked, its history and its clock (and the transaction, to read more): field errors refuse the move. */
  check?: (c: CaseRow, clock: ClockState, events: EventRow[], trx: Queryable) => FieldErrors | null | Promise<FieldErrors | null>;
  /** Columns the move sets besides status and clock. */
  changes?: (c: CaseRow, clock: ClockState) => Partial<NewCase>;
  /** Extra words for the audit summary. */
  summary?: string;
  /** Runs last in the transaction (notices, the reply letter). */
  after?: (trx: Queryable, result: MoveResult) => Promise<void>;
}

export interface MoveResult {
  case: CaseRow;
  clock: ClockState;
  eventId: number;
  from: CaseStatus;
}

const refuse = (message: string) => invalid<MoveResult>({ '': message });

/**
 * Moves a case along the transition table: checks the move is in the table for the current
 * status, that the actor holds one of its roles for this case, the dates and the clock's own
 * rules; then writes the event (kind = action), the recomputed clock, the status and an audit
 * record in one transaction. Every refusal is a Chinese message; nothing is written then.
 */
export async function runMove(ctx: CaseContext, caseId: number, actor: CaseActor, move: Move): Promise<Outcome<MoveResult>> {
  const onField = move.onField ?? 'on';
  if (!isPlainDate(move.on)) return invalid({ [onField]: '请填写正确的日期（如 2026-03-02）' });
  if (move.on > ctx.today) return invalid({ [onField]: `日期不能晚于今天（${ctx.today}）` });
  return ctx.database.db.transaction().execute(async (trx) => {
    const c = await store.lockCase(trx, caseId);
    if (!c || c.site_id !== actor.siteId) return refuse('该申请不存在');
    const transition = findTransition(c.status, move.action);
    if (!transition) return refuse(illegalMoveMessage(c.status, move.action));
    if (!actorHolds(actor, transition.roles, c)) {
      return refuse(`您无权对本申请“${caseActions[move.action]}”${transition.roles.includes('handler') ? '（承办处室只能办理分办给本处室的申请）' : ''}`);
    }
    if (move.on < c.received_on) return invalid({ [onField]: `日期不能早于收到申请的日期（${c.received_on}）` });
    const events = await store.listEvents(trx, c.id);
    const before = clockOf(c.received_on, events, ctx.rules.clock, ctx.calendar, ctx.today);
    const data = move.data ?? {};
    const clockEvent: ClockEvent | undefined = toClockEvent(move.action, move.on, data);
    if (clockEvent) {
      const reason = validateEvent(before, clockEvent, ctx.rules.clock);
      if (reason) return refuse(reason);
    }
    const problems = await move.check?.(c, before, events, trx);
    if (problems && Object.keys(problems).length) return invalid<MoveResult>(problems);

    const from = c.status as CaseStatus;
    const to = targetStatus(transition, c.department_id !== null);
    const note = (move.note ?? '').trim();
    const eventId = await store.insertEvent(trx, { caseId: c.id, kind: move.action, on: move.on, data: { ...data, from, to }, actorId: actor.id, actorName: actor.label, note });
    const after = clockOf(c.received_on, [...events, { kind: move.action, on_date: move.on, data: JSON.stringify(data) }], ctx.rules.clock, ctx.calendar, ctx.today);
    const changes = { ...move.changes?.(c, after), status: to, ...clockColumns(after) };
    await store.updateCase(trx, c.id, changes);
    const moved = from === to ? '' : `，状态由“${caseStatuses[from]}”变为“${caseStatuses[to]}”`;
    await appendAudit(trx, actor, {
      action: `application.${move.action}`,
      targetType: 'application',
      targetId: c.id,
      summary: `${c.number}：${caseActions[move.action]}${move.summary ? `，${move.summary}` : ''}（${move.on}）${moved}${note ? `；理由：${note}` : ''}`,
      detail: { from, to, on: move.on, data, dueOn: after.dueOn, waitingUntil: after.waitingUntil },
    });
    const updated: CaseRow = { ...c, ...changes };
    const result: MoveResult = { case: updated, clock: after, eventId, from };
    await move.after?.(trx, result);
    await ctx.hooks.moved?.(trx, { action: move.action, case: updated, eventId, from, actor });
    return ok(result);
  });
}
