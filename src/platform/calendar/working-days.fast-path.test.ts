import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildChineseDaysSeed } from './chinese-days-seed.js';
import { fromDayNumber, toDayNumber } from './plain-date.js';
import {
  addWorkingDays,
  countWorkingDays,
  coverageWarnings,
  createWorkingCalendar,
  explainDeadline,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  type CalendarDayInput,
  type DayOverride,
  type DeadlineResult,
  type WorkingCalendar,
} from './working-days.js';

/*
 * addWorkingDays, countWorkingDays, isWorkingDay and nextWorkingDayOnOrAfter answer from a
 * per-calendar index. Here they are compared with the simple definition, day by day, written
 * independently (Date arithmetic, no index), on random dates and spans and on random calendars
 * with holidays on weekdays and adjusted working weekends (调休).
 */

const DAY_MS = 86_400_000;
const refText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const refDay = (text: string) => Date.parse(`${text}T00:00:00Z`) / DAY_MS;
function refWorking(day: number, calendar: WorkingCalendar): boolean {
  const override = calendar.overrides.get(refText(day));
  if (override) return override.kind === 'workday';
  const dow = new Date(day * DAY_MS).getUTCDay();
  return dow !== 0 && dow !== 6;
}
function refAdd(start: string, n: number, calendar: WorkingCalendar): DeadlineResult {
  let day = refDay(start);
  const years = new Set<number>();
  if (n === 0) {
    years.add(new Date(day * DAY_MS).getUTCFullYear());
    while (!refWorking(day, calendar)) years.add(new Date(++day * DAY_MS).getUTCFullYear());
  } else {
    for (let counted = 0; counted < n; ) {
      day++;
      years.add(new Date(day * DAY_MS).getUTCFullYear());
      if (refWorking(day, calendar)) counted++;
    }
  }
  const uncoveredYears = [...years].filter((y) => !calendar.coveredYears.has(y)).sort((a, b) => a - b);
  return { due: refText(day), warnings: coverageWarnings(uncoveredYears), uncoveredYears };
}
function refCount(from: string, to: string, calendar: WorkingCalendar): number {
  const [a, b] = [refDay(from), refDay(to)];
  if (b < a) return -refCount(to, from, calendar);
  let count = 0;
  for (let d = a + 1; d <= b; d++) if (refWorking(d, calendar)) count++;
  return count;
}

const seed = buildChineseDaysSeed();
const real = createWorkingCalendar({ days: seed.days, coveredYears: seed.years });

const day = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);
/** 2024–2026, the years the tests check against the official notices. */
const date2024to2026 = day('2024-01-01', '2026-12-31');
const span = fc.oneof(fc.constantFrom(0, 1, 5, 7, 15, 20, 40), fc.integer({ min: 0, max: 400 }));

/** A random calendar over 2024–2026: weekday holidays, weekend 调休 working days, some years covered. */
const randomCalendar = fc
  .record({
    days: fc.uniqueArray(
      fc.record({ date: date2024to2026, kind: fc.constantFrom<CalendarDayInput['kind']>('holiday', 'workday'), name: fc.constantFrom('春节', '国庆节', '劳动节') }),
      { maxLength: 80, selector: (d) => d.date },
    ),
    coveredYears: fc.subarray([2023, 2024, 2025, 2026, 2027]),
  })
  .map(({ days, coveredYears }) => createWorkingCalendar({ days, coveredYears }));

const calendars = fc.oneof(fc.constant(real), randomCalendar);

