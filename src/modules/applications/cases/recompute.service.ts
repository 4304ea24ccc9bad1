import { appendAudit } from '../../../platform/audit/audit.service.js';
import type { WorkingCalendar } from '../../../platform/calendar/working-days.js';
import type { Database } from '../../../platform/db/database.js';
import type { CaseRules } from './case-rules.js';
import { clockEventKindNames, clockEventsOf } from './case-clock.js';
import { computeClock } from '../clock/compute.js';
import * as store from './cases.store.js';
import type { EventRow } from './cases.store.js';

type ClockEventRow = Pick<EventRow, 'application_id' | 'kind' | 'on_date' | 'data'>;
import { systemActor } from './context.js';
import { openStatuses } from './transitions.js';

export interface RecomputeReport {
  scanned: number;
  changed: number;
  ms: number;
}

/**
 * Recomputes the clock of every open case from its whole history and the given calendar, and
 * writes due_on / waiting_until where they changed: after a calendar change (and nightly, since
 * an open consultation's lower bound moves with `today`). Batches of `batchSize` cases: one
 * query for the cases, one for their events, one UPDATE for those that changed, each batch in
 * its own transaction (on PostgreSQL the batch's rows are locked, so a concurrent command on a
 * case waits instead of being overwritten). `changedUntil`: the latest changed calendar date, so
 * cases received after it (which the change cannot touch) are skipped.
 */
export async function recomputeOpenCases(
  database: Database,
  calendar: WorkingCalendar,
  rules: CaseRules,
  options: { today: string; batchSize?: number; reason?: string; signal?: AbortSignal; changedUntil?: string },
): Promise<RecomputeReport> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  let afterId = 0;
  let scanned = 0;
  let changed = 0;
  const changedBySite = new Map<number, { count: number; samples: string[] }>();
  // The clock is pure: cases with the same receipt date and the same clock events (most have
  // none) share one computation per run.
  const memo = new Map<string, { dueOn: string | null; waitingUntil: string | null }>();
  const clockFor = (receivedOn: string, rows: ClockEventRow[]) => {
    const events = clockEventsOf(rows);
    const key = `${receivedOn}|${JSON.stringify(events)}`;
    let result = memo.get(key);
    if (!result) {
      const state = computeClock({ receivedOn, events, rules: rules.clock, calendar, today: options.today });
      result = { dueOn: state.dueOn, waitingUntil: state.waitingUntil };
      memo.set(key, result);
    }
    return result;
  };
  for (;;) {
    if (options.signal?.aborted) throw new Error('重新计算答复期限被中止');
    const done = await database.db.transaction().execute(async (trx) => {
      const cases = await store.openCasesAfter(trx, openStatuses, afterId, batchSize, options.changedUntil);
      if (cases.length === 0) return true;
      // The batch's ids are ascending: read the clock events of its id range (events of cases
      // outside the batch, e.g. closed ones, are read and ignored).
      const events = await store.clockEventsInRange(trx, cases[0]!.id, cases.at(-1)!.id, clockEventKindNames);
      const byCase = new Map<number, ClockEventRow[]>();
      for (const e of events) {
        const list = byCase.get(e.application_id);
        if (list) list.push(e);
        else byCase.set(e.application_id, [e]);
      }
      const updates: { id: number; dueOn: string | null; waitingUntil: string | null }[] = [];
      for (const c of cases) {
        const clock = clockFor(c.received_on, byCase.get(c.id) ?? []);
        if (clock.dueOn !== c.due_on || clock.waitingUntil !== c.waiting_until) {
          updates.push({ id: c.id, dueOn: clock.dueOn, waitingUntil: clock.waitingUntil });
          const site = changedBySite.get(c.site_id) ?? { count: 0, samples: [] };
          site.count += 1;
          if (site.samples.length < 20) site.samples.push(`${c.number}：${c.due_on ?? '—'} → ${clock.dueOn ?? '—'}`);
          changedBySite.set(c.site_id, site);
        }
      }
      await store.updateClocks(trx, updates);
      scanned += cases.length;
      changed += updates.length;
      afterId = cases.at(-1)!.id;
      return cases.length < batchSize;
    });
    if (done) break;
  }
  if (changed > 0) {
    await database.db.transaction().execute(async (trx) => {
      for (const [siteId, { count, samples }] of changedBySite) {
        await appendAudit(trx, systemActor(siteId, '系统（重新计算答复期限）'), {
          action: 'application.recompute',
          targetType: 'application',
          targetId: '*',
          summary: `${options.reason ?? '重新计算答复期限'}：本站点 ${count} 件申请的答复期限发生变化，例如 ${samples.slice(0, 5).join('；')}`,
          detail: { count, samples },
        });
      }
    });
  }
  return { scanned, changed, ms: Math.round(performance.now() - started) };
}
