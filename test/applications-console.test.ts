import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../src/modules/applications/cases/case-rules.js';
import { actionSlugs } from '../src/modules/applications/cases/console/access.js';
import * as store from '../src/modules/applications/cases/cases.store.js';
import { addDepartment, installApplications } from '../src/modules/applications/cases/testing.js';
import { addDays } from '../src/platform/calendar/plain-date.js';
import { addWorkingDays } from '../src/platform/calendar/working-days.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const person = { applicantColumn: 'person', applicantName: '李四', idNumber: '310101199003073236', contactPhone: '021-12345678', description: '请公开某地块控制性详细规划的批复文件', deliveryForm: '当面领取' };

for (const kind of testDialects()) {
  describe(`applications console (${kind})`, () => {
    let t: TestApp;
    let office: Client;
    let head: Client;
    let department: number;
    const today = todayInShanghai();
    const register = (form: Record<string, string>) => office.submit('/console/applications/new', form);
    const idOf = (location: string | undefined) => Number(/\/console\/applications\/(\d+)/.exec(location ?? '')?.[1]);

    beforeAll(async () => {
      t = await startTestApp(kind);
      await installApplications(t.gk);
      department = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      office = await t.staffClient('gkb', ['disclosure_office']);
      head = await t.staffClient('fzr', ['head']);
    });

    afterAll(async () => {
      await t?.close();
    });

    it('registers a letter: validated in Chinese (422, error summary, input kept), receipt date = day signed for', async () => {
      const empty = await register({});
      expect(empty.status).toBe(422);
      expect(empty.body).toContain('error-summary');
      expect(textOf(empty.body)).toContain('请选择申请方式');
      const wrong = await register({ ...person, channel: 'letter', idNumber: '310101199003073237', submittedOn: '2026-09-25' });
      expect(wrong.status).toBe(422);
      expect(textOf(wrong.body)).toContain('居民身份证号码有误');
      expect(textOf(wrong.body)).toContain('信函申请请填写本机关签收日期');
      expect(wrong.body).toContain('value="李四"');
      expect((await office.post('/console/applications/new', { ...person, channel: 'letter', submittedOn: '2026-09-25', confirmedOn: '2026-09-28' })).status).toBe(403);
      const ok = await register({ ...person, channel: 'letter', submittedOn: '2026-09-25', confirmedOn: '2026-09-28' });
      expect(ok.status).toBe(303);
      const c = (await store.findCase(t.database.db, idOf(ok.location)))!;
      expect(c).toMatchObject({ channel: 'letter', received_on: '2026-09-28', due_on: '2026-10-30', status: 'received', applicant_id_masked: '3101**********3236' });
      expect(textOf((await office.get(ok.location!)).body)).toContain('申请已登记，受理回执已发送给申请人');
    });

    it('marks overdue cases red and cases due within 5 working days amber, with counts and filters', async () => {
      const calendar = await t.gk.services.calendar.loadCalendar();
      const overdue = await register({ ...person, applicantName: '逾期案件人', channel: 'in_person', submittedOn: '2026-09-01' });
      const target = addWorkingDays(today, 2, calendar).due;
      let day = addDays(today, -60);
      while (addWorkingDays(day, 20, calendar).due !== target) day = addDays(day, 1);
      const soon = await register({ ...person, applicantName: '将到期案件人', channel: 'in_person', submittedOn: day });
      expect((await store.findCase(t.database.db, idOf(soon.location)))!.due_on).toBe(target);
      const page = await office.get('/console/applications');
      expect(page.status).toBe(200);
      const row = (name: string) => new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${name}(?:(?!</tr>)[\\s\\S])*</tr>`).exec(page.body)?.[0] ?? '';
      expect(row('逾期案件人')).toContain('class="overdue"');
      expect(row('逾期案件人')).toContain('tag tag-red');
      expect(row('将到期案件人')).toContain('tag tag-amber');
      expect(textOf(row('将到期案件人'))).toContain('还剩 2 个工作日');
      expect(textOf(page.body)).toMatch(/已逾期 [1-9]\d* 件/);
      const filtered = textOf((await office.get('/console/applications?overdue=1')).body);
      expect(filtered).toContain('逾期案件人');
      expect(filtered).not.toContain('将到期案件人');
      expect(idOf(overdue.location)).toBeGreaterThan(0);
    });

    it('answers bad ids and odd queries without errors', async () => {
      for (const path of ['/console/applications/abc', '/console/applications/0', '/console/applications/99999999999', '/console/applications/2147483647']) {
        expect((await office.get(path)).status, path).toBe(404);
      }
      const odd = await office.get('/console/applications?status=%3Cscript%3E&department=x&page=-1&q=%25_!&overdue=yes');
      expect(odd.status).toBe(200);
      expect(odd.body).not.toContain('<script>');
    });

    it('shows the next action first and folds the others into <details>, opening one sent back with errors', async () => {
      const created = await register({ ...person, applicantName: '赵六', channel: 'in_person', submittedOn: '2026-10-12' });
      const id = idOf(created.location);
      const from = `/console/applications/${id}`;
      const fresh = (await office.get(from)).body;
      expect(fresh.indexOf('id="a-assign"')).toBeLessThan(fresh.indexOf('<details'));
      expect(fresh).not.toMatch(/<details[^>]*><summary>分办<\/summary>/);
      expect((await office.submit(`${from}/assign`, { departmentId: String(department) }, from)).status).toBe(303);
      const assigned = (await office.get(from)).body;
      const firstAction = /<section class="panel action" id="a-([a-z-]+)"/.exec(assigned)?.[1];
      expect(firstAction).toBe('reply');
      expect(assigned).toMatch(/<details id="d-correction" class="action-more"><summary>补正通知（一次性告知）<\/summary>/);
      const refused = await office.submit(`${from}/correction`, { on: '2026-10-13', items: '', periodDays: '10' }, from);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatch(/<details id="d-correction" class="action-more" open="">|<details id="d-correction" class="action-more" open>/);
    });

    it('keeps the action form input on a refused action and never fails with 500 on nonsense', async () => {
      const created = await register({ ...person, applicantName: '王五', channel: 'in_person', submittedOn: '2026-10-12' });
      const id = idOf(created.location);
      const from = `/console/applications/${id}`;
      const refused = await office.submit(`${from}/reply`, { on: '2026-10-13', replyType: '', note: '当场答复' }, from);
      expect(refused.status).toBe(422);
      expect(textOf(refused.body)).toContain('答复类型：请选择答复类型');
      expect(refused.body).toContain('当场答复');
      const nonsense = { on: '2026-13-45', days: 'abc', departmentId: '99999999999', replyType: '<b>x</b>', decision: 'maybe', method: 'zzz', pages: '-1', periodDays: '0', laterDueOn: 'x', party: '', items: '', reason: '', note: 'x'.repeat(5000) };
      for (const slug of Object.keys(actionSlugs).filter((s) => s !== 'withdraw' && s !== 'close')) {
        const client = slug === 'extension-decision' ? head : office;
        const reply = await client.submit(`${from}/${slug}`, nonsense, from);
        expect([403, 422], `${slug} → ${reply.status}`).toContain(reply.status);
        expect(reply.body).not.toContain('<b>x</b>');
      }
      expect((await office.submit(`${from}/assign`, { departmentId: String(department) }, from)).status).toBe(303);
      expect((await store.listEvents(t.database.db, id)).map((e) => e.kind)).toEqual(['received', 'assign']);
    });
  });
}