describe('the indexed working-day arithmetic equals the day-by-day definition', () => {
  it('addWorkingDays: due date, uncovered years and warnings', () => {
    fc.assert(
      fc.property(calendars, date2024to2026, span, (calendar, start, n) => {
        expect(addWorkingDays(start, n, calendar)).toEqual(refAdd(start, n, calendar));
      }),
      { numRuns: 500 },
    );
  });

  it('addWorkingDays equals the explained computation (which walks day by day) without its steps', () => {
    fc.assert(
      fc.property(calendars, date2024to2026, fc.integer({ min: 0, max: 60 }), (calendar, start, n) => {
        const { steps: _steps, ...explained } = explainDeadline(start, n, calendar);
        expect(addWorkingDays(start, n, calendar)).toStrictEqual(explained);
      }),
      { numRuns: 200 },
    );
  });

  it('countWorkingDays, isWorkingDay and nextWorkingDayOnOrAfter', () => {
    fc.assert(
      fc.property(calendars, date2024to2026, date2024to2026, (calendar, a, b) => {
        expect(countWorkingDays(a, b, calendar)).toBe(refCount(a, b, calendar));
        expect(isWorkingDay(a, calendar)).toBe(refWorking(refDay(a), calendar));
        expect(nextWorkingDayOnOrAfter(a, calendar)).toBe(refAdd(a, 0, calendar).due);
      }),
      { numRuns: 500 },
    );
  });

  it('holds over the whole range of the real calendar and beyond (2003–2030)', () => {
    fc.assert(
      fc.property(day('2003-01-01', '2030-12-31'), span, fc.integer({ min: -600, max: 600 }), (start, n, distance) => {
        expect(addWorkingDays(start, n, real)).toEqual(refAdd(start, n, real));
        const other = fromDayNumber(toDayNumber(start) + distance);
        expect(countWorkingDays(start, other, real)).toBe(refCount(start, other, real));
      }),
      { numRuns: 300 },
    );
  });

  it('every day of 2024–2026 of the real calendar, for the spans the clock uses', () => {
    for (let d = toDayNumber('2024-01-01'); d <= toDayNumber('2026-12-31'); d++) {
      const start = fromDayNumber(d);
      for (const n of [0, 1, 7, 15, 20]) expect(addWorkingDays(start, n, real), `${start} + ${n}`).toEqual(refAdd(start, n, real));
    }
  });

  it('dates outside the indexed years (far past, far future, beyond 9999) give the same answers or errors', () => {
    for (const [start, n] of [
      ['1900-03-01', 20],
      ['0100-01-01', 3],
      ['2200-12-30', 15],
      ['9999-12-20', 3],
    ] as const) {
      expect(addWorkingDays(start, n, real)).toEqual(refAdd(start, n, real));
    }
    expect(countWorkingDays('1999-12-01', '2001-01-31', real)).toBe(refCount('1999-12-01', '2001-01-31', real));
    expect(countWorkingDays('2090-01-01', '2101-06-30', real)).toBe(refCount('2090-01-01', '2101-06-30', real));
    // The explained computation fails the same way when the count runs past 9999-12-31.
    expect(() => addWorkingDays('9999-12-28', 10, real)).toThrow(/日期格式不正确/);
    expect(() => explainDeadline('9999-12-28', 10, real)).toThrow(/日期格式不正确/);
  });

  it('a new calendar object gets its own index (a changed calendar is never answered from an old one)', () => {
    const plain = createWorkingCalendar({ coveredYears: [2026] });
    expect(addWorkingDays('2026-09-30', 1, plain).due).toBe('2026-10-01');
    const withHoliday = createWorkingCalendar({ days: [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }], coveredYears: [2026] });
    expect(addWorkingDays('2026-09-30', 1, withHoliday).due).toBe('2026-10-02');
    expect(addWorkingDays('2026-09-30', 1, plain).due).toBe('2026-10-01');
    // A hand-built calendar whose override map is swapped or grows is re-indexed as well.
    const overrides = new Map([['2026-10-02', { kind: 'holiday' as const, name: '国庆节' }]]);
    const handMade = { overrides, coveredYears: new Set([2026]) };
    expect(addWorkingDays('2026-09-30', 2, handMade).due).toBe('2026-10-05');
    overrides.set('2026-10-05', { kind: 'holiday', name: '国庆节' });
    expect(addWorkingDays('2026-09-30', 2, handMade).due).toBe('2026-10-06');
  });

  it('ignores, like describeDay, hand-built entries that are not real dates or have another kind', () => {
    const odd = {
      overrides: new Map<string, DayOverride>([
        ['2026-10-1', { kind: 'holiday', name: 'x' }],
        ['2026-10-02', { kind: 'other' as DayOverride['kind'], name: 'x' }],
        ['2026-10-05', { kind: 'holiday', name: '国庆节' }],
      ]),
      coveredYears: new Set([2026]),
    };
    for (let n = 0; n <= 5; n++) {
      const { steps: _steps, ...explained } = explainDeadline('2026-09-30', n, odd);
      expect(addWorkingDays('2026-09-30', n, odd)).toStrictEqual(explained);
    }
  });

  it('keeps the input-validation errors', () => {
    expect(() => addWorkingDays('2026-02-30', 1, real)).toThrow(/^起算日期格式不正确/);
    expect(() => addWorkingDays('2026-02-28', -1, real)).toThrow(/工作日数必须是非负整数/);
    expect(() => countWorkingDays('2026-01-01', '2026-13-01', real)).toThrow(/^结束日期格式不正确/);
    expect(() => nextWorkingDayOnOrAfter('x', real)).toThrow(/^日期格式不正确/);
    expect(() => isWorkingDay('2026-1-01', real)).toThrow(/^日期格式不正确/);
  });
});
