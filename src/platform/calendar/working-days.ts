import { addDays, assertPlainDate, CalendarInputError, isPlainDate, isWeekend, toDayNumber, weekdayLabel, yearOf } from './plain-date.js';

/*
 * Working-day arithmetic (民法典 Art. 201/203), pure and on plain 'YYYY-MM-DD' strings.
 * A working day is Monday–Friday unless the calendar marks it a holiday, plus every weekend
 * day the calendar marks as an adjusted working day (调休上班). Durations always come from
 * the caller: this module knows how to count, never how long a legal period is.
 */

export type DayKind = 'holiday' | 'workday';

export interface DayOverride {
  readonly kind: DayKind;
  /** The festival the arrangement belongs to, e.g. 国庆节. */
  readonly name: string;
}

export interface CalendarDayInput {
  date: string;
  kind: DayKind;
  name: string;
}

export interface WorkingCalendar {
  readonly overrides: ReadonlyMap<string, DayOverride>;
  /** Years whose official arrangement is known; other years fall back to "weekends only". */
  readonly coveredYears: ReadonlySet<number>;
}

export interface DayInfo {
  date: string;
  weekday: string;
  working: boolean;
  /** Why: 工作日, 周末, the holiday's name, or 调休上班（name）. */
  reason: string;
}

export type DeadlineStep =
  /** The day the period starts from; never counted (Art. 201). */
  | { kind: 'start'; date: string; weekday: string; working: boolean; reason: string }
  | { kind: 'counted'; date: string; weekday: string; index: number; reason: string }
  | { kind: 'skipped'; date: string; weekday: string; reason: string }
  /** Only for a zero-day period whose start is a rest day: the deadline moves here (Art. 203). */
  | { kind: 'postponed'; date: string; weekday: string; reason: string };

export interface DeadlineResult {
  due: string;
  /** Chinese, for staff: years that had to be computed without an official calendar. */
  warnings: string[];
  uncoveredYears: number[];
  steps?: DeadlineStep[];
}

/** A sanity bound (about forty years) so that a typo cannot spin the loop for minutes. */
export const MAX_WORKING_DAYS = 10_000;

export function createWorkingCalendar(input: { days?: Iterable<CalendarDayInput>; coveredYears?: Iterable<number> } = {}): WorkingCalendar {
  const overrides = new Map<string, DayOverride>();
  for (const day of input.days ?? []) {
    assertPlainDate(day.date);
    if (day.kind !== 'holiday' && day.kind !== 'workday') {
      throw new CalendarInputError(`${day.date} 的类型不正确：应为 holiday（放假）或 workday（调休上班）`);
    }
    overrides.set(day.date, Object.freeze({ kind: day.kind, name: day.name }));
  }
  const coveredYears = new Set<number>();
  for (const year of input.coveredYears ?? []) {
    if (!Number.isInteger(year)) throw new CalendarInputError(`年份不正确：${String(year)}`);
    coveredYears.add(year);
  }
  return { overrides, coveredYears };
}

export function describeDay(date: string, calendar: WorkingCalendar): DayInfo {
  assertPlainDate(date);
  const weekday = weekdayLabel(date);
  const override = calendar.overrides.get(date);
  if (override?.kind === 'holiday') return { date, weekday, working: false, reason: override.name };
  if (override?.kind === 'workday') return { date, weekday, working: true, reason: `调休上班（${override.name}）` };
  return isWeekend(date) ? { date, weekday, working: false, reason: '周末' } : { date, weekday, working: true, reason: '工作日' };
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  return describeDay(date, calendar).working;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(date: string, calendar: WorkingCalendar): string {
  let day = date;
  while (!isWorkingDay(day, calendar)) day = addDays(day, 1);
  return day;
}

function assertWorkingDayCount(n: unknown): asserts n is number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new CalendarInputError(`工作日数必须是非负整数，收到 ${JSON.stringify(n)}`);
  }
  if (n > MAX_WORKING_DAYS) throw new CalendarInputError(`工作日数不能超过 ${MAX_WORKING_DAYS}，收到 ${n}`);
}

