import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSchema } from '../src/modules/accounts/accounts.schemas.js';
import { registerPublicAccount } from '../src/modules/accounts/accounts.service.js';
import { applicantRoutes, storeCaseFile } from '../src/modules/applications/applicant/index.js';
import { loadCaseRules } from '../src/modules/applications/cases/case-rules.js';
import * as cases from '../src/modules/applications/cases/cases.store.js';
import { caseContext, type CaseActor } from '../src/modules/applications/cases/context.js';
import { defineApplicationJobs } from '../src/modules/applications/cases/jobs.js';
import { assignCase, requestCorrection } from '../src/modules/applications/cases/handling.service.js';
import { submitOnline } from '../src/modules/applications/cases/intake.service.js';
import { sendFeeNotice } from '../src/modules/applications/cases/outcome.service.js';
import { receiptDate, shanghaiDate } from '../src/modules/applications/clock/receipt.js';
import { createDepartment } from '../src/modules/sites/sites.service.js';
import { addDays } from '../src/platform/calendar/plain-date.js';
import { addWorkingDays, isWorkingDay } from '../src/platform/calendar/working-days.js';
import { testDialects } from '../src/platform/db/testing.js';
import { idNumber, idWithWrongCheck } from '../src/platform/text/scanner/fixtures/generators.js';
import { buildMinimalPdf } from '../src/platform/text/scanner/fixtures/minimal-pdf.js';
import { csrfOf, textOf, type Client, type Reply } from './support/client.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';
import { postMultipart } from './support/multipart.js';

/* The applicant's side of 依申请公开: /apply, the acknowledgement, 我的申请, 补正 and payment online, letters. */

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.from('a tiny id scan')]);

const goodForm = (over: Record<string, string> = {}) => ({
  idType: '居民身份证', idNumber: idNumber('31010119900307321'), contactPhone: '13800138000', contactEmail: 'a.applicant@example.com',
  contactAddress: '上海市徐汇区龙华中路 1 号', postcode: '200030', description: '2025年徐汇区滨江地块控制性详细规划调整的批复文件（沪府规〔2025〕12号）',
  purpose: '了解住所周边规划', deliveryForm: '在线查看（个人空间）', declaration: 'yes', ...over,
});
const caseIdOf = (reply: Reply) => Number(/\/(?:apply\/received|space\/applications)\/(\d+)/.exec(reply.location ?? '')?.[1]);

