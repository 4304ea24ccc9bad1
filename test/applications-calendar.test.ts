import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../src/modules/applications/cases/case-rules.js';
import * as store from '../src/modules/applications/cases/cases.store.js';
import { caseContext, type CaseActor } from '../src/modules/applications/cases/context.js';
import { assignCase, requestCorrection } from '../src/modules/applications/cases/handling.service.js';
import { registerByStaff } from '../src/modules/applications/cases/intake.service.js';
import { RECOMPUTE_JOB } from '../src/modules/applications/cases/jobs.js';
import { replyToCase } from '../src/modules/applications/cases/outcome.service.js';
import { recomputeOpenCases } from '../src/modules/applications/cases/recompute.service.js';
import { addDepartment, installApplications } from '../src/modules/applications/cases/testing.js';
import { loadCaseRules } from '../src/modules/applications/cases/case-rules.js';
import { loadCalendar } from '../src/platform/calendar/calendar.service.js';
import { testDialects } from '../src/platform/db/testing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

for (const kind of testDialects()) {
  describe(`applications: the calendar moves open deadlines (${kind})`, () => {
    let t: TestApp;
    const ids: number[] = [];
    let replied = 0;
    let waiting = 0;
    const office: CaseActor = { id: null, label: '公开办', ip: '-', siteId: 0, kind: 'staff', roles: ['disclosure_office'], departmentIds: [] };
    const dueOf = async (id: number) => (await store.findCase(t.database.db, id))!.due_on;

    beforeAll(async () => {
      t = await startTestApp(kind);
      await installApplications(t.gk);
      office.siteId = t.siteId;
      const ctx = await caseContext(t.gk.services);
      const department = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      for (let i = 0; i < 7; i++) {
        const outcome = await registerByStaff(ctx, office, {
          channel: 'in_person', applicantColumn: 'business', applicantName: `某某公司${i}`, idNumber: '91310000MA1K000006', submittedOn: '2026-09-28',
          description: `请公开第 ${i} 号地块的规划条件`, deliveryForm: '当面领取', contactPhone: '021-12345678',
        });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
        ids.push(outcome.value.id);
      }
      replied = ids[5]!;
      waiting = ids[6]!;
      expect((await replyToCase(ctx, replied, office, { on: '2026-09-29', replyType: 'disclosed' })).ok).toBe(true);
      expect((await assignCase(ctx, waiting, office, { departmentId: department })).ok).toBe(true);
      const handlerLike: CaseActor = { ...office, roles: ['disclosure_office'] };
      expect((await requestCorrection(ctx, waiting, handlerLike, { on: '2026-09-29', items: ['请说明地块位置'], periodDays: 15 })).ok).toBe(true);
    });

    afterAll(async () => {
      await t?.close();
    });

    it('a holiday added to the calendar recomputes every open case’s due date (through the recompute job), and only open ones', async () => {
      expect(await dueOf(ids[0]!)).toBe('2026-10-30');
      const waitingBefore = (await store.findCase(t.database.db, waiting))!.waiting_until;
      const outcome = await t.gk.services.calendar.setDay({ date: '2026-10-20', kind: 'holiday', name: '测试调整' });
      expect(outcome.ok).toBe(true);
      const queued = await t.database.db.selectFrom('jobs').select(['name', 'payload']).where('name', '=', RECOMPUTE_JOB).execute();
      expect(queued.length).toBe(1);
      await t.gk.services.jobs.start();
      try {
        for (let i = 0; i < 100 && (await dueOf(ids[0]!)) !== '2026-11-02'; i++) await new Promise((r) => setTimeout(r, 100));
      } finally {
        await t.gk.services.jobs.stop();
      }
      for (const id of ids.slice(0, 5)) expect(await dueOf(id)).toBe('2026-11-02');
      expect(await dueOf(replied)).toBe('2026-10-30');
      // The 补正 deadline is the date the notice told the applicant: a later calendar change does not move it.
      expect((await store.findCase(t.database.db, waiting))!.waiting_until).toBe(waitingBefore);
      const audit = await t.database.db.selectFrom('audit_log').select('summary').where('action', '=', 'application.recompute').execute();
      expect(audit.map((a) => a.summary).join()).toMatch(/工作日历变更（2026年：2026-10-20）.*5 件申请/);
    });

    it('recomputes in batches, writing only the cases that changed', async () => {
      expect((await t.gk.services.calendar.removeDay({ date: '2026-10-20' })).ok).toBe(true);
      const [calendar, rules] = await Promise.all([loadCalendar(t.database), loadCaseRules(t.database.db)]);
      const first = await recomputeOpenCases(t.database, calendar, rules, { today: todayInShanghai(), batchSize: 2 });
      expect(first).toMatchObject({ scanned: 6, changed: 5 });
      for (const id of ids.slice(0, 5)) expect(await dueOf(id)).toBe('2026-10-30');
      const again = await recomputeOpenCases(t.database, calendar, rules, { today: todayInShanghai(), batchSize: 4 });
      expect(again).toMatchObject({ scanned: 6, changed: 0 });
      // A change before every open case's receipt cannot touch them: nothing to scan.
      expect(await recomputeOpenCases(t.database, calendar, rules, { today: todayInShanghai(), changedUntil: '2026-09-27' })).toMatchObject({ scanned: 0 });
    });
  });
}
