import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildChineseDaysSeed } from './chinese-days-seed.js';
import { addDays, fromDayNumber, toDayNumber } from './plain-date.js';
import { addWorkingDays, countWorkingDays, createWorkingCalendar, explainDeadline, isWorkingDay } from './working-days.js';

const seed = buildChineseDaysSeed();
const calendar = createWorkingCalendar({ days: seed.days, coveredYears: seed.years });

// Start dates from 2003 (before the data) to 2028 (after it), so covered and uncovered years both occur.
const first = toDayNumber('2003-06-01');
const last = toDayNumber('2028-12-31');
const startDate = fc.integer({ min: first, max: last }).map(fromDayNumber);
const count = fc.integer({ min: 0, max: 400 });
const positive = fc.integer({ min: 1, max: 400 });

describe('working-day arithmetic properties (chinese-days calendar)', () => {
  it('adding n ≥ 1 working days then counting back gives n', () => {
    fc.assert(
      fc.property(startDate, positive, (start, n) => {
        expect(countWorkingDays(start, addWorkingDays(start, n, calendar).due, calendar)).toBe(n);
      }),
    );
  });

  it('n = 0 gives the first working day on or after the start', () => {
    fc.assert(
      fc.property(startDate, (start) => {
        const { due } = addWorkingDays(start, 0, calendar);
        expect(due >= start).toBe(true);
        for (let d = start; d < due; d = addDays(d, 1)) expect(isWorkingDay(d, calendar)).toBe(false);
        expect(countWorkingDays(start, due, calendar)).toBe(isWorkingDay(start, calendar) ? 0 : 1);
      }),
    );
  });

  it('the due date is always a working day', () => {
    fc.assert(
      fc.property(startDate, count, (start, n) => {
        expect(isWorkingDay(addWorkingDays(start, n, calendar).due, calendar)).toBe(true);
      }),
    );
  });

  it('is monotonic in n: strictly for n ≥ 1, and n = 0 never passes n = 1', () => {
    fc.assert(
      fc.property(startDate, count, count, (start, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const dueLo = addWorkingDays(start, lo, calendar).due;
        const dueHi = addWorkingDays(start, hi, calendar).due;
        if (lo === hi || lo === 0) expect(dueLo <= dueHi).toBe(true);
        else expect(dueLo < dueHi).toBe(true);
      }),
    );
  });

  it('is additive: a then b working days equals a + b (a ≥ 1)', () => {
    fc.assert(
      fc.property(startDate, positive, count, (start, a, b) => {
        const middle = addWorkingDays(start, a, calendar).due;
        expect(addWorkingDays(middle, b, calendar).due).toBe(addWorkingDays(start, a + b, calendar).due);
      }),
    );
  });

  it('the explanation lists every day once, counts 1..n in order, and skips only rest days', () => {
    fc.assert(
      fc.property(startDate, count, (start, n) => {
        const { due, steps } = explainDeadline(start, n, calendar);
        expect(steps[0]).toMatchObject({ kind: 'start', date: start });
        const dates = steps.map((s) => s.date);
        expect(dates.at(-1)).toBe(due);
        dates.forEach((d, i) => expect(d).toBe(addDays(start, i)));
        expect(steps.flatMap((s) => (s.kind === 'counted' ? [s.index] : []))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        for (const s of steps) {
          if (s.kind === 'skipped') expect(isWorkingDay(s.date, calendar)).toBe(false);
          if (s.kind === 'counted' || s.kind === 'postponed') expect(isWorkingDay(s.date, calendar)).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('warns exactly when a touched year has no data', () => {
    fc.assert(
      fc.property(startDate, count, (start, n) => {
        const result = addWorkingDays(start, n, calendar);
        const touched = new Set<number>();
        for (let d = n === 0 ? start : addDays(start, 1); d <= result.due; d = addDays(d, 1)) touched.add(Number(d.slice(0, 4)));
        const expected = [...touched].filter((y) => y < seed.years[0]! || y > seed.years.at(-1)!).sort();
        expect(result.uncoveredYears).toEqual(expected);
        expect(result.warnings.length).toBe(expected.length > 0 ? 1 : 0);
        for (const y of expected) expect(result.warnings[0]).toContain(`${y}年`);
      }),
    );
  });
});
