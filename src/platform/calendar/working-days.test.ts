import { describe, expect, it } from 'vitest';
import { CalendarInputError } from './plain-date.js';
import {
  addWorkingDays,
  countWorkingDays,
  coverageWarnings,
  createWorkingCalendar,
  describeDay,
  explainDeadline,
  isWorkingDay,
  MAX_WORKING_DAYS,
  nextWorkingDayOnOrAfter,
  uncoveredYearsBetween,
} from './working-days.js';

// A small synthetic calendar: 2026 National Day week and one adjusted Saturday; 2026 and 2028 covered, 2027 not.
const calendar = createWorkingCalendar({
  days: [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const, name: '国庆节' })),
    { date: '2026-10-10', kind: 'workday', name: '国庆节' },
    { date: '2028-01-03', kind: 'holiday', name: '元旦' },
  ],
  coveredYears: [2026, 2028],
});

describe('isWorkingDay / describeDay', () => {
  it('follows the weekday rule without overrides', () => {
    expect(isWorkingDay('2026-09-28', calendar)).toBe(true); // Monday
    expect(describeDay('2026-09-26', calendar)).toEqual({ date: '2026-09-26', weekday: '周六', working: false, reason: '周末' });
  });

  it('applies holidays on weekdays and adjusted working weekends', () => {
    expect(describeDay('2026-10-01', calendar)).toMatchObject({ weekday: '周四', working: false, reason: '国庆节' });
    expect(describeDay('2026-10-10', calendar)).toMatchObject({ weekday: '周六', working: true, reason: '调休上班（国庆节）' });
  });

  it('rejects bad dates with a Chinese CalendarInputError', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-10-01', '2026/10/01', '', '2026-10-1', ' 2026-10-01', '0099-01-01']) {
      expect(() => isWorkingDay(bad, calendar), bad).toThrow(CalendarInputError);
    }
    expect(() => isWorkingDay('2026-02-30', calendar)).toThrow(/日期格式不正确/);
  });
});

describe('addWorkingDays', () => {
  it('does not count the start day and counts from the next day (Art. 201)', () => {
    expect(addWorkingDays('2026-09-21', 1, calendar).due).toBe('2026-09-22');
    expect(addWorkingDays('2026-09-21', 5, calendar).due).toBe('2026-09-28');
  });

  it('skips holidays and counts the adjusted Saturday', () => {
    expect(addWorkingDays('2026-09-28', 3, calendar).due).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-28', 5, calendar).due).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-28', 20, calendar).due).toBe('2026-10-30');
  });

  it('starting on a rest day counts from the next working day', () => {
    expect(addWorkingDays('2026-10-03', 1, calendar).due).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-26', 1, calendar).due).toBe('2026-09-28');
  });

  it('n = 0: the start day if it is a working day, otherwise the next working day (Art. 203)', () => {
    expect(addWorkingDays('2026-09-28', 0, calendar).due).toBe('2026-09-28');
    expect(addWorkingDays('2026-10-10', 0, calendar).due).toBe('2026-10-10');
    expect(addWorkingDays('2026-10-03', 0, calendar).due).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-26', 0, calendar).due).toBe('2026-09-28');
    expect(nextWorkingDayOnOrAfter('2026-10-03', calendar)).toBe('2026-10-08');
  });

  it('omits steps unless asked', () => {
    expect(addWorkingDays('2026-09-28', 3, calendar).steps).toBeUndefined();
    expect(addWorkingDays('2026-09-28', 3, calendar, { explain: true }).steps).toHaveLength(11);
  });

  it('rejects negative, fractional, non-numeric and absurd counts', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number, MAX_WORKING_DAYS + 1]) {
      expect(() => addWorkingDays('2026-09-28', bad, calendar), String(bad)).toThrow(CalendarInputError);
    }
    expect(() => addWorkingDays('2026-09-28', -1, calendar)).toThrow(/工作日数必须是非负整数/);
    expect(() => addWorkingDays('2026-9-28', 1, calendar)).toThrow(/起算日期格式不正确/);
  });

  it('handles month, year and leap-day boundaries', () => {
    expect(addWorkingDays('2028-02-28', 1, calendar).due).toBe('2028-02-29');
    expect(addWorkingDays('2028-02-29', 1, calendar).due).toBe('2028-03-01');
    expect(addWorkingDays('2027-12-31', 1, calendar).due).toBe('2028-01-04'); // Fri → Mon 3rd is 元旦
  });
});

