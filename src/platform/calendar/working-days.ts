import { addDays, assertPlainDate, CalendarInputError, fromDayNumber, isPlainDate, isWeekend, parsePlainDate, toDayNumber, weekdayLabel, yearOf } from './plain-date.js';

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

/**
 * An immutable value: build a new one for every version of the calendar (createWorkingCalendar;
 * CalendarService loads a new one after every change). The arithmetic below indexes each
 * calendar object once, on first use.
 */
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
  const day = dayNumberOf(date, '日期');
  const index = indexOf(calendar);
  const i = index ? day - index.first : -1;
  if (index && i >= 0 && i < index.length) return index.before[i + 1]! > index.before[i]!;
  return describeDay(date, calendar).working;
}

/** The first working day on or after `date`. */
export function nextWorkingDayOnOrAfter(date: string, calendar: WorkingCalendar): string {
  const start = dayNumberOf(date, '日期');
  const index = indexOf(calendar);
  const i = index ? start - index.first : -1;
  if (index && i >= 0 && i < index.length) {
    const ordinal = index.before[i]!;
    if (ordinal < index.workingDays.length) {
      const day = index.workingDays[ordinal]!;
      return day === start ? date : textOf(index, day);
    }
  }
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
  const startDay = dayNumberOf(start, '起算日期');
  assertWorkingDayCount(n);
  if (!options.explain) {
    const index = indexOf(calendar);
    const i = index ? startDay - index.first : -1;
    if (index && i >= 0 && i < index.length) {
      // n = 0: the first working day on or after the start; n ≥ 1: the n-th working day after it.
      const ordinal = n === 0 ? index.before[i]! : index.before[i + 1]! + n - 1;
      if (ordinal < index.workingDays.length) {
        const due = index.workingDays[ordinal]!;
        // The days examined are (start, due], or [start, due] for n = 0: their years, in order.
        const uncoveredYears: number[] = [];
        for (let y = index.years[n === 0 ? i : i + 1]!, last = index.years[due - index.first]!; y <= last; y++) {
          if (!calendar.coveredYears.has(y)) uncoveredYears.push(y);
        }
        return { due: textOf(index, due), warnings: coverageWarnings(uncoveredYears), uncoveredYears };
      }
    }
  }
  return addWorkingDaysStepByStep(start, n, calendar, options);
}

