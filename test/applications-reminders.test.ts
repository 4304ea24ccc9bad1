import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../src/modules/applications/cases/cases.store.js';
import { caseContext, type CaseActor } from '../src/modules/applications/cases/context.js';
import { reminderPoint } from '../src/modules/applications/cases/deadlines.service.js';
import { assignCase } from '../src/modules/applications/cases/handling.service.js';
import { registerByStaff } from '../src/modules/applications/cases/intake.service.js';
import { REMIND_JOB } from '../src/modules/applications/cases/jobs.js';
import { addDepartment, addDepartmentStaff, installApplications } from '../src/modules/applications/cases/testing.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf } from './support/client.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

/* Reminders before the due date, e-mailed over real SMTP to the handling department. */

for (const kind of testDialects()) {
  describe(`applications: reminders by e-mail (${kind})`, () => {
    let smtp: TestSmtpServer;
    let t: TestApp;
    let assigned = 0;
    let unassigned = 0;
    const office: CaseActor = { id: null, label: '公开办', ip: '-', siteId: 0, kind: 'staff', roles: ['disclosure_office'], departmentIds: [] };

    /** Waits for a mail to `to` whose subject matches, received after `after` mails. */
    async function mail(to: string, subject: RegExp, after = 0): Promise<ReceivedMail> {
      for (let i = 0; i < 100; i++) {
        const found = smtp.received.slice(after).find((m) => m.to.includes(to) && subject.test(m.subject));
        if (found) return found;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no mail to ${to} matching ${subject}; got ${smtp.received.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`);
    }

    async function remind(today: string): Promise<void> {
      const { id } = await t.gk.services.jobs.enqueue(REMIND_JOB, { today });
      const state = async () => (await t.database.db.selectFrom('jobs').select('state').where('id', '=', Number(id)).executeTakeFirstOrThrow()).state;
      for (let i = 0; i < 100 && (await state()) !== 'done'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await state()).toBe('done');
    }

    const reminders = async (id: number) => (await store.listEvents(t.database.db, id)).filter((e) => e.kind === 'reminder_sent').map((e) => JSON.parse(e.data) as { point: unknown; dueOn: string });

    beforeAll(async () => {
      smtp = await startSmtpServer();
      t = await startTestApp(kind, { SMTP_URL: smtp.url, MAIL_FROM: '规划资源局 <noreply@ghzyj.example.gov.cn>' });
      await installApplications(t.gk);
      office.siteId = t.siteId;
      const department = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      await addDepartmentStaff(t.database, t.siteId, { username: 'h1', roles: ['handler'], departmentId: department, email: 'h1@ghzyj.example.gov.cn', password: TEST_PASSWORD });
      await addDepartmentStaff(t.database, t.siteId, { username: 'h2', roles: ['handler'], departmentId: department, password: TEST_PASSWORD });
      await addDepartmentStaff(t.database, t.siteId, { username: 'gkb', roles: ['disclosure_office'], departmentId: null, email: 'gkb@ghzyj.example.gov.cn', password: TEST_PASSWORD });
      const ctx = await caseContext(t.gk.services);
      const intake = async (name: string) => {
        const outcome = await registerByStaff(ctx, office, { channel: 'in_person', applicantColumn: 'person', applicantName: name, idNumber: '310101199003073236', submittedOn: '2026-09-28', description: '请公开某地块的规划条件', deliveryForm: '当面领取', contactPhone: '021-12345678' });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
        return outcome.value.id;
      };
      assigned = await intake('张三');
      unassigned = await intake('李四');
      expect((await assignCase(ctx, assigned, office, { departmentId: department })).ok).toBe(true);
      await t.gk.services.jobs.start();
    });

    afterAll(async () => {
      await t?.gk.services.jobs.stop();
      await t?.close();
      await smtp?.close();
    });

    it('knows which reminder point a due date is at', async () => {
      const ctx = await caseContext(t.gk.services, { today: '2026-10-23' });
      expect(reminderPoint(ctx, '2026-10-30')).toBe(5);
      expect(reminderPoint(ctx, '2026-11-02')).toBeNull();
      expect(reminderPoint({ ...ctx, today: '2026-10-29' }, '2026-10-30')).toBe(1);
      expect(reminderPoint({ ...ctx, today: '2026-10-30' }, '2026-10-30')).toBe(1);
      expect(reminderPoint({ ...ctx, today: '2026-11-02' }, '2026-10-30')).toBe('overdue');
    });

    it('mails the department’s handlers 5 and 1 working days before the due date, then when overdue — each once', async () => {
      const due = (await store.findCase(t.database.db, assigned))!;
      expect(due.due_on).toBe('2026-10-30');
      await mail('h1@ghzyj.example.gov.cn', /新分办/);

      let mark = smtp.received.length;
      await remind('2026-10-23');
      const five = await mail('h1@ghzyj.example.gov.cn', /到期提醒/, mark);
      expect(five.subject).toContain(due.number);
      expect(five.text).toContain('距答复期限（2026-10-30）还有不超过 5 个工作日');
      expect(five.text).toContain(`/console/applications/${assigned}`);
      const toOffice = await mail('gkb@ghzyj.example.gov.cn', /到期提醒/, mark);
      expect(toOffice.subject).toContain((await store.findCase(t.database.db, unassigned))!.number);
      expect(await reminders(assigned)).toEqual([{ point: 5, dueOn: '2026-10-30', recipients: 1 }]);

      await remind('2026-10-26');
      expect(await reminders(assigned)).toHaveLength(1);

      mark = smtp.received.length;
      await remind('2026-10-29');
      expect((await mail('h1@ghzyj.example.gov.cn', /到期提醒/, mark)).text).toContain('还有不超过 1 个工作日');
      await remind('2026-11-02');
      expect((await mail('h1@ghzyj.example.gov.cn', /已逾期/, mark)).text).toContain('已超过答复期限（2026-10-30）');
      expect((await reminders(assigned)).map((r) => r.point)).toEqual([5, 1, 'overdue']);

      const audit = await t.database.db.selectFrom('audit_log').select('summary').where('action', '=', 'application.reminder').where('target_id', '=', String(assigned)).execute();
      expect(audit).toHaveLength(3);
      expect(audit[0]!.summary).toContain('已发邮件提醒 1 人（1 人未登记电子邮箱）');
      const h1 = t.client();
      expect((await h1.loginStaff('h1', TEST_PASSWORD)).status).toBe(303);
      expect(textOf((await h1.get(`/console/applications/${assigned}`)).body)).toContain('已发送提醒');
    });
  });
}