describe('explainDeadline', () => {
  it('lists the start, each counted day with its index, and each skipped day with its reason', () => {
    const { due, steps } = explainDeadline('2026-09-28', 5, calendar);
    expect(due).toBe('2026-10-10');
    expect(steps).toEqual([
      { kind: 'start', date: '2026-09-28', weekday: '周一', working: true, reason: '工作日' },
      { kind: 'counted', date: '2026-09-29', weekday: '周二', index: 1, reason: '工作日' },
      { kind: 'counted', date: '2026-09-30', weekday: '周三', index: 2, reason: '工作日' },
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
        kind: 'skipped',
        date: `2026-10-${d}`,
        weekday: expect.any(String) as unknown as string,
        reason: '国庆节',
      })),
      { kind: 'counted', date: '2026-10-08', weekday: '周四', index: 3, reason: '工作日' },
      { kind: 'counted', date: '2026-10-09', weekday: '周五', index: 4, reason: '工作日' },
      { kind: 'counted', date: '2026-10-10', weekday: '周六', index: 5, reason: '调休上班（国庆节）' },
    ]);
  });

  it('labels plain weekends 周末', () => {
    const { steps } = explainDeadline('2026-09-25', 1, calendar);
    expect(steps.map((s) => [s.kind, s.date, s.reason])).toEqual([
      ['start', '2026-09-25', '工作日'],
      ['skipped', '2026-09-26', '周末'],
      ['skipped', '2026-09-27', '周末'],
      ['counted', '2026-09-28', '工作日'],
    ]);
  });

  it('n = 0 on a rest day shows the postponement', () => {
    const { steps } = explainDeadline('2026-10-06', 0, calendar);
    expect(steps.map((s) => [s.kind, s.date])).toEqual([
      ['start', '2026-10-06'],
      ['skipped', '2026-10-07'],
      ['postponed', '2026-10-08'],
    ]);
  });
});

describe('years without calendar data', () => {
  it('still answers by the weekend rule but warns, naming the year', () => {
    const result = addWorkingDays('2027-09-28', 3, calendar);
    expect(result.due).toBe('2027-10-01'); // would be a holiday, but 2027 has no data
    expect(result.uncoveredYears).toEqual([2027]);
    expect(result.warnings).toEqual([expect.stringContaining('2027年')]);
    expect(result.warnings[0]).toMatch(/尚未录入或尚未发布/);
  });

  it('warns only for the years actually touched', () => {
    expect(addWorkingDays('2026-12-01', 5, calendar).warnings).toEqual([]);
    expect(addWorkingDays('2026-12-30', 3, calendar).uncoveredYears).toEqual([2027]);
    expect(addWorkingDays('2026-12-01', 600, calendar).uncoveredYears).toEqual([2027, 2029]);
  });

  it('uncoveredYearsBetween and coverageWarnings', () => {
    expect(uncoveredYearsBetween('2029-01-01', '2025-06-01', calendar)).toEqual([2025, 2027, 2029]);
    expect(coverageWarnings([])).toEqual([]);
    expect(coverageWarnings([2027, 2029])[0]).toContain('2027年、2029年');
  });
});

describe('countWorkingDays', () => {
  it('excludes from and includes to', () => {
    expect(countWorkingDays('2026-09-28', '2026-09-28', calendar)).toBe(0);
    expect(countWorkingDays('2026-09-28', '2026-09-29', calendar)).toBe(1);
    expect(countWorkingDays('2026-09-30', '2026-10-07', calendar)).toBe(0);
    expect(countWorkingDays('2026-09-28', '2026-10-10', calendar)).toBe(5);
  });

  it('is negative when to is before from (days overdue)', () => {
    expect(countWorkingDays('2026-10-10', '2026-09-28', calendar)).toBe(-5);
  });

  it('rejects bad dates', () => {
    expect(() => countWorkingDays('2026-10-32', '2026-11-01', calendar)).toThrow(/开始日期格式不正确/);
  });
});

describe('createWorkingCalendar', () => {
  it('rejects bad rows', () => {
    expect(() => createWorkingCalendar({ days: [{ date: '2026-02-30', kind: 'holiday', name: 'x' }] })).toThrow(CalendarInputError);
    expect(() => createWorkingCalendar({ days: [{ date: '2026-02-01', kind: 'rest' as 'holiday', name: 'x' }] })).toThrow(/类型不正确/);
    expect(() => createWorkingCalendar({ coveredYears: [2026.5] })).toThrow(/年份不正确/);
  });
});
