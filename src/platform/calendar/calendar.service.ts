import { nowIso, type Database, type Queryable } from '../db/database.js';
import {
  addYearInputSchema,
  publishYearInputSchema,
  removeDayInputSchema,
  setDayInputSchema,
  toInputIssues,
  type AddYearInput,
  type InputIssue,
  type PublishYearInput,
  type RemoveDayInput,
  type SetDayInput,
} from './calendar.schemas.js';
import * as store from './calendar.store.js';
import { buildChineseDaysSeed, chineseDaysVersion, type ChineseDaysSeed } from './chinese-days-seed.js';
import { yearOf } from './plain-date.js';
import { createWorkingCalendar, type WorkingCalendar } from './working-days.js';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  summary: string;
  detail?: Record<string, unknown>;
}

/** Records an audit entry inside the command's transaction (injected by the audit module). */
export type AuditHook = (trx: Queryable, entry: AuditEntry) => Promise<void>;

export interface CalendarChange {
  action: 'day-set' | 'day-removed' | 'year-added' | 'year-published';
  year: number;
  dates: string[];
  /** Whether effective working days changed (the year is published), so open deadlines need recomputing. */
  affectsDeadlines: boolean;
}

export type CalendarChangeListener = (change: CalendarChange) => void | Promise<void>;

export type CalendarCommandOutcome = { ok: true; change: CalendarChange } | { ok: false; issues: InputIssue[] };

export interface CommandContext {
  /** Overrides the service's audit hook for this call, e.g. one bound to the acting user. */
  audit?: AuditHook;
}

export interface CalendarServiceOptions {
  audit?: AuditHook;
  listeners?: CalendarChangeListener[];
  /**
   * Another process (a worker, a second server) may edit the calendar without being able to
   * invalidate this process's cache, so the cache also expires after this long.
   */
  cacheTtlMs?: number;
  clock?: () => number;
}

/** Thrown after a committed change when listeners failed; the calendar change itself stands. */
export class CalendarListenerError extends AggregateError {
  constructor(
    errors: unknown[],
    readonly change: CalendarChange,
  ) {
    super(errors, `日历已更新，但有 ${errors.length} 个变更通知处理失败（${change.action} ${change.year}年）`);
    this.name = 'CalendarListenerError';
  }
}

const KIND_LABEL = { holiday: '放假', workday: '调休上班' } as const;
const noAudit: AuditHook = async () => {};

/** The calendar in effect: days of published years, with published years counted as covered. */
export async function loadCalendar(database: Database): Promise<WorkingCalendar> {
  const [days, years] = await Promise.all([store.listPublishedDays(database.db), store.listPublishedYears(database.db)]);
  return createWorkingCalendar({ days, coveredYears: years });
}

/** On a fresh installation, imports every year `chinese-days` carries as published. */
export async function seedCalendarIfEmpty(
  database: Database,
  seed: ChineseDaysSeed = buildChineseDaysSeed(),
): Promise<{ seeded: boolean; years: number[]; days: number }> {
  return database.db.transaction().execute(async (trx) => {
    if ((await store.countYears(trx)) > 0) return { seeded: false, years: [], days: 0 };
    const at = nowIso();
    const note = `由 chinese-days ${chineseDaysVersion()} 导入`;
    const years: number[] = [];
    for (const year of seed.years) {
      const row = { year, status: 'published', source: 'chinese-days', note, published_at: at, updated_at: at } as const;
      // A concurrent seeder may have inserted the year first: it is then skipped, not duplicated.
      if (await store.insertYear(trx, row)) years.push(year);
    }
    const inserted = new Set(years);
    const rows = seed.days
      .filter((day) => inserted.has(yearOf(day.date)))
      .map((day) => ({ ...day, year: yearOf(day.date), source: 'chinese-days' as const, updated_at: at }));
    const days = await store.insertDays(trx, rows);
    return { seeded: years.length > 0, years, days };
  });
}

const invalid = (issues: InputIssue[]): CalendarCommandOutcome => ({ ok: false, issues });

