import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseForApplicant, confirmPaymentOnline, withdrawOnline } from '../src/modules/applications/cases/applicant.service.js';
import { todayInShanghai } from '../src/modules/applications/cases/case-rules.js';
import * as store from '../src/modules/applications/cases/cases.store.js';
import { caseContext, type CaseActor } from '../src/modules/applications/cases/context.js';
import { closeLapsedCases } from '../src/modules/applications/cases/deadlines.service.js';
import { assignCase, requestCorrection } from '../src/modules/applications/cases/handling.service.js';
import { submitOnline } from '../src/modules/applications/cases/intake.service.js';
import { replyToCase, sendFeeNotice, setLaterDate } from '../src/modules/applications/cases/outcome.service.js';
import { addDepartment, installApplications } from '../src/modules/applications/cases/testing.js';
import { addWorkingDays, countWorkingDays } from '../src/platform/calendar/working-days.js';
import { testDialects } from '../src/platform/db/testing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* Art. 35, lapsed 补正, payment and withdrawal online: the other ways a case ends or moves. */

for (const kind of testDialects()) {
  describe(`applications: outcomes (${kind})`, () => {
    let t: TestApp;
    let department: number;
    let citizen: number;
    const today = todayInShanghai();
    const office: CaseActor = { id: null, label: '公开办', ip: '-', siteId: 0, kind: 'staff', roles: ['disclosure_office'], departmentIds: [] };
    const ctx = () => caseContext(t.gk.services);
    const caseRow = async (id: number) => (await store.findCase(t.database.db, id))!;
    const online = async (submittedAt: string) => {
      const outcome = await submitOnline(await ctx(), t.siteId, { id: citizen, ip: '-' }, { idNumber: '310101199003073236', description: '请公开某项目的规划许可文件', deliveryForm: '电子邮件', submittedAt });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
      expect((await assignCase(await ctx(), outcome.value.id, office, { departmentId: department })).ok).toBe(true);
      return outcome.value.id;
    };

    beforeAll(async () => {
      t = await startTestApp(kind);
      await installApplications(t.gk);
      office.siteId = t.siteId;
      department = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      citizen = await t.addCitizen('wang@example.com', { name: '王五' });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('Art. 35: a reasonable later date replaces the due date, is told to the applicant, and must be later', async () => {
      const id = await online('2026-10-12T02:00:00Z');
      expect((await caseRow(id)).due_on).toBe('2026-11-09');
      const early = await setLaterDate(await ctx(), id, office, { on: '2026-10-13', laterDueOn: '2026-11-02', reason: '申请数量明显超过合理范围' });
      expect(early.ok).toBe(false);
      const later = await setLaterDate(await ctx(), id, office, { on: '2026-10-13', laterDueOn: '2027-01-15', reason: '一次申请 300 余项信息，需逐项检索' });
      expect(later.ok).toBe(true);
      expect(await caseRow(id)).toMatchObject({ due_on: '2027-01-15', excessive: 1 });
      const notices = await t.database.db.selectFrom('inbox_messages').select('body').where('account_id', '=', citizen).execute();
      expect(notices.map((n) => n.body).join()).toContain('答复期限确定为 2027-01-15');
    });

    it('no 补正 by the deadline: the daily closing records 其他处理 1 and tells the applicant', async () => {
      const id = await online('2026-09-28T02:00:00Z');
      expect((await requestCorrection(await ctx(), id, office, { on: '2026-09-30', items: ['请说明所需信息的文号'], periodDays: 10 })).ok).toBe(true);
      expect((await caseRow(id)).waiting_until).toBe('2026-10-20');
      const result = await closeLapsedCases(await ctx());
      expect(result.closed).toBeGreaterThanOrEqual(1);
      expect(await caseRow(id)).toMatchObject({ status: 'closed', reply_type: 'other_no_correction', replied_on: today, closed_on: today });
      expect((await caseForApplicant(t.database.db, citizen, id))?.events.at(-1)).toMatchObject({ kind: 'close', on: today });
    });

    it('the applicant confirms payment online: the unpaid days are not counted', async () => {
      const id = await online('2026-11-02T02:00:00Z');
      const c = await ctx();
      const notice = '2026-11-05';
      expect((await sendFeeNotice(c, id, office, { on: notice, method: 'pages', pages: 40 })).ok).toBe(true);
      expect((await caseRow(id)).status).toBe('awaiting_fee');
      const paid = await confirmPaymentOnline(c, { id: citizen, name: '王五', ip: '-' }, id);
      expect(paid.ok).toBe(true);
      const due = addWorkingDays(addWorkingDays('2026-11-02', 20, c.calendar).due, Math.min(20, countWorkingDays(notice, today, c.calendar)), c.calendar).due;
      expect(await caseRow(id)).toMatchObject({ status: 'assigned', due_on: due });
      const history = await store.listEvents(t.database.db, id);
      expect(history.at(-1)).toMatchObject({ kind: 'fee_paid', actor_name: '王五' });
    });

    it('the applicant withdraws online: closed as 其他处理 3', async () => {
      const id = await online('2026-11-03T02:00:00Z');
      expect((await withdrawOnline(await ctx(), { id: citizen, name: '王五', ip: '-' }, id, { reason: '已从其他渠道获得' })).ok).toBe(true);
      expect(await caseRow(id)).toMatchObject({ status: 'closed', reply_type: 'other_other', closed_on: today });
      expect((await withdrawOnline(await ctx(), { id: citizen, name: '王五', ip: '-' }, id)).ok).toBe(false);
    });

    it('runs the replies module’s hook inside the reply’s transaction: if it fails, nothing is recorded', async () => {
      const id = await online('2026-11-04T02:00:00Z');
      const seen: string[] = [];
      const failing = await caseContext(t.gk.services, { hooks: { replied: async () => { throw new Error('letter failed'); } } });
      await expect(replyToCase(failing, id, office, { on: today, replyType: 'disclosed' })).rejects.toThrow('letter failed');
      expect(await caseRow(id)).toMatchObject({ status: 'assigned', reply_type: null });
      expect((await store.listEvents(t.database.db, id)).map((e) => e.kind)).toEqual(['received', 'assign']);
      const hooked = await caseContext(t.gk.services, {
        hooks: {
          replied: async (trx, r) => {
            const row = await trx.selectFrom('applications').select('status').where('id', '=', r.case.id).executeTakeFirstOrThrow();
            seen.push(`replied:${r.replyType}:${row.status}`);
          },
          moved: async (_trx, m) => void seen.push(`moved:${m.action}:${m.from}->${m.case.status}`),
        },
      });
      expect((await replyToCase(hooked, id, office, { on: today, replyType: 'partly_disclosed' })).ok).toBe(true);
      expect(seen).toEqual(['replied:partly_disclosed:replied', 'moved:reply:assigned->replied']);
      const inbox = await t.database.db.selectFrom('inbox_messages').select('title').where('account_id', '=', citizen).where('title', 'like', '%答复%').execute();
      expect(inbox.filter((m) => m.title.startsWith('政府信息公开申请答复'))).toHaveLength(0);
    });
  });
}