for (const kind of testDialects()) {
  describe(`applicant: apply online and follow the case (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    let a: Client;
    let b: Client;
    let token: { a: string; b: string };
    let office: CaseActor;
    let departmentId: number;
    let aId: number;
    let appliedId = 0;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'gongkai-apply-'));
      t = await startTestApp(kind, { DATA_DIR: dataDir });
      // Until the lead wires the routes into src/app/routes.ts.
      if (!t.gk.app.hasRoute({ method: 'GET', url: '/apply' })) await applicantRoutes(t.gk.app, t.gk.services);
      // The cases' notices enqueue e-mails: the job must be defined (redefining is harmless).
      defineApplicationJobs(t.gk.services);
      a = await t.citizenClient('apply.a@example.com');
      b = await t.citizenClient('apply.b@example.com');
      token = { a: csrfOf((await a.get('/space')).body), b: csrfOf((await b.get('/space')).body) };
      aId = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'apply.a@example.com').executeTakeFirstOrThrow()).id;
      const gkbId = await t.addStaff('apply.gkb', ['disclosure_office']);
      office = { id: gkbId, label: '公开办', ip: '127.0.0.1', siteId: t.siteId, kind: 'staff', roles: ['disclosure_office'], departmentIds: [] };
      const dept = await createDepartment(t.database, t.siteId, { name: '详细规划管理处', code: 'GHC' }, { id: gkbId, label: '公开办', ip: '127.0.0.1', siteId: t.siteId });
      if (!dept.ok) throw new Error(JSON.stringify(dept.errors));
      departmentId = dept.value;
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('asks anonymous visitors to sign in, refuses staff, and explains the procedure with the configured periods', async () => {
      const anon = t.client();
      const page = await anon.get('/apply');
      expect(page.status).toBe(200);
      expect(page.body).toContain('href="/login?next=%2Fapply"');
      expect(textOf(page.body)).toContain('在线申请需要先登录');
      const post = await anon.post('/apply', { _csrf: await anon.csrf('/login'), ...goodForm() });
      expect(post.status).toBe(303);
      expect(post.location).toBe('/login?next=%2Fapply');
      const staff = await t.staffClient('apply.editor', ['editor']);
      expect((await staff.get('/apply')).status).toBe(403);

      const rules = await loadCaseRules(t.database.db);
      const guide = textOf((await anon.get('/apply/guide')).body);
      expect(guide).toContain(`${rules.clock.replyDays} 个工作日内答复`);
      expect(guide).toContain(`${rules.clock.correctionNoticeDays} 个工作日内一次性告知`);
      expect(guide).toContain(`最长不超过 ${rules.clock.extensionMaxDays} 个工作日`);
      expect(guide).toContain(`${rules.clock.feePaymentDays} 个工作日内缴纳`);
    });

    it('refuses bad input with 422, an error summary in Chinese, and keeps what was typed', async () => {
      const before = await cases.casesOfAccount(t.database.db, aId);
      const bad = await a.post('/apply', {
        _csrf: token.a, ...goodForm({ idNumber: idWithWrongCheck('31010119900307321'), description: '规划文件', contactEmail: 'not-an-email', postcode: '2000', deliveryForm: '', declaration: '' }),
      });
      expect(bad.status).toBe(422);
      expect(bad.body).toContain('class="error-summary"');
      const text = textOf(bad.body);
      for (const message of ['居民身份证号码有误', '至少 10 个字', '电子邮箱格式不正确', '邮政编码应为 6 位数字', '请选择获取信息的方式', '请阅读并勾选声明']) expect(text).toContain(message);
      expect(bad.body).toContain('value="not-an-email"');
      expect(bad.body).toContain('>规划文件</textarea>');
      expect(bad.body).toContain('value="13800138000"');

      const noContact = await a.post('/apply', { _csrf: token.a, ...goodForm({ contactPhone: '', contactEmail: '', contactAddress: '', postcode: '', deliveryForm: '电子邮件' }) });
      expect(noContact.status).toBe(422);
      expect(textOf(noContact.body)).toContain('请至少填写一种联系方式');

      const tooBig = await postMultipart(a, '/apply', { _csrf: token.a, ...goodForm() }, { field: 'idScan', name: 'id.png', bytes: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]) });
      expect(tooBig.status).toBe(422);
      expect(textOf(tooBig.body)).toContain('不能超过 5 MB');
      const wrongType = await postMultipart(a, '/apply', { _csrf: token.a, ...goodForm() }, { field: 'idScan', name: 'id.txt', bytes: Buffer.from('plain text') });
      expect(wrongType.status).toBe(422);
      expect(textOf(wrongType.body)).toContain('PDF、JPG 或 PNG');

      expect((await a.post('/apply', goodForm())).status).toBe(403);
      expect(await cases.casesOfAccount(t.database.db, aId)).toHaveLength(before.length);
    });

    it('creates the case with the legal receipt date, acknowledges it, and shows it in the space (only to its applicant)', async () => {
      const created = await postMultipart(a, '/apply', { _csrf: token.a, ...goodForm() }, { field: 'idScan', name: '身份证.png', bytes: PNG });
      expect(created.status, textOf(created.body).slice(0, 400)).toBe(303);
      appliedId = caseIdOf(created);
      const row = (await cases.findCase(t.database.db, appliedId))!;
      const [calendar, rules] = await Promise.all([t.gk.services.calendar.loadCalendar(), loadCaseRules(t.database.db)]);
      expect(row.received_on).toBe(receiptDate({ channel: 'online', submittedAt: row.submitted_at, rules: rules.clock, calendar }));
      expect(row.received_on >= shanghaiDate(row.submitted_at)).toBe(true);
      expect(isWorkingDay(row.received_on, calendar)).toBe(true);
      expect(row.due_on).toBe(addWorkingDays(row.received_on, rules.clock.replyDays, calendar).due);
      expect(row).toMatchObject({ channel: 'online', applicant_account_id: aId, applicant_column: 'person', status: 'received', contact_address: '上海市徐汇区龙华中路 1 号（邮编 200030）' });
      expect(row.description).toContain('【申请用途】了解住所周边规划');
      expect(row.applicant_id_enc).not.toContain('3101011990');

      const ack = await a.get(created.location!);
      expect(ack.status).toBe(200);
      const ackText = textOf(ack.body);
      for (const fact of [row.number, `收到申请日期 ${row.received_on}`, `答复期限 ${row.due_on}`]) expect(ackText).toContain(fact);
      expect(ack.body).toContain(`href="/space/applications/${appliedId}"`);

      const [scan] = await t.database.db.selectFrom('application_files').selectAll().where('application_id', '=', appliedId).execute();
      expect(scan).toMatchObject({ kind: 'id_scan', encrypted: 1, to_applicant: 0, content_type: 'image/png', size: PNG.length });
      const stored = readFileSync(join(dataDir, scan!.storage_key));
      expect(stored.includes(Buffer.from('a tiny id scan'))).toBe(false);

      const list = textOf((await a.get('/space/applications')).body);
      expect(list).toContain(row.number);
      expect(list).toContain('已收到');
      expect(list).toContain(row.due_on!);
      const detail = await a.get(`/space/applications/${appliedId}`);
      expect(detail.status).toBe(200);
      expect(textOf(detail.body)).toContain('答复期限是怎样计算的');

      expect(textOf((await b.get('/space/applications')).body)).not.toContain(row.number);
      for (const url of [`/space/applications/${appliedId}`, `/apply/received/${appliedId}`, `/space/applications/${appliedId}/files/${scan!.id}`]) expect((await b.get(url)).status, url).toBe(404);
      expect((await b.post(`/space/applications/${appliedId}/correction`, { _csrf: token.b, text: '别人的补正' })).status).toBe(404);
      expect((await a.get('/space/applications/99999999')).status).toBe(404);
      expect((await a.get('/space/applications/abc')).status).toBe(404);
    });

    it('takes the 补正 online: back to 办理中 and the reply period restarts; then the payment confirmation', async () => {
      const calendar = await t.gk.services.calendar.loadCalendar();
      const rules = await loadCaseRules(t.database.db);
      const realToday = (await caseContext(t.gk.services)).today;
      // Filed on the last working day before today, so that today's online correction comes later.
      let filedOn = addDays(realToday, -1);
      while (!isWorkingDay(filedOn, calendar)) filedOn = addDays(filedOn, -1);
      const ctx = await caseContext(t.gk.services, { today: filedOn });
      const made = await submitOnline(ctx, t.siteId, { id: aId, ip: '127.0.0.1' }, { idNumber: idNumber('31010119900307321'), description: '徐汇区龙华街道某地块规划许可证及附图', deliveryForm: '电子邮件', contactEmail: 'a.applicant@example.com', submittedAt: `${filedOn}T10:00:00+08:00` });
      if (!made.ok) throw new Error(JSON.stringify(made.errors));
      const id = made.value.id;
      expect(made.value.receivedOn).toBe(filedOn);
      expect((await assignCase(ctx, id, office, { departmentId })).ok).toBe(true);
      const asked = await requestCorrection(ctx, id, office, { on: filedOn, items: ['请写明所需规划许可证的地块名称或文号'] });
      expect(asked.ok, JSON.stringify(!asked.ok && asked.errors)).toBe(true);
      const waiting = (await cases.findCase(t.database.db, id))!;
      expect(waiting).toMatchObject({ status: 'awaiting_correction', due_on: null });

      const page = textOf((await a.get(`/space/applications/${id}`)).body);
      expect(page).toContain('补正通知');
      expect(page).toContain('请写明所需规划许可证的地块名称或文号');
      expect(page).toContain(waiting.waiting_until!);

      const empty = await postMultipart(a, `/space/applications/${id}/correction`, { _csrf: token.a, text: ' ' });
      expect(empty.status).toBe(422);
      expect(textOf(empty.body)).toContain('请填写补正内容');
      expect((await a.post(`/space/applications/${id}/correction`, { text: '没有令牌' })).status).toBe(403);

      const pdf = buildMinimalPdf(['补正说明', '地块：龙华街道 104 街坊']);
      const sent = await postMultipart(a, `/space/applications/${id}/correction`, { _csrf: token.a, text: '所需信息为龙华街道 104 街坊地块的建设工程规划许可证（沪规建〔2025〕88号）及附图' }, { field: 'file', name: '补正说明.pdf', bytes: pdf });
      expect(sent.status, textOf(sent.body).slice(0, 400)).toBe(303);
      expect(sent.location).toBe(`/space/applications/${id}?done=correction`);
      const corrected = (await cases.findCase(t.database.db, id))!;
      expect(corrected.status).toBe('assigned');
      expect(corrected.due_on).toBe(addWorkingDays(realToday, rules.clock.replyDays, calendar).due);
      expect(corrected.due_on).not.toBe(addWorkingDays(filedOn, rules.clock.replyDays, calendar).due);
      const after = textOf((await a.get(sent.location!)).body);
      expect(after).toContain('办理中');
      expect(after).toContain('收到补正材料');
      expect(after).not.toContain('提交补正');
      const files = await t.database.db.selectFrom('application_files').selectAll().where('application_id', '=', id).execute();
      expect(files.map((f) => [f.kind, f.to_applicant, f.encrypted])).toEqual([['correction', 0, 1]]);
      expect((await postMultipart(a, `/space/applications/${id}/correction`, { _csrf: token.a, text: '再补一次' })).status).toBe(422);

      const live = await caseContext(t.gk.services);
      const fee = await sendFeeNotice(live, id, office, { on: live.today, method: 'pages', pages: 120 });
      expect(fee.ok, JSON.stringify(!fee.ok && fee.errors)).toBe(true);
      const feePage = textOf((await a.get(`/space/applications/${id}`)).body);
      expect(feePage).toContain('收费通知');
      expect(feePage).toContain('待缴费');
      const none = await postMultipart(a, `/space/applications/${id}/payment`, { _csrf: token.a, reference: '' });
      expect(none.status).toBe(422);
      expect(textOf(none.body)).toContain('请填写交易流水号，或上传缴费凭证');
      const badRef = await postMultipart(a, `/space/applications/${id}/payment`, { _csrf: token.a, reference: '流水号？' });
      expect(badRef.status).toBe(422);
      expect(badRef.body).toContain('value="流水号？"');
      const paid = await postMultipart(a, `/space/applications/${id}/payment`, { _csrf: token.a, reference: 'WX20260301123456' });
      expect(paid.status, textOf(paid.body).slice(0, 400)).toBe(303);
      expect((await cases.findCase(t.database.db, id))!.status).toBe('assigned');
      const events = await cases.listEvents(t.database.db, id);
      expect(events.at(-1)).toMatchObject({ kind: 'fee_paid', actor_id: aId });
      expect(events.at(-1)!.note).toContain('WX20260301123456');
    });

    it('takes organisations by their 统一社会信用代码 (prefilled, checked) and counts them in their column', async () => {
      const creditCode = '913101047500023219';
      const input = registerSchema.parse({ kind: 'organization', name: '测试规划咨询有限公司', orgType: '商业企业', creditCode, contact: 'apply.org@example.com', password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, agree: 'on' });
      const registered = await registerPublicAccount(t.database, input, '127.0.0.1');
      if (!registered.ok) throw new Error(JSON.stringify(registered.errors));
      const org = t.client();
      expect((await org.loginPublic('apply.org@example.com', TEST_PASSWORD)).status).toBe(303);
      const form = await org.get('/apply');
      expect(form.body).toContain(`value="${creditCode}"`);
      expect(form.body).not.toContain('name="idType"');
      const fields = { _csrf: csrfOf(form.body), ...goodForm({ idType: '' }) };
      const wrong = await org.post('/apply', { ...fields, idNumber: '913101047500023218' });
      expect(wrong.status).toBe(422);
      expect(textOf(wrong.body)).toContain('统一社会信用代码应为 18 位，且校验位正确');
      const made = await org.post('/apply', { ...fields, idNumber: creditCode });
      expect(made.status, textOf(made.body).slice(0, 400)).toBe(303);
      expect(await cases.findCase(t.database.db, caseIdOf(made))).toMatchObject({ applicant_column: 'business', applicant_name: '测试规划咨询有限公司', applicant_id_masked: '9131**********3219' });
    });

    it('lets the applicant download only the letters sent to them', async () => {
      const storage = { dataDir, secret: t.gk.services.secret };
      const letterBytes = Buffer.from(buildMinimalPdf(['政府信息公开申请答复告知书']));
      const upload = (filename: string) => ({ filename, contentType: 'application/pdf', data: letterBytes });
      const letter = await storeCaseFile(t.database.db, storage, { caseId: appliedId, kind: 'letter', upload: upload('答复告知书.pdf'), createdBy: null, toApplicant: true });
      const internal = await storeCaseFile(t.database.db, storage, { caseId: appliedId, kind: 'attachment', upload: upload('内部审批单.pdf'), createdBy: null });
      const page = await a.get(`/space/applications/${appliedId}`);
      expect(page.body).toContain(`/space/applications/${appliedId}/files/${letter}`);
      expect(page.body).not.toContain('内部审批单');

      const got = await a.get(`/space/applications/${appliedId}/files/${letter}`);
      expect(got.status).toBe(200);
      expect(got.header('content-type')).toBe('application/pdf');
      expect(got.header('content-disposition')).toContain(encodeURIComponent('答复告知书.pdf'));
      expect(got.header('cache-control')).toBe('private, no-store');
      expect(Buffer.from(got.body, 'latin1').length).toBeGreaterThan(0);
      expect(got.body.startsWith('%PDF-')).toBe(true);
      const scan = await t.database.db.selectFrom('application_files').select('id').where('application_id', '=', appliedId).where('kind', '=', 'id_scan').executeTakeFirstOrThrow();
      for (const fid of [internal, scan.id, 99999999]) expect((await a.get(`/space/applications/${appliedId}/files/${fid}`)).status, String(fid)).toBe(404);
      expect((await b.get(`/space/applications/${appliedId}/files/${letter}`)).status).toBe(404);
      const other = (await cases.casesOfAccount(t.database.db, aId)).find((c) => c.id !== appliedId)!;
      expect((await a.get(`/space/applications/${other.id}/files/${letter}`)).status).toBe(404);
      expect(readdirSync(join(dataDir, 'application-files')).length).toBeGreaterThan(0);
    });
  });
}
