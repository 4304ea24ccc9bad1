import { afterEach, describe, expect, it } from 'vitest';
import { addDays, assertPlainDate, CalendarInputError, dayOfWeek, fromDayNumber, isPlainDate, toDayNumber, weekdayLabel } from './plain-date.js';

describe('plain dates', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('accepts real YYYY-MM-DD dates only', () => {
    for (const good of ['2026-01-01', '2024-02-29', '2000-02-29', '1999-12-31']) expect(isPlainDate(good), good).toBe(true);
    for (const bad of ['2026-02-29', '1900-02-29', '2026-00-10', '2026-04-31', '2026-1-01', '20260101', '2026-01-01T00:00:00Z', 20260101, null]) {
      expect(isPlainDate(bad), String(bad)).toBe(false);
    }
  });

  it('assertPlainDate names the field in Chinese', () => {
    expect(() => assertPlainDate('2026-02-30', '起算日期')).toThrow(CalendarInputError);
    expect(() => assertPlainDate('x', '起算日期')).toThrow(/^起算日期格式不正确/);
  });

  it('round-trips through day numbers and crosses month and year ends', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(fromDayNumber(toDayNumber('2026-10-30'))).toBe('2026-10-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('knows the weekday', () => {
    expect(dayOfWeek('2026-09-28')).toBe(1);
    expect(weekdayLabel('2026-10-10')).toBe('周六');
    expect(weekdayLabel('1969-12-28')).toBe('周日');
  });

  it('gives the same answers whatever the server time zone', () => {
    const sample = () => [addDays('2026-03-08', 1), weekdayLabel('2026-03-08'), fromDayNumber(toDayNumber('2026-11-01'))];
    process.env.TZ = 'UTC';
    const utc = sample();
    for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      expect(sample(), tz).toEqual(utc);
    }
  });
});
