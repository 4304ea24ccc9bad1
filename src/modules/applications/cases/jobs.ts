import type { Services } from '../../../app/services.js';
import { loadCalendar } from '../../../platform/calendar/calendar.service.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';
import type { MailMessage } from '../../../platform/mail/mailer.js';
import { loadCaseRules, todayInShanghai } from './case-rules.js';
import { caseContext, type CaseHooks } from './context.js';
import { closeLapsedCases, sendReminders } from './deadlines.service.js';
import { MAIL_JOB } from './notify.js';
import { recomputeOpenCases } from './recompute.service.js';

export const REMIND_JOB = 'applications.remind';
export const CLOSE_LAPSED_JOB = 'applications.close-lapsed';
export const RECOMPUTE_JOB = 'applications.recompute';

/** Jobs may carry `today` (YYYY-MM-DD) to run as of another day: tests, or a catch-up by hand. */
const todayOf = (payload: unknown) => {
  const today = (payload as { today?: unknown } | null)?.today;
  return typeof today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(today) ? today : todayInShanghai();
};

/**
 * The applications' background work: e-mails (enqueued by the commands in their transaction),
 * daily reminders, the daily closing of lapsed cases, and recomputing open cases' due dates
 * (after a calendar change, and nightly). Define them in every process that runs or enqueues them;
 * pass the same hooks as to the console so that closings by the jobs reach them too.
 */
export function defineApplicationJobs(services: Services, options: { hooks?: CaseHooks } = {}): void {
  services.jobs.define<MailMessage>(MAIL_JOB, async (message) => {
    await services.mailer.send({ to: message.to, subject: message.subject, text: message.text });
  }, { maxAttempts: 8, backoffMs: 30_000 });

  services.jobs.define(REMIND_JOB, async (payload) => {
    const ctx = await caseContext(services, { today: todayOf(payload), hooks: options.hooks });
    const sent = await sendReminders(ctx);
    services.logger.info({ sent }, '依申请公开到期提醒');
  }, { timeoutMs: 30 * 60_000 });

  services.jobs.define(CLOSE_LAPSED_JOB, async (payload) => {
    const ctx = await caseContext(services, { today: todayOf(payload), hooks: options.hooks });
    const result = await closeLapsedCases(ctx);
    services.logger.info(result, '依申请公开逾期自动办结');
  }, { timeoutMs: 30 * 60_000 });

  services.jobs.define<{ reason?: string; today?: string; changedUntil?: string }>(RECOMPUTE_JOB, async (payload, job) => {
    // Straight from the database, not the per-process cache: the change may come from another process.
    const [calendar, rules] = await Promise.all([loadCalendar(services.database), loadCaseRules(services.database.db)]);
    const report = await recomputeOpenCases(services.database, calendar, rules, {
      today: todayOf(payload),
      reason: payload?.reason,
      changedUntil: typeof payload?.changedUntil === 'string' ? payload.changedUntil : undefined,
      signal: job.signal,
    });
    services.logger.info(report, '依申请公开答复期限重新计算');
  }, { timeoutMs: 60 * 60_000 });
}

export const applicationSchedules: Schedule[] = [
  { name: 'applications-recompute', job: RECOMPUTE_JOB, dailyAt: '00:20', payload: { reason: '每日重新计算答复期限' } },
  { name: 'applications-close-lapsed', job: CLOSE_LAPSED_JOB, dailyAt: '00:40' },
  { name: 'applications-remind', job: REMIND_JOB, dailyAt: '08:00' },
];

const subscribed = new WeakSet<object>();

/**
 * When the working calendar changes in a way that moves deadlines (a day of a published year,
 * or a year published), every open case's due date is recomputed by the recompute job. Call
 * once the final services.calendar exists; a second call for the same calendar does nothing.
 * Returns the unsubscribe function.
 */
export function subscribeToCalendar(services: Services): () => void {
  const calendar = services.calendar;
  if (subscribed.has(calendar)) return () => {};
  subscribed.add(calendar);
  const unsubscribe = calendar.subscribe(async (change) => {
    if (!change.affectsDeadlines) return;
    const dates = change.dates.slice(0, 5).join('、');
    const reason = `工作日历变更（${change.year}年${dates ? `：${dates}${change.dates.length > 5 ? '等' : ''}` : ''}）`;
    // A published year changes coverage for all of it; a day changes only itself.
    const changedUntil = change.action === 'year-published' ? `${change.year}-12-31` : [...change.dates].sort().at(-1);
    await services.jobs.enqueue(RECOMPUTE_JOB, { reason, changedUntil });
  });
  return () => {
    subscribed.delete(calendar);
    unsubscribe();
  };
}