/**
 * The deadline `n` working days after `start`. The start day is not counted; the result is
 * the n-th working day after it, so it is never a rest day. For n = 0 the period ends on the
 * start day itself and, if that is a rest day, moves to the next working day (Art. 203).
 */
export function addWorkingDays(start: string, n: number, calendar: WorkingCalendar, options: { explain?: boolean } = {}): DeadlineResult {
  assertPlainDate(start, '起算日期');
  assertWorkingDayCount(n);
  const steps: DeadlineStep[] = [];
  const touchedYears = new Set<number>();
  const startInfo = describeDay(start, calendar);
  steps.push({ kind: 'start', date: start, weekday: startInfo.weekday, working: startInfo.working, reason: startInfo.reason });

  let due = start;
  if (n === 0) {
    touchedYears.add(yearOf(start));
    while (!isWorkingDay(due, calendar)) {
      due = addDays(due, 1);
      touchedYears.add(yearOf(due));
      const info = describeDay(due, calendar);
      steps.push(info.working ? { kind: 'postponed', ...pick(info) } : { kind: 'skipped', ...pick(info) });
    }
  } else {
    let counted = 0;
    while (counted < n) {
      due = addDays(due, 1);
      touchedYears.add(yearOf(due));
      const info = describeDay(due, calendar);
      if (info.working) steps.push({ kind: 'counted', index: ++counted, ...pick(info) });
      else steps.push({ kind: 'skipped', ...pick(info) });
    }
  }
  const uncoveredYears = [...touchedYears].filter((y) => !calendar.coveredYears.has(y)).sort((a, b) => a - b);
  const result: DeadlineResult = { due, warnings: coverageWarnings(uncoveredYears), uncoveredYears };
  if (options.explain) result.steps = steps;
  return result;
}

/** The same computation, with every examined day listed: the case page's "how it was computed". */
export function explainDeadline(start: string, n: number, calendar: WorkingCalendar): DeadlineResult & { steps: DeadlineStep[] } {
  const result = addWorkingDays(start, n, calendar, { explain: true });
  return { ...result, steps: result.steps ?? [] };
}

/**
 * Working days in (from, to]: `from` excluded, `to` included, so that for n ≥ 1
 * countWorkingDays(s, addWorkingDays(s, n).due) === n. Negative when `to` is before `from`
 * (e.g. how many working days a deadline is overdue). Use uncoveredYearsBetween for warnings.
 */
export function countWorkingDays(from: string, to: string, calendar: WorkingCalendar): number {
  assertPlainDate(from, '开始日期');
  assertPlainDate(to, '结束日期');
  const distance = toDayNumber(to) - toDayNumber(from);
  if (distance < 0) return -countWorkingDays(to, from, calendar);
  let count = 0;
  for (let i = 1; i <= distance; i++) if (isWorkingDay(addDays(from, i), calendar)) count++;
  return count;
}

/** Years in [from, to] (either order) that the calendar has no official data for. */
export function uncoveredYearsBetween(from: string, to: string, calendar: WorkingCalendar): number[] {
  assertPlainDate(from, '开始日期');
  assertPlainDate(to, '结束日期');
  const [first, last] = [yearOf(from), yearOf(to)].sort((a, b) => a - b) as [number, number];
  const years: number[] = [];
  for (let y = first; y <= last; y++) if (!calendar.coveredYears.has(y)) years.push(y);
  return years;
}

export function coverageWarnings(uncoveredYears: readonly number[]): string[] {
  if (uncoveredYears.length === 0) return [];
  const years = uncoveredYears.map((y) => `${y}年`).join('、');
  return [`${years}的节假日安排尚未录入或尚未发布，已仅按周六、周日休息推算，结果可能不准确；请补录该年日历后复核。`];
}

function pick(info: DayInfo): { date: string; weekday: string; reason: string } {
  return { date: info.date, weekday: info.weekday, reason: info.reason };
}

export { CalendarInputError, isPlainDate };