/** Cached calendar plus the administrator's commands; one instance per process. */
export class CalendarService {
  private cached: { loadedAt: number; calendar: Promise<WorkingCalendar> } | undefined;
  private readonly listeners = new Set<CalendarChangeListener>();
  private readonly cacheTtlMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly database: Database,
    private readonly options: CalendarServiceOptions = {},
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
    for (const listener of options.listeners ?? []) this.listeners.add(listener);
  }

  loadCalendar(): Promise<WorkingCalendar> {
    const now = this.clock();
    if (!this.cached || now - this.cached.loadedAt >= this.cacheTtlMs) {
      const calendar = loadCalendar(this.database);
      this.cached = { loadedAt: now, calendar };
      calendar.catch(() => {
        if (this.cached?.calendar === calendar) this.cached = undefined;
      });
    }
    return this.cached.calendar;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /** Called after every committed change; returns the unsubscribe function. */
  subscribe(listener: CalendarChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listYears(): Promise<store.CalendarYearRow[]> {
    return store.listYears(this.database.db);
  }

  listDays(year: number): Promise<store.CalendarDayRow[]> {
    return store.listDays(this.database.db, { year });
  }

  /** Sets a date's arrangement (holiday or adjusted working day); its year must exist. */
  async setDay(input: SetDayInput, context: CommandContext = {}): Promise<CalendarCommandOutcome> {
    const parsed = setDayInputSchema.safeParse(input);
    if (!parsed.success) return invalid(toInputIssues(parsed.error));
    const day = parsed.data;
    const year = yearOf(day.date);
    return this.run(context, async (trx, audit) => {
      const yearRow = await store.findYear(trx, year);
      if (!yearRow) return invalid([{ path: 'date', message: `${year}年的日历尚未建立，请先添加该年份` }]);
      const before = await store.findDay(trx, day.date);
      const at = nowIso();
      await store.upsertDay(trx, { ...day, year, source: 'manual', updated_at: at });
      await store.touchYear(trx, year, at);
      await audit(trx, {
        action: 'calendar.day.set',
        targetType: 'calendar_day',
        targetId: day.date,
        summary: `将 ${day.date} 设为${KIND_LABEL[day.kind]}（${day.name}）`,
        detail: { before: before ? { kind: before.kind, name: before.name, source: before.source } : null, after: { kind: day.kind, name: day.name } },
      });
      return { ok: true, change: { action: 'day-set', year, dates: [day.date], affectsDeadlines: yearRow.status === 'published' } };
    });
  }

  /** Removes a date's arrangement, so the date follows the plain weekday rule again. */
  async removeDay(input: RemoveDayInput, context: CommandContext = {}): Promise<CalendarCommandOutcome> {
    const parsed = removeDayInputSchema.safeParse(input);
    if (!parsed.success) return invalid(toInputIssues(parsed.error));
    const { date } = parsed.data;
    const year = yearOf(date);
    return this.run(context, async (trx, audit) => {
      const before = await store.findDay(trx, date);
      if (!before) return invalid([{ path: 'date', message: `${date} 没有放假或调休安排，无需删除` }]);
      await store.deleteDay(trx, date);
      await store.touchYear(trx, year, nowIso());
      await audit(trx, {
        action: 'calendar.day.remove',
        targetType: 'calendar_day',
        targetId: date,
        summary: `删除 ${date} 的${KIND_LABEL[before.kind]}安排（${before.name}）`,
        detail: { before: { kind: before.kind, name: before.name, source: before.source } },
      });
      const yearRow = await store.findYear(trx, year);
      return { ok: true, change: { action: 'day-removed', year, dates: [date], affectsDeadlines: yearRow?.status === 'published' } };
    });
  }

  /** Adds a year as a draft, with its days; it takes effect only once published. */
  async addYear(input: AddYearInput, context: CommandContext = {}): Promise<CalendarCommandOutcome> {
    const parsed = addYearInputSchema.safeParse(input);
    if (!parsed.success) return invalid(toInputIssues(parsed.error));
    const { year, note, days } = parsed.data;
    return this.run(context, async (trx, audit) => {
      const at = nowIso();
      const created = await store.insertYear(trx, { year, status: 'draft', source: 'manual', note, published_at: null, updated_at: at });
      if (!created) return invalid([{ path: 'year', message: `${year}年的日历已存在` }]);
      await store.insertDays(trx, days.map((day) => ({ ...day, year, source: 'manual' as const, updated_at: at })));
      await audit(trx, {
        action: 'calendar.year.add',
        targetType: 'calendar_year',
        targetId: String(year),
        summary: `新建 ${year}年日历草稿（${days.length} 天安排）`,
        detail: { note, days },
      });
      return { ok: true, change: { action: 'year-added', year, dates: days.map((d) => d.date), affectsDeadlines: false } };
    });
  }

  /** Puts a draft year into effect: its days start counting and its deadline warnings stop. */
  async publishYear(input: PublishYearInput, context: CommandContext = {}): Promise<CalendarCommandOutcome> {
    const parsed = publishYearInputSchema.safeParse(input);
    if (!parsed.success) return invalid(toInputIssues(parsed.error));
    const { year } = parsed.data;
    return this.run(context, async (trx, audit) => {
      const yearRow = await store.findYear(trx, year);
      if (!yearRow) return invalid([{ path: 'year', message: `${year}年的日历尚未建立` }]);
      if (yearRow.status === 'published') return invalid([{ path: 'year', message: `${year}年的日历已经发布` }]);
      const days = await store.listDays(trx, { year });
      if (days.length === 0) return invalid([{ path: 'year', message: `${year}年尚未录入任何放假安排，不能发布` }]);
      await store.markYearPublished(trx, year, nowIso());
      await audit(trx, {
        action: 'calendar.year.publish',
        targetType: 'calendar_year',
        targetId: String(year),
        summary: `发布 ${year}年日历（${days.length} 天安排）`,
      });
      return { ok: true, change: { action: 'year-published', year, dates: days.map((d) => d.date), affectsDeadlines: true } };
    });
  }

  private async run(
    context: CommandContext,
    work: (trx: Queryable, audit: AuditHook) => Promise<CalendarCommandOutcome>,
  ): Promise<CalendarCommandOutcome> {
    const audit = context.audit ?? this.options.audit ?? noAudit;
    const outcome = await this.database.db.transaction().execute((trx) => work(trx, audit));
    if (outcome.ok) {
      this.invalidate();
      await this.notify(outcome.change);
    }
    return outcome;
  }

  private async notify(change: CalendarChange): Promise<void> {
    const results = await Promise.allSettled([...this.listeners].map(async (listener) => listener(change)));
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length > 0) throw new CalendarListenerError(errors, change);
  }
}
