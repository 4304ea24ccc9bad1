import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoleCodes, type StaffRole } from '../src/modules/accounts/roles.js';
import { documentConsoleRoutes } from '../src/modules/documents/console/index.js';
import { documentInputSchema } from '../src/modules/documents/documents.schemas.js';
import * as store from '../src/modules/documents/documents.store.js';
import { createDraft } from '../src/modules/documents/editing.service.js';
import { testDialects } from '../src/platform/db/testing.js';
import { buildMinimalDocx } from '../src/platform/text/scanner/fixtures/minimal-docx.js';
import { buildMinimalPdf } from '../src/platform/text/scanner/fixtures/minimal-pdf.js';
import { textOf, type Client, type Form, type Reply } from './support/client.js';
import { fillParams, listRoutes, routeKey } from './support/routes.js';
import { postMultipart } from './support/multipart.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { documentRouteAccess as expectedAccess } from './support/documents-access.js';

const ID_NUMBER = '310101199003073236';

const draftFields = (over: Record<string, string> = {}) => ({
  type: 'normative', title: '关于加强控制性详细规划管理的通知', docNumber: '沪规划资源规〔2026〕3号', issuers: '上海市规划和自然资源局',
  theme: '详细规划', disclosureMethod: '政府网站', body: '各区规划资源局：为进一步加强控制性详细规划管理，现就有关事项通知如下。', ...over,
});
const idOf = (reply: Reply) => Number(/\/console\/documents\/(\d+)/.exec(reply.location ?? '')?.[1]);

