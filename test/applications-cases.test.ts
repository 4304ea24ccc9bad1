import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseStatuses } from '../src/modules/applications/applications.vocabulary.js';
import { caseForApplicant, casesOfApplicant, submitCorrectionOnline } from '../src/modules/applications/cases/applicant.service.js';
import { todayInShanghai } from '../src/modules/applications/cases/case-rules.js';
import * as store from '../src/modules/applications/cases/cases.store.js';
import { caseContext, type CaseActor } from '../src/modules/applications/cases/context.js';
import { assignCase, decideExtension, recordCorrection, requestCorrection } from '../src/modules/applications/cases/handling.service.js';
import { registerByStaff, submitOnline } from '../src/modules/applications/cases/intake.service.js';
import { CLOSE_LAPSED_JOB } from '../src/modules/applications/cases/jobs.js';
import { closeCase, replyToCase, sendFeeNotice } from '../src/modules/applications/cases/outcome.service.js';
import { addDepartment, addDepartmentStaff, installApplications } from '../src/modules/applications/cases/testing.js';
import { transitions } from '../src/modules/applications/cases/transitions.js';
import { addWorkingDays } from '../src/platform/calendar/working-days.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

const ID_NUMBER = '310101199003073236';

describe('the case state machine as data', () => {
  it('uses only known statuses, has one row per (status, action), and nothing leaves 已办结', () => {
    const keys = transitions.map((t) => `${t.from}/${t.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of transitions) {
      expect(Object.keys(caseStatuses)).toContain(t.from);
      if (t.to !== 'resume') expect(Object.keys(caseStatuses)).toContain(t.to);
      expect(t.roles.length).toBeGreaterThan(0);
    }
    expect(transitions.filter((t) => t.from === 'closed')).toEqual([]);
    expect(transitions.find((t) => t.action === 'extension_approved')?.roles).toEqual(['head']);
  });
});

for (const kind of testDialects()) {
  describe(`applications: cases (${kind})`, () => {
    let t: TestApp;
    let deptA: number;
    let citizenId: number;
    let office: Client;
    let handler: Client;
    let head: Client;
    const today = todayInShanghai();
    const ctx = () => caseContext(t.gk.services);
    const staff = async (username: string): Promise<CaseActor> => {
      const row = await t.database.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      const roles = await t.database.db.selectFrom('staff_roles').selectAll().where('account_id', '=', row.id).execute();
      return { id: row.id, label: username, ip: '127.0.0.1', siteId: t.siteId, kind: 'staff', roles: roles.map((r) => r.role as never), departmentIds: roles.flatMap((r) => (r.department_id ? [r.department_id] : [])) };
    };
    const caseRow = async (id: number) => (await store.findCase(t.database.db, id))!;
    const history = async (id: number) => (await store.listEvents(t.database.db, id)).map((e) => e.kind);
    const auditCount = async (id: number) =>
      Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('target_type', '=', 'application').where('target_id', '=', String(id)).executeTakeFirstOrThrow()).n);
    const letter = async (signedOn: string, over: Record<string, string> = {}) => {
      const outcome = await registerByStaff(await ctx(), await staff('gkb'), {
        channel: 'letter', applicantColumn: 'person', applicantName: '李四', idNumber: ID_NUMBER, submittedOn: signedOn, confirmedOn: signedOn,
        description: '请公开本市某地块控制性详细规划调整的批复文件', deliveryForm: '纸质邮寄', contactAddress: '上海市黄浦区某路 1 号', ...over,
      });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
      return outcome.value;
    };
    const act = (client: Client, id: number, slug: string, form: Record<string, string>) => client.submit(`/console/applications/${id}/${slug}`, form, `/console/applications/${id}`);

    beforeAll(async () => {
      t = await startTestApp(kind);
      await installApplications(t.gk);
      deptA = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      await addDepartmentStaff(t.database, t.siteId, { username: 'cba', roles: ['handler'], departmentId: deptA, password: TEST_PASSWORD });
      office = await t.staffClient('gkb', ['disclosure_office']);
      head = await t.staffClient('fzr', ['head']);
      handler = t.client();
      expect((await handler.loginStaff('cba', TEST_PASSWORD)).status).toBe(303);
      citizenId = await t.addCitizen('zhang.san@example.com', { name: '张三' });
    });

    afterAll(async () => {
      await t?.close();
    });

    it('refuses illegal moves with a Chinese reason and writes nothing', async () => {
      const { id } = await letter('2026-09-01');
      const events = (await history(id)).length;
      const audits = await auditCount(id);
      const c = await ctx();
      const refusedWith = async (promise: Promise<{ ok: boolean; errors?: Record<string, string> }>, pattern: RegExp) => {
        const outcome = await promise;
        expect(outcome.ok).toBe(false);
        expect(Object.values(outcome.errors ?? {}).join(' ')).toMatch(pattern);
      };
      await refusedWith(replyToCase(c, id, await staff('cba'), { on: '2026-09-02', replyType: 'disclosed' }), /无权/);
      await refusedWith(assignCase(c, id, await staff('fzr'), { departmentId: deptA }), /无权/);
      await refusedWith(decideExtension(c, id, await staff('fzr'), { approve: true }), /没有待审批的延期申请/);
      await refusedWith(closeCase(c, id, await staff('gkb')), /申请当前状态为“已收到”，不能“办结”/);
      await refusedWith(replyToCase(c, id, await staff('gkb'), { on: '2026-09-02', replyType: 'other_fee_unpaid' }), /期限届满后“办结”/);
      expect((await history(id)).length).toBe(events);
      expect(await auditCount(id)).toBe(audits);

      expect((await assignCase(c, id, await staff('gkb'), { departmentId: deptA })).ok).toBe(true);
      expect((await requestCorrection(c, id, await staff('cba'), { on: today, items: ['请提供身份证明'], periodDays: 10 })).ok).toBe(true);
      await refusedWith(requestCorrection(c, id, await staff('cba'), { on: today, items: ['再补一项'] }), /不能“发出补正通知（一次性告知）”/);
      await refusedWith(sendFeeNotice(c, id, await staff('cba'), { on: today, method: 'pages', pages: 100 }), /待补正/);
      await refusedWith(closeCase(c, id, await staff('cba')), /尚未届满/);
      await refusedWith(recordCorrection(c, id, await staff('cba'), { on: '2026-08-01' }), /不能早于收到申请的日期/);

      const page = await act(handler, id, 'consultation', { on: today, party: '某设计院' });
      expect(page.status).toBe(422);
      expect(textOf(page.body)).toContain('申请当前状态为“待补正”，不能“征求第三方或其他机关意见”');
    });

    it('online intake → assign → 补正 → correction → consultation → extension by the head → reply, due date recomputed at each step', async () => {
      const submitted = await submitOnline(await ctx(), t.siteId, { id: citizenId, ip: '127.0.0.1' }, {
        idNumber: ID_NUMBER, description: '请公开2026年本区旧区改造地块的规划许可证及附图', deliveryForm: '在线查看（个人空间）', submittedAt: '2026-09-28T01:30:00Z',
      });
      if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
      const { id, number } = submitted.value;
      expect(number).toMatch(/^依申〔2026〕\d{5}号$/);
      let c = await caseRow(id);
      expect(c).toMatchObject({ received_on: '2026-09-28', due_on: '2026-10-30', applicant_column: 'person', applicant_name: '张三', contact_email: 'zhang.san@example.com', applicant_id_masked: '3101**********3236' });
      expect(c.applicant_id_enc).not.toContain(ID_NUMBER);

      expect((await act(office, id, 'assign', { departmentId: String(deptA) })).status).toBe(303);
      expect((await act(handler, id, 'correction', { on: '2026-09-30', items: '请提供身份证明\n请写明所需信息的文号', periodDays: '10' })).status).toBe(303);
      c = await caseRow(id);
      expect(c).toMatchObject({ status: 'awaiting_correction', due_on: null, waiting_until: '2026-10-20' });

      expect((await act(handler, id, 'correction-received', { on: '2026-10-12' })).status).toBe(303);
      c = await caseRow(id);
      expect(c).toMatchObject({ status: 'assigned', due_on: '2026-11-09', waiting_until: null });
      expect(addWorkingDays('2026-10-12', 20, await t.gk.services.calendar.loadCalendar()).due).toBe('2026-11-09');

      expect((await act(handler, id, 'consultation', { on: '2026-10-14', party: '某某建筑设计院' })).status).toBe(303);
      expect((await caseRow(id)).status).toBe('consulting');
      expect((await act(handler, id, 'consultation-end', { on: '2026-10-21' })).status).toBe(303);
      expect(await caseRow(id)).toMatchObject({ status: 'assigned', due_on: '2026-11-16' });

      expect((await act(handler, id, 'extension', { days: '10', reason: '涉及档案较多，需要调阅' })).status).toBe(303);
      expect((await caseRow(id)).due_on).toBe('2026-11-16');
      expect((await act(handler, id, 'extension-decision', { decision: 'approve', days: '10' })).status).toBe(403);
      expect((await act(head, id, 'extension-decision', { decision: 'approve', days: '10' })).status).toBe(303);
      expect((await caseRow(id)).due_on).toBe('2026-11-30');

      const page = textOf((await handler.get(`/console/applications/${id}`)).body);
      expect(page).toContain('应于 2026-11-30 前答复');
      expect(page).toContain('收到补正材料，答复期限自该日重新计算');
      expect(page).toContain('经负责人批准延期 10 个工作日');
      expect(page).toContain('3101**********3236');
      expect(page).not.toContain(ID_NUMBER);

      expect((await act(handler, id, 'reply', { on: today, replyType: 'disclosed', note: '已提供规划许可证' })).status).toBe(303);
      expect(await caseRow(id)).toMatchObject({ status: 'replied', reply_type: 'disclosed', replied_on: today });
      expect((await act(handler, id, 'close', {})).status).toBe(303);
      expect(await caseRow(id)).toMatchObject({ status: 'closed', closed_on: today });

      expect(await history(id)).toEqual(['received', 'assign', 'correction_requested', 'correction_received', 'consultation_started', 'consultation_ended', 'extension_requested', 'extension_approved', 'reply', 'close']);
      expect(await auditCount(id)).toBe(10);
      const inbox = await t.database.db.selectFrom('inbox_messages').select('title').where('account_id', '=', citizenId).orderBy('id').execute();
      expect(inbox.map((m) => m.title)).toEqual([
        `政府信息公开申请已收到（${number}）`, `政府信息公开申请补正通知（${number}）`, `补正材料已收到（${number}）`, `延期答复告知（${number}）`, `政府信息公开申请答复（${number}）`,
      ]);
      const mine = await caseForApplicant(t.database.db, citizenId, id);
      expect(mine?.events.map((e) => e.kind)).toEqual(['received', 'correction_requested', 'correction_received', 'extension_approved', 'reply', 'close']);
      expect((await casesOfApplicant(t.database.db, citizenId)).map((x) => x.id)).toContain(id);
    });

    it('lets the applicant submit the 补正 online: received today, the period restarts from today', async () => {
      const submitted = await submitOnline(await ctx(), t.siteId, { id: citizenId, ip: '127.0.0.1' }, { idNumber: ID_NUMBER, description: '请公开某路拓宽工程的规划设计方案', deliveryForm: '电子邮件', submittedAt: '2026-10-08T02:00:00Z' });
      if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
      const id = submitted.value.id;
      const c = await ctx();
      expect((await requestCorrection(c, id, await staff('gkb'), { on: '2026-10-09', items: ['请写明工程名称'], periodDays: 60 })).ok).toBe(true);
      const other = await t.addCitizen('other@example.com');
      expect((await submitCorrectionOnline(c, { id: other, name: '他人', ip: '-' }, id, { text: '工程名称为某路拓宽工程' })).ok).toBe(false);
      const done = await submitCorrectionOnline(c, { id: citizenId, name: '张三', ip: '-' }, id, { text: '工程名称为某路拓宽工程' });
      expect(done.ok).toBe(true);
      expect(await caseRow(id)).toMatchObject({ status: 'received', due_on: addWorkingDays(today, 20, c.calendar).due });
    });

    it('fee notice, then no payment: the daily job closes the case as 逾期未缴费', async () => {
      const { id } = await letter('2026-09-01', { applicantName: '王五', idNumber: '11010519491231002X' });
      const c = await ctx();
      expect((await assignCase(c, id, await staff('gkb'), { departmentId: deptA })).ok).toBe(true);
      expect((await act(handler, id, 'fee', { on: '2026-09-02', method: 'pages', pages: '150' })).status).toBe(303);
      const waiting = await caseRow(id);
      expect(waiting).toMatchObject({ status: 'awaiting_fee', due_on: null, waiting_until: addWorkingDays('2026-09-02', 20, c.calendar).due });
      const notice = (await store.listEvents(t.database.db, id)).find((e) => e.kind === 'fee_notice')!;
      expect(JSON.parse(notice.data)).toMatchObject({ method: 'pages', pages: 150, amount: 1700 });

      await t.gk.services.jobs.enqueue(CLOSE_LAPSED_JOB, {});
      await t.gk.services.jobs.start();
      try {
        for (let i = 0; i < 100 && (await caseRow(id)).status !== 'closed'; i++) await new Promise((r) => setTimeout(r, 100));
      } finally {
        await t.gk.services.jobs.stop();
      }
      expect(await caseRow(id)).toMatchObject({ status: 'closed', reply_type: 'other_fee_unpaid', closed_on: today });
      const last = (await store.listEvents(t.database.db, id)).at(-1)!;
      expect(last).toMatchObject({ kind: 'close', actor_name: '系统（逾期自动办结）' });
    });

    it('charges by count from the 11th application of the applicant in the month (100 元)', async () => {
      const ids: number[] = [];
      for (let i = 1; i <= 11; i++) ids.push((await letter(`2026-10-${String(8 + (i % 3)).padStart(2, '0')}`, { applicantName: '赵六', idNumber: '110101198001010053', description: `请公开第 ${i} 项规划文件` })).id);
      const c = await ctx();
      const first = ids[0]!;
      const eleventh = ids[10]!;
      for (const id of [first, eleventh]) expect((await assignCase(c, id, await staff('gkb'), { departmentId: deptA })).ok).toBe(true);
      const free = await sendFeeNotice(c, first, await staff('cba'), { on: '2026-10-12', method: 'count' });
      expect(free.ok).toBe(false);
      const paid = await sendFeeNotice(c, eleventh, await staff('cba'), { on: '2026-10-12', method: 'count' });
      expect(paid.ok).toBe(true);
      const notice = (await store.listEvents(t.database.db, eleventh)).find((e) => e.kind === 'fee_notice')!;
      expect(JSON.parse(notice.data)).toMatchObject({ method: 'count', nthApplicationThisMonth: 11, amount: 100 });
    });
  });
}
