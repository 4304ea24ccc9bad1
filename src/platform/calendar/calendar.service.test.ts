import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../db/database.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { CalendarListenerError, CalendarService, loadCalendar, seedCalendarIfEmpty, type AuditEntry, type CalendarChange } from './calendar.service.js';
import * as store from './calendar.store.js';
import { buildChineseDaysSeed } from './chinese-days-seed.js';
import { addWorkingDays, isWorkingDay } from './working-days.js';

// A made-up arrangement for a year chinese-days does not carry.
const DAYS_2027 = [
  { date: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
  { date: '2027-01-04', kind: 'holiday' as const, name: '元旦' },
  { date: '2027-01-09', kind: 'workday' as const, name: '元旦' },
];

for (const kind of testDialects()) {
  describe(`calendar store and service (${kind})`, () => {
    let database: TestDatabase;
    let audited: AuditEntry[];
    let changes: CalendarChange[];
    let service: CalendarService;

    const audit = async (trx: Queryable, entry: AuditEntry) => {
      // Proves the hook runs inside the command's transaction: the change is already visible here.
      const visible = await trx.selectFrom('calendar_years').select('year').execute();
      audited.push({ ...entry, detail: { ...entry.detail, yearsVisible: visible.length } });
    };

    beforeEach(async () => {
      database = await createTestDatabase(kind);
      audited = [];
      changes = [];
      service = new CalendarService(database, { audit, listeners: [(change) => void changes.push(change)] });
    });
    afterEach(async () => {
      await database.close();
    });

    it('seeds every chinese-days year once, as published', async () => {
      const seed = buildChineseDaysSeed();
      const first = await seedCalendarIfEmpty(database);
      expect(first).toEqual({ seeded: true, years: seed.years, days: seed.days.length });
      expect(await seedCalendarIfEmpty(database)).toEqual({ seeded: false, years: [], days: 0 });
      const years = await store.listYears(database.db);
      expect(years.every((y) => y.status === 'published' && y.source === 'chinese-days' && y.published_at)).toBe(true);
      expect(years[0]?.note).toMatch(/^由 chinese-days \d/);
      const day = await store.findDay(database.db, '2026-10-10');
      expect(day).toMatchObject({ kind: 'workday', name: '国庆节', year: 2026, source: 'chinese-days' });
    });

    it('two concurrent seeders insert the data exactly once', async () => {
      const results = await Promise.all([seedCalendarIfEmpty(database), seedCalendarIfEmpty(database)]);
      expect(results.filter((r) => r.seeded)).toHaveLength(1);
      expect((await store.listDays(database.db)).length).toBe(buildChineseDaysSeed().days.length);
    });

    it('does not seed over an existing calendar', async () => {
      expect((await service.addYear({ year: 2027, days: DAYS_2027 })).ok).toBe(true);
      expect((await seedCalendarIfEmpty(database)).seeded).toBe(false);
      expect(await store.countYears(database.db)).toBe(1);
    });

    it('a draft year has no effect until published', async () => {
      await seedCalendarIfEmpty(database);
      const added = await service.addYear({ year: '2027', note: '国办发明电〔2026〕X号', days: DAYS_2027 });
      expect(added).toEqual({ ok: true, change: { action: 'year-added', year: 2027, dates: DAYS_2027.map((d) => d.date), affectsDeadlines: false } });
      let calendar = await service.loadCalendar();
      expect(calendar.coveredYears.has(2027)).toBe(false);
      expect(isWorkingDay('2027-01-04', calendar)).toBe(true);
      expect(addWorkingDays('2026-12-30', 3, calendar)).toMatchObject({ due: '2027-01-04', uncoveredYears: [2027] });

      const published = await service.publishYear({ year: 2027 });
      expect(published.ok && published.change).toMatchObject({ action: 'year-published', year: 2027, affectsDeadlines: true });
      calendar = await service.loadCalendar();
      expect(calendar.coveredYears.has(2027)).toBe(true);
      // 12-31 (1), 01-01 元旦, 01-04 元旦 → 01-05 (2), 01-06 (3)
      expect(addWorkingDays('2026-12-30', 3, calendar)).toMatchObject({ due: '2027-01-06', warnings: [] });
      expect(isWorkingDay('2027-01-09', calendar)).toBe(true);
      expect((await store.findYear(database.db, 2027))?.published_at).toBeTruthy();
      expect(audited.map((a) => a.action)).toEqual(['calendar.year.add', 'calendar.year.publish']);
      expect(changes.map((c) => c.action)).toEqual(['year-added', 'year-published']);
    });

    it('setDay and removeDay change a published year, audit inside the transaction, and notify', async () => {
      await seedCalendarIfEmpty(database);
      const before = await service.loadCalendar();
      expect(isWorkingDay('2026-11-02', before)).toBe(true);

      const set = await service.setDay({ date: '2026-11-02', kind: 'holiday', name: '  本市特别休息日 ' });
      expect(set).toEqual({ ok: true, change: { action: 'day-set', year: 2026, dates: ['2026-11-02'], affectsDeadlines: true } });
      const after = await service.loadCalendar();
      expect(after).not.toBe(before);
      expect(isWorkingDay('2026-11-02', after)).toBe(false);
      expect(await store.findDay(database.db, '2026-11-02')).toMatchObject({ name: '本市特别休息日', source: 'manual' });

      const edited = await service.setDay({ date: '2026-10-10', kind: 'workday', name: '国庆节（调整）' });
      expect(edited.ok).toBe(true);
      expect(audited[1]?.detail).toMatchObject({ before: { kind: 'workday', name: '国庆节', source: 'chinese-days' } });

      const removed = await service.removeDay({ date: '2026-11-02' });
      expect(removed.ok && removed.change.action).toBe('day-removed');
      expect(isWorkingDay('2026-11-02', await service.loadCalendar())).toBe(true);

      expect(audited.map((a) => [a.action, a.targetType, a.targetId])).toEqual([
        ['calendar.day.set', 'calendar_day', '2026-11-02'],
        ['calendar.day.set', 'calendar_day', '2026-10-10'],
        ['calendar.day.remove', 'calendar_day', '2026-11-02'],
      ]);
      expect(audited[0]?.summary).toBe('将 2026-11-02 设为放假（本市特别休息日）');
      expect(audited.every((a) => Number(a.detail?.yearsVisible) > 0)).toBe(true);
      expect(changes).toHaveLength(3);
    });

    it('rejects invalid input with Chinese messages and writes nothing', async () => {
      await service.addYear({ year: 2027, days: DAYS_2027 });
      const cases = [
        [service.setDay({ date: '2027-02-30', kind: 'holiday', name: '春节' }), 'date', /日期格式不正确/],
        [service.setDay({ date: '2027-02-06', kind: 'rest' as 'holiday', name: '春节' }), 'kind', /holiday（放假）或 workday（调休上班）/],
        [service.setDay({ date: '2027-02-06', kind: 'holiday', name: '   ' }), 'name', /不能为空/],
        [service.setDay({ date: '2027-02-06', kind: 'holiday', name: '节'.repeat(51) }), 'name', /不能超过 50 个字/],
        [service.setDay({ date: '2027-02-08', kind: 'workday', name: '春节' }), 'date', /须为周六或周日/],
        [service.setDay({ date: '2028-02-06', kind: 'holiday', name: '春节' }), 'date', /2028年的日历尚未建立/],
        [service.removeDay({ date: '2027-03-01' }), 'date', /没有放假或调休安排/],
        [service.addYear({ year: 2027 }), 'year', /已存在/],
        [service.addYear({ year: 1999 }), 'year', /不能早于 2000/],
        [service.addYear({ year: 2028.5 }), 'year', /整数/],
        [service.addYear({ year: 2028, days: [DAYS_2027[0]!] }), 'days.0.date', /不属于 2028 年/],
        [service.addYear({ year: 2028, days: [{ date: '2028-05-01', kind: 'holiday', name: '劳动节' }, { date: '2028-05-01', kind: 'holiday', name: '劳动节' }] }), 'days.1.date', /重复/],
        [service.publishYear({ year: 2029 }), 'year', /尚未建立/],
      ] as const;
      for (const [promise, path, message] of cases) {
        const outcome = await promise;
        expect(outcome.ok, String(message)).toBe(false);
        if (!outcome.ok) expect(outcome.issues, String(message)).toContainEqual({ path, message: expect.stringMatching(message) as unknown as string });
      }
      expect(await store.countYears(database.db)).toBe(1);
      expect(audited.map((a) => a.action)).toEqual(['calendar.year.add']);
      expect(changes).toHaveLength(1);
    });

    it('will not publish an empty or an already published year', async () => {
      await service.addYear({ year: 2028 });
      expect(await service.publishYear({ year: 2028 })).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/尚未录入任何放假安排/) as unknown }] });
      await service.addYear({ year: 2027, days: DAYS_2027 });
      expect((await service.publishYear({ year: 2027 })).ok).toBe(true);
      expect(await service.publishYear({ year: 2027 })).toMatchObject({ ok: false, issues: [{ message: '2027年的日历已经发布' }] });
    });

    it('a failing audit hook rolls the command back', async () => {
      await service.addYear({ year: 2027, days: DAYS_2027 });
      const failing = async () => {
        throw new Error('audit down');
      };
      await expect(service.setDay({ date: '2027-02-06', kind: 'holiday', name: '春节' }, { audit: failing })).rejects.toThrow('audit down');
      expect(await store.findDay(database.db, '2027-02-06')).toBeUndefined();
      expect(changes).toHaveLength(1);
    });

    it('a per-call audit hook replaces the service default', async () => {
      const perCall = vi.fn(async () => {});
      await service.addYear({ year: 2027, days: DAYS_2027 }, { audit: perCall });
      expect(perCall).toHaveBeenCalledOnce();
      expect(audited).toHaveLength(0);
    });

    it('listener failures surface after the change is committed; unsubscribe stops delivery', async () => {
      const unsubscribe = service.subscribe(() => {
        throw new Error('recompute failed');
      });
      const error = await service.addYear({ year: 2027, days: DAYS_2027 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CalendarListenerError);
      expect((error as CalendarListenerError).change.year).toBe(2027);
      expect(await store.findYear(database.db, 2027)).toBeDefined();
      expect(changes).toHaveLength(1);
      unsubscribe();
      expect((await service.publishYear({ year: 2027 })).ok).toBe(true);
      expect(changes).toHaveLength(2);
    });

    it('caches the calendar until a command, invalidate() or the TTL', async () => {
      let now = 0;
      const cached = new CalendarService(database, { cacheTtlMs: 1000, clock: () => now });
      await seedCalendarIfEmpty(database);
      const first = await cached.loadCalendar();
      expect(await cached.loadCalendar()).toBe(first);
      // A change made elsewhere (another process) is picked up only after the TTL.
      await store.upsertDay(database.db, { date: '2026-11-03', kind: 'holiday', name: '外部', year: 2026, source: 'manual', updated_at: 'x' });
      now = 999;
      expect(await cached.loadCalendar()).toBe(first);
      now = 1000;
      const second = await cached.loadCalendar();
      expect(second).not.toBe(first);
      expect(isWorkingDay('2026-11-03', second)).toBe(false);
      cached.invalidate();
      expect(await cached.loadCalendar()).not.toBe(second);
      expect(await loadCalendar(database)).toEqual(await cached.loadCalendar());
    });

    it('lists years and days for the admin screens', async () => {
      await service.addYear({ year: 2027, days: DAYS_2027 });
      expect((await service.listYears()).map((y) => [y.year, y.status, y.source])).toEqual([[2027, 'draft', 'manual']]);
      expect((await service.listDays(2027)).map((d) => d.date)).toEqual(DAYS_2027.map((d) => d.date));
    });
  });
}