for (const kind of testDialects()) {
  describe(`documents console (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    const c: Record<string, Client> = {};
    const token: Record<string, string> = {};
    const post = (who: string, url: string, form: Form = {}) => c[who]!.post(url, { _csrf: token[who]!, ...form });
    const doc = async (id: number) => (await store.findDocument(t.database.db, id))!;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'gongkai-docs-'));
      t = await startTestApp(kind, { DATA_DIR: dataDir });
      // Until the lead wires the routes into src/app/routes.ts.
      if (!t.gk.app.hasRoute({ method: 'GET', url: '/console/documents' })) await documentConsoleRoutes(t.gk.app, t.gk.services);
      const people: Record<string, StaffRole[]> = { editor: ['editor'], author: ['editor', 'reviewer'], reviewer: ['reviewer'], secrecy: ['confidentiality'], head: ['head'], gkb: ['disclosure_office'], admin: ['admin'] };
      for (const [name, roles] of Object.entries(people)) c[name] = await t.staffClient(name, roles);
      for (const role of staffRoleCodes) c[`only-${role}`] = await t.staffClient(`only.${role.replace(/_/g, '-')}`, [role]);
      c.citizen = await t.citizenClient('docs.citizen@example.com');
      for (const [name, client] of Object.entries(c)) token[name] = await client.csrf(name === 'citizen' ? '/space' : '/console');
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function approveAll(id: number) {
      const version = String((await doc(id)).current_version);
      expect((await post('reviewer', `/console/documents/${id}/review`, { version, decision: 'approve', disclosure: 'proactive' })).status).toBe(303);
      expect((await post('secrecy', `/console/documents/${id}/review`, { version, decision: 'approve' })).status).toBe(303);
      expect((await post('head', `/console/documents/${id}/review`, { version, decision: 'approve', comment: '同意发布' })).status).toBe(303);
    }
    const draft = async (who: string, over: Record<string, string> = {}) => {
      const reply = await post(who, '/console/documents/new', draftFields(over));
      expect(reply.status, textOf(reply.body).slice(0, 400)).toBe(303);
      return idOf(reply);
    };

    it('drafts from a .docx, takes three reviews by other people in order through the forms, and publishes', async () => {
      expect((await c.editor!.get('/console/documents/new')).body).toContain('enctype="multipart/form-data"');
      const docx = buildMinimalDocx(['各区规划资源局：', '为进一步加强控制性详细规划管理，现就有关事项通知如下。']);
      const created = await postMultipart(c.editor!, '/console/documents/new', { _csrf: token.editor!, ...draftFields({ body: '' }) }, { field: 'bodyFile', name: '通知.docx', bytes: docx });
      expect(created.status, textOf(created.body).slice(0, 600)).toBe(303);
      const id = idOf(created);
      const v1 = (await store.findVersion(t.database.db, id, 1))!;
      expect(v1.body_html).toBe('<p>各区规划资源局：</p><p>为进一步加强控制性详细规划管理，现就有关事项通知如下。</p>');
      expect((await post('editor', `/console/documents/${id}/submit`)).status).toBe(303);
      const page = await c.reviewer!.get(`/console/documents/${id}`);
      expect(page.body).toContain('公开属性认定（第 1 版）');
      expect((await c.secrecy!.get(`/console/documents/${id}`)).body).not.toContain('id="review-title"');
      // Out of order: the head's step is not next, so the head's post is refused.
      expect((await post('head', `/console/documents/${id}/review`, { version: '1', decision: 'approve' })).status).toBe(403);
      await approveAll(id);
      expect((await doc(id)).status).toBe('approved');
      expect((await c.editor!.get(`/console/documents/${id}`)).body).toContain('id="publish-title"');
      expect((await post('editor', `/console/documents/${id}/publish`, { when: 'now' })).status).toBe(303);
      expect((await doc(id)).status).toBe('published');
      const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', String(id)).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['document.create', 'document.submit', 'document.review.attribute', 'document.review.confidentiality', 'document.review.approval', 'document.publish']));
      const withdrawn = await post('gkb', `/console/documents/${id}/withdraw`, { reason: '短' });
      expect([withdrawn.status, withdrawn.body.includes('请填写撤回理由')]).toEqual([422, true]);
      expect((await post('gkb', `/console/documents/${id}/withdraw`, { reason: '内容有误需要更正' })).status).toBe(303);
      expect((await doc(id)).withdrawn_reason).toBe('内容有误需要更正');
    });

    it('never lets the author review their own draft: no form, and a forged post is refused', async () => {
      const id = await draft('author');
      expect((await post('author', `/console/documents/${id}/submit`)).status).toBe(303);
      const page = await c.author!.get(`/console/documents/${id}`);
      expect(page.body).not.toContain('id="review-title"');
      expect(textOf(page.body)).toContain('您起草或修改了本文件，不能审查本文件');
      const forged = await post('author', `/console/documents/${id}/review`, { version: '1', decision: 'approve', disclosure: 'proactive' });
      expect(forged.status).toBe(403);
      expect(await t.database.db.selectFrom('document_reviews').selectAll().where('document_id', '=', id).execute()).toHaveLength(0);
    });

    it('blocks publishing while an ID number is unmasked; 一键脱敏 clears it', async () => {
      const id = await draft('editor', { title: '关于拟确认保障对象的公示', body: `经审核，张三（身份证号${ID_NUMBER}）符合条件，现予公示。` });
      const page = await c.editor!.get(`/console/documents/${id}`);
      expect(textOf(page.body)).toContain('身份证号码');
      expect(textOf((await c.editor!.get('/console/documents?q=保障对象')).body)).toContain('1 处待处理');
      await post('editor', `/console/documents/${id}/submit`);
      await approveAll(id);
      expect(textOf((await c.editor!.get(`/console/documents/${id}`)).body)).toContain('敏感信息检测有 1 处未处理');
      const refused = await post('editor', `/console/documents/${id}/publish`, { when: 'now' });
      expect([refused.status, (await doc(id)).status]).toEqual([422, 'approved']);
      const finding = (await t.database.db.selectFrom('scan_findings').select('id').where('document_id', '=', id).where('status', '=', 'open').executeTakeFirstOrThrow()).id;
      expect((await post('editor', `/console/documents/${id}/findings/${finding}/mask`)).status).toBe(303);
      const masked = await doc(id);
      expect([masked.status, masked.current_version]).toEqual(['draft', 2]);
      expect((await store.findVersion(t.database.db, id, 2))!.body_text).not.toContain(ID_NUMBER);
      await post('editor', `/console/documents/${id}/submit`);
      await approveAll(id);
      const scheduled = await post('editor', `/console/documents/${id}/publish`, { when: 'schedule', at: '2099-01-01T09:00' });
      expect(scheduled.status).toBe(422);
      expect(scheduled.body).toContain('value="2099-01-01T09:00"');
      const at = new Date(Date.now() + 2 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
      expect((await post('editor', `/console/documents/${id}/publish`, { when: 'schedule', at })).status).toBe(303);
      expect(await doc(id)).toMatchObject({ status: 'scheduled', scheduled_at: new Date(`${at}:00+08:00`).toISOString() });
    });

    it('uploads attachments by content, serves them to staff, refuses disguised files, removes softly', async () => {
      const id = await draft('editor', { title: '关于附件上传的测试通知' });
      const pdf = await postMultipart(c.editor!, `/console/documents/${id}/attachments`, { _csrf: token.editor! }, { field: 'file', name: '../../附件1 图则说明.pdf', bytes: buildMinimalPdf(['规划图则说明']) });
      expect(pdf.status).toBe(303);
      const docx = await postMultipart(c.editor!, `/console/documents/${id}/attachments`, { _csrf: token.editor! }, { field: 'file', name: '名单.docx', bytes: buildMinimalDocx([`李四 ${ID_NUMBER}`]) });
      expect(docx.status).toBe(303);
      const rows = await t.database.db.selectFrom('document_attachments').selectAll().where('document_id', '=', id).orderBy('id').execute();
      expect(rows.map((r) => [r.filename, r.content_type])).toEqual([['附件1 图则说明.pdf', 'application/pdf'], ['名单.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']]);
      expect(existsSync(join(dataDir, 'files', rows[0]!.sha256.slice(0, 2), rows[0]!.sha256))).toBe(true);
      expect(rows[0]!.text).toContain('规划图则说明');
      expect(textOf((await c.editor!.get(`/console/documents/${id}`)).body)).toContain('附件“名单.docx”');
      const download = await c.reviewer!.get(`/console/documents/${id}/attachments/${rows[0]!.id}`);
      expect([download.status, download.header('content-type'), download.body.slice(0, 5)]).toEqual([200, 'application/pdf', '%PDF-']);
      expect(download.header('content-disposition')).toContain("filename*=UTF-8''");
      const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(200)]);
      const disguised = await postMultipart(c.editor!, `/console/documents/${id}/attachments`, { _csrf: token.editor! }, { field: 'file', name: 'report.pdf', bytes: exe });
      expect([disguised.status, textOf(disguised.body).includes('文件内容与扩展名 .pdf 不符')]).toEqual([422, true]);
      expect((await postMultipart(c.editor!, `/console/documents/${id}/attachments`, { _csrf: token.editor! }, { field: 'file', name: 'setup.exe', bytes: exe })).status).toBe(422);
      expect((await post('editor', `/console/documents/${id}/attachments/${rows[1]!.id}/remove`)).status).toBe(303);
      expect((await c.editor!.get(`/console/documents/${id}/attachments/${rows[1]!.id}`)).status).toBe(404);
      const open = await t.database.db.selectFrom('scan_findings').select('source').where('document_id', '=', id).where('status', '=', 'open').execute();
      expect(open).toEqual([]);
    });

    it('refuses multipart posts without the CSRF token (403)', async () => {
      const id = await draft('editor', { title: '关于跨站请求测试的通知' });
      const file = { field: 'file', name: 'a.pdf', bytes: buildMinimalPdf(['测试']) };
      expect((await postMultipart(c.editor!, `/console/documents/${id}/attachments`, {}, file)).status).toBe(403);
      expect((await postMultipart(c.editor!, `/console/documents/${id}/attachments`, { _csrf: 'forged' }, file)).status).toBe(403);
      expect((await postMultipart(c.editor!, '/console/documents/new', draftFields())).status).toBe(403);
      const forged = { _csrf: token.editor, file: { kind: 'upload', filename: 'a.pdf', data: '%PDF-1.4', truncated: false } };
      const json = await c.editor!.request({ method: 'POST', url: `/console/documents/${id}/attachments`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(forged) });
      expect([json.status, textOf(json.body).includes('请选择要上传的文件')]).toEqual([422, true]);
      expect((await post('editor', '/console/documents/new', draftFields({ title: '关于\u0000空字符的测试通知' }))).status).toBe(303);
      const garbled = await c.editor!.request({ method: 'POST', url: '/console/documents/new', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\nbroken' });
      expect([400, 403]).toContain(garbled.status);
    });

    it('keeps typed input on validation errors; edits, compares versions and catches stale edits', async () => {
      const bad = await post('editor', '/console/documents/new', draftFields({ title: '短', docNumber: '测试〔2026〕9号', body: '', expiresOn: '2026-13-40' }));
      expect(bad.status).toBe(422);
      expect(bad.body).toContain('提交的内容有');
      expect(bad.body).toContain('value="测试〔2026〕9号"');
      expect(textOf(bad.body)).toContain('请填写正文');
      const id = await draft('editor', { title: '关于版本比较的测试通知' });
      const form = await c.editor!.get(`/console/documents/${id}/edit`);
      expect(form.body).toContain('name="expectedVersion" value="1"');
      const saved = await post('editor', `/console/documents/${id}/edit`, draftFields({ title: '关于版本比较的测试通知（修订）', body: '各区规划资源局：为进一步加强详细规划管理，现就有关事项通知如下。', expectedVersion: '1' }));
      expect(saved.status).toBe(303);
      const stale = await post('editor', `/console/documents/${id}/edit`, draftFields({ title: '另一人的修改标题', expectedVersion: '1' }));
      expect([stale.status, textOf(stale.body).includes('已被他人修改'), stale.body.includes('value="另一人的修改标题"')]).toEqual([422, true, true]);
      const compare = await c.reviewer!.get(`/console/documents/${id}/compare?a=1&b=2`);
      expect(compare.status).toBe(200);
      expect(compare.body).toMatch(/<del>.*控制性.*<\/del>/);
      expect(textOf(compare.body)).toContain('关于版本比较的测试通知（修订）');
      await post('editor', `/console/documents/${id}/submit`);
      const rejected = await post('reviewer', `/console/documents/${id}/review`, { version: '2', decision: 'reject', comment: '', disclosure: 'withheld' });
      expect([rejected.status, textOf(rejected.body).includes('退回时请填写意见')]).toEqual([422, true]);
      expect(rejected.body).toMatch(/value="withheld"[^>]*checked|checked[^>]*value="withheld"/);
    });

    it('records relations by 文号 and lets admins keep the sensitive-term list', async () => {
      const old = await draft('editor', { title: '关于旧规划管理规定的通知', docNumber: '沪规划资源规〔2020〕1号' });
      const repealer = await draft('editor', { title: '关于废止部分规范性文件的决定', docNumber: '沪规划资源规〔2026〕8号' });
      const missing = await post('gkb', `/console/documents/${repealer}/relations`, { kind: 'repeals', target: '沪规划资源规〔1999〕1号' });
      expect([missing.status, missing.body.includes('value="沪规划资源规〔1999〕1号"')]).toEqual([422, true]);
      expect((await post('gkb', `/console/documents/${repealer}/relations`, { kind: 'repeals', target: '沪规划资源规〔2020〕1号' })).status).toBe(303);
      // The repealing document is still a draft: the repeal takes effect when it is published.
      expect((await doc(old)).validity).toBe('current');
      expect(textOf((await c.editor!.get(`/console/documents/${old}`)).body)).toMatch(/《关于废止部分规范性文件的决定》\s*废止本文件/);
      expect((await post('gkb', `/console/documents/${repealer}/relations/remove`, { fromId: String(repealer), toId: String(old), kind: 'repeals' })).status).toBe(303);
      expect((await post('admin', '/console/sensitive-terms', { term: '内部项目代号甲' })).status).toBe(303);
      expect((await post('admin', '/console/sensitive-terms', { term: '内部项目代号甲' })).status).toBe(422);
      const id = await draft('editor', { title: '关于敏感词检测的测试通知', body: '本通知涉及内部项目代号甲的有关安排，请各单位遵照执行。' });
      expect(textOf((await c.editor!.get(`/console/documents/${id}`)).body)).toContain('敏感词');
      const term = await t.database.db.selectFrom('sensitive_terms').select('id').executeTakeFirstOrThrow();
      expect((await post('admin', `/console/sensitive-terms/${term.id}/remove`)).status).toBe(303);
      const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'document.term.%').orderBy('seq').execute();
      expect(audit.map((a) => a.action)).toEqual(['document.term.add', 'document.term.remove']);
    });

    it('answers 403 to citizens and to roles outside each route, 404 to bad ids', async () => {
      // A published document: every allowed empty post then ends in 422 or 404 and changes nothing.
      const id = await draft('editor', { title: '关于权限测试的通知', body: '咨询电话 13812345678，请各单位遵照执行。' });
      await postMultipart(c.editor!, `/console/documents/${id}/attachments`, { _csrf: token.editor! }, { field: 'file', name: 'a.pdf', bytes: buildMinimalPdf(['附件']) });
      await post('editor', `/console/documents/${id}/submit`);
      await approveAll(id);
      const fid = (await t.database.db.selectFrom('scan_findings').select('id').where('document_id', '=', id).executeTakeFirstOrThrow()).id;
      expect((await post('reviewer', `/console/documents/${id}/findings/${fid}/override`, { reason: '系公开的咨询电话' })).status).toBe(303);
      expect((await post('editor', `/console/documents/${id}/publish`, { when: 'now' })).status).toBe(303);
      const aid = (await t.database.db.selectFrom('document_attachments').select('id').where('document_id', '=', id).executeTakeFirstOrThrow()).id;
      await post('admin', '/console/sensitive-terms', { term: '权限测试词' });
      const tid = (await t.database.db.selectFrom('sensitive_terms').select('id').where('term', '=', '权限测试词').executeTakeFirstOrThrow()).id;
      const routes = listRoutes(t.gk.app).filter((r) => r.url.startsWith('/console/documents') || r.url.startsWith('/console/sensitive-terms'));
      expect(routes.map(routeKey).sort()).toEqual(Object.keys(expectedAccess).sort());
      for (const route of routes) {
        const url = fillParams(route.url, { id, fid, aid, tid });
        const send = (who: string) => (route.method === 'GET' ? c[who]!.get(url) : post(who, url));
        expect((await send('citizen')).status, `citizen ${routeKey(route)}`).toBe(403);
        for (const role of staffRoleCodes) {
          const reply = await send(`only-${role}`);
          const what = `${role}: ${routeKey(route)} → ${reply.status}`;
          if (!expectedAccess[routeKey(route)]!.includes(role)) expect(reply.status, what).toBe(403);
          else expect(route.method === 'GET' ? [200] : [200, 303, 404, 422], what).toContain(reply.status);
        }
      }
      const other = await t.addSite('other', '另一站点', 'other.example');
      const foreign = await createDraft(t.database, { id: other, siteCode: '3100000001' }, documentInputSchema.parse(draftFields()), { id: null, label: '测试', ip: '-', siteId: other });
      const foreignId = foreign.ok ? foreign.value : 0;
      for (const url of ['/console/documents/abc', '/console/documents/0', '/console/documents/99999999999', `/console/documents/${foreignId}`, `/console/documents/${id}/attachments/x`, `/console/documents/${id}/compare?a=1&b=99`, `/console/documents/${id}/compare?a=x`]) {
        expect((await c.editor!.get(url)).status, url).toBe(404);
      }
      expect((await post('editor', `/console/documents/${id}/findings/999999/mask`)).status).toBe(404);
      expect((await post('admin', '/console/sensitive-terms/abc/remove')).status).toBe(404);
    });
  });
}
