import { isWorkday } from 'chinese-days';
import { afterEach, describe, expect, it } from 'vitest';
import { buildChineseDaysSeed, chineseDaysVersion, loadChineseDaysJson } from './chinese-days-seed.js';
import { addDays } from './plain-date.js';
import { createWorkingCalendar, isWorkingDay } from './working-days.js';

describe('chinese-days seed', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  const seed = buildChineseDaysSeed();

  it('covers every year the package carries (2004 through at least 2026)', () => {
    expect(seed.years[0]).toBe(2004);
    expect(seed.years).toContain(2026);
    expect(seed.years).toEqual(Array.from({ length: seed.years.length }, (_, i) => 2004 + i));
    expect(chineseDaysVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('has one row per date with Chinese festival names', () => {
    expect(new Set(seed.days.map((d) => d.date)).size).toBe(seed.days.length);
    const names = new Set(seed.days.map((d) => d.name));
    for (const name of ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆节']) expect(names).toContain(name);
    for (const name of names) expect(name).not.toMatch(/[A-Za-z,]/);
    expect(seed.days.find((d) => d.date === '2025-10-06')).toEqual({ date: '2025-10-06', kind: 'holiday', name: '中秋' });
  });

  it('only marks weekend days as adjusted working days', () => {
    for (const day of seed.days.filter((d) => d.kind === 'workday')) expect(new Date(`${day.date}T00:00:00Z`).getUTCDay() % 6, day.date).toBe(0);
  });

  it('agrees with chinese-days itself on every date it carries', () => {
    // chinese-days formats in local time; in a UTC+8 zone its answers are the intended ones.
    process.env.TZ = 'Asia/Shanghai';
    const calendar = createWorkingCalendar({ days: seed.days, coveredYears: seed.years });
    const last = `${seed.years.at(-1)}-12-31`;
    for (let date = `${seed.years[0]}-01-01`; date <= last; date = addDays(date, 1)) {
      expect({ date, working: isWorkingDay(date, calendar) }).toEqual({ date, working: isWorkday(date) });
    }
  });

  it('refuses a data file whose shape changed', () => {
    expect(() => buildChineseDaysSeed({ holidays: { '2026-02-30': 'x,节,1' }, workdays: {} })).toThrow(/日期无效/);
    expect(() => buildChineseDaysSeed({ holidays: { '2026-10-01': 'N,国庆节,3' }, workdays: { '2026-10-01': 'N,国庆节,3' } })).toThrow(
      /同时是放假日和调休上班日/,
    );
    expect(loadChineseDaysJson().holidays['2026-10-01']).toContain('国庆节');
  });
});
