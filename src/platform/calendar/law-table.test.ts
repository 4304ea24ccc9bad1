import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { loadCalendar, seedCalendarIfEmpty } from './calendar.service.js';
import { expandLawDates, LAW_TABLE } from './law-table.fixture.js';
import { addDays, isWeekend } from './plain-date.js';
import { addWorkingDays, countWorkingDays, describeDay, explainDeadline, isWorkingDay, type WorkingCalendar } from './working-days.js';

for (const kind of testDialects()) {
  describe(`law.md calendar table against the seeded calendar (${kind})`, () => {
    let database: TestDatabase;
    let calendar: WorkingCalendar;

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      await seedCalendarIfEmpty(database);
      calendar = await loadCalendar(database);
    });
    afterAll(async () => {
      await database.close();
    });

    for (const [yearText, expected] of Object.entries(LAW_TABLE)) {
      const year = Number(yearText);
      const holidays = expandLawDates(year, expected.holidays);
      const workdays = expandLawDates(year, expected.workdays);

      it(`${year}: every listed holiday is a named rest day`, () => {
        for (const date of holidays) {
          const info = describeDay(date, calendar);
          expect({ date, working: info.working }).toEqual({ date, working: false });
          expect(info.reason, date).not.toBe('周末');
        }
      });

      it(`${year}: every listed adjusted working day is a working weekend day`, () => {
        for (const date of workdays) {
          expect(isWeekend(date), date).toBe(true);
          expect(isWorkingDay(date, calendar), date).toBe(true);
          expect(describeDay(date, calendar).reason, date).toMatch(/^调休上班（.+）$/);
        }
      });

      it(`${year}: no other date differs from the plain weekday rule`, () => {
        const listed = new Set([...holidays, ...workdays]);
        for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
          if (listed.has(date)) continue;
          expect({ date, working: isWorkingDay(date, calendar) }).toEqual({ date, working: !isWeekend(date) });
        }
        expect(calendar.coveredYears.has(year)).toBe(true);
      });
    }

    it('names the festivals (国庆节, 春节 …)', () => {
      expect(describeDay('2026-10-01', calendar).reason).toBe('国庆节');
      expect(describeDay('2026-02-17', calendar).reason).toBe('春节');
      expect(describeDay('2026-10-10', calendar).reason).toBe('调休上班（国庆节）');
    });

    it('worked example: received 2026-09-28, 20 working days → 2026-10-30', () => {
      const result = explainDeadline('2026-09-28', 20, calendar);
      expect(result.due).toBe('2026-10-30');
      expect(result.warnings).toEqual([]);
      const counted = result.steps.filter((s) => s.kind === 'counted').map((s) => s.date);
      expect(counted.slice(0, 6)).toEqual(['2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
      expect(counted).toHaveLength(20);
      expect(counted.at(-1)).toBe('2026-10-30');
      const skipped = result.steps.filter((s) => s.kind === 'skipped').map((s) => s.date);
      expect(skipped.slice(0, 7)).toEqual(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
      expect(countWorkingDays('2026-09-28', '2026-10-30', calendar)).toBe(20);
    });

    it('years chinese-days does not carry still answer, with a warning naming the year', () => {
      expect(calendar.coveredYears.has(2027)).toBe(false);
      const result = addWorkingDays('2026-12-20', 20, calendar);
      expect(result.uncoveredYears).toEqual([2027]);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toContain('2027年');
      const far = addWorkingDays('2030-03-01', 5, calendar);
      expect(far.due).toBe('2030-03-08');
      expect(far.warnings[0]).toContain('2030年');
    });
  });
}