/** The reference computation, day by day, recording every examined day (explanations, and dates beyond the index). */
function addWorkingDaysStepByStep(start: string, n: number, calendar: WorkingCalendar, options: { explain?: boolean }): DeadlineResult {
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
  const fromDay = dayNumberOf(from, '开始日期');
  const toDay = dayNumberOf(to, '结束日期');
  const distance = toDay - fromDay;
  if (distance < 0) return -countWorkingDays(to, from, calendar);
  const index = indexOf(calendar);
  if (index && fromDay >= index.first && toDay < index.first + index.length) {
    return index.before[toDay - index.first + 1]! - index.before[fromDay - index.first + 1]!;
  }
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

/*
 * The index: for one calendar object, over a span of years around its data, the number of
 * working days before each day and the list of working days in order. Then "the n-th working
 * day after D" is one array read, and "working days in (A, B]" a subtraction. Dates outside
 * the span (and explanations) take the day-by-day path above, so every result is unchanged.
 */
interface CalendarIndex {
  /** Day number (days since 1970-01-01) of the first indexed day, and how many days are indexed. */
  readonly first: number;
  readonly length: number;
  /** before[i]: working days in [first, first + i); length + 1 entries. */
  readonly before: Int32Array;
  /** Day numbers of the working days in the span, ascending: workingDays[before[i]] is the first on or after day i. */
  readonly workingDays: Int32Array;
  /** years[i]: the year of day first + i. */
  readonly years: Uint16Array;
  /** texts[i]: 'YYYY-MM-DD' of day first + i, written on first use. */
  readonly texts: (string | undefined)[];
}

/** The span indexed: from the year before the data (and before 2000) to 45 years after it (and after 2050). */
const INDEX_YEARS_BEFORE = 1;
const INDEX_YEARS_AFTER = 45;
/** Calendars whose data spans more years than this are not indexed (always computed day by day). */
const MAX_INDEXED_YEARS = 1000;

/**
 * Per calendar object, with the override map it was built from: a hand-built calendar whose map
 * is replaced or changes size is indexed again (null: not indexable, computed day by day).
 */
const indexes = new WeakMap<WorkingCalendar, { overrides: ReadonlyMap<string, DayOverride>; size: number; index: CalendarIndex | null }>();

function indexOf(calendar: WorkingCalendar): CalendarIndex | null {
  const cached = indexes.get(calendar);
  if (cached && cached.overrides === calendar.overrides && cached.size === calendar.overrides.size) return cached.index;
  const index = buildIndex(calendar);
  indexes.set(calendar, { overrides: calendar.overrides, size: calendar.overrides.size, index });
  return index;
}

function buildIndex(calendar: WorkingCalendar): CalendarIndex | null {
  const overrides: [day: number, working: boolean][] = [];
  let lowYear = 2000;
  let highYear = 2050;
  for (const [date, override] of calendar.overrides) {
    // As describeDay: a key that is not a real date never matches, a kind other than these two changes nothing.
    if (!isPlainDate(date) || (override.kind !== 'holiday' && override.kind !== 'workday')) continue;
    const year = yearOf(date);
    lowYear = Math.min(lowYear, year);
    highYear = Math.max(highYear, year);
    overrides.push([toDayNumber(date), override.kind === 'workday']);
  }
  for (const year of calendar.coveredYears) {
    if (Number.isInteger(year)) [lowYear, highYear] = [Math.min(lowYear, year), Math.max(highYear, year)];
  }
  lowYear = Math.max(100, lowYear - INDEX_YEARS_BEFORE);
  highYear = Math.min(9999, highYear + INDEX_YEARS_AFTER);
  if (highYear - lowYear > MAX_INDEXED_YEARS) return null;

  const first = toDayNumber(`${String(lowYear).padStart(4, '0')}-01-01`);
  const length = toDayNumber(`${highYear}-12-31`) - first + 1;
  // 1 = working, 0 = rest: the weekday rule, then the calendar's arrangements.
  const working = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const dow = (((first + i + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
    working[i] = dow === 0 || dow === 6 ? 0 : 1;
  }
  for (const [day, isWorking] of overrides) working[day - first] = isWorking ? 1 : 0;

  const before = new Int32Array(length + 1);
  const years = new Uint16Array(length);
  let total = 0;
  const newYear = (year: number) => (year > highYear ? length : toDayNumber(`${String(year).padStart(4, '0')}-01-01`) - first);
  for (let i = 0, year = lowYear, nextYear = newYear(lowYear + 1); i < length; i++) {
    if (i === nextYear) nextYear = newYear(++year + 1);
    years[i] = year;
    before[i] = total;
    total += working[i]!;
  }
  before[length] = total;
  const workingDays = new Int32Array(total);
  for (let i = 0, k = 0; i < length; i++) if (working[i]) workingDays[k++] = first + i;
  return { first, length, before, workingDays, years, texts: new Array<string | undefined>(length) };
}

function textOf(index: CalendarIndex, day: number): string {
  const i = day - index.first;
  return (index.texts[i] ??= fromDayNumber(day));
}

/** The day number of a valid date; otherwise the same CalendarInputError assertPlainDate throws. */
function dayNumberOf(date: string, field: string): number {
  const day = parsePlainDate(date);
  if (day === undefined) {
    assertPlainDate(date, field);
    throw new CalendarInputError(`${field}格式不正确`); // unreachable: assertPlainDate threw
  }
  return day;
}

function pick(info: DayInfo): { date: string; weekday: string; reason: string } {
  return { date: info.date, weekday: info.weekday, reason: info.reason };
}

export { CalendarInputError, isPlainDate };
