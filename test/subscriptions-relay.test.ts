import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSchema } from '../src/modules/accounts/accounts.schemas.js';
import { registerPublicAccount } from '../src/modules/accounts/accounts.service.js';
import type { StaffRole } from '../src/modules/accounts/roles.js';
import { relayRouteAccess } from '../src/modules/subscriptions/relay/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { usccCheckChar } from '../src/platform/text/scanner/official-numbers.js';
import { csrfOf, textOf, type Client } from './support/client.js';
import { library } from './support/library.js';
import { listRoutes, routeKey } from './support/routes.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

const POLICY = '关于支持中小企业数字化转型的若干措施';
const TITLE = '中小企业数字化转型政策知识点';
const FAQ = '问：哪些企业可以申请？\n答：在本市注册、符合中小企业划型标准的企业。\n\n问：到哪里办理？\n答：通过“一网通办”平台在线提交。';
const SCRIPT = '各会员单位：本市出台支持中小企业数字化转型的措施，符合条件的企业可在线申请补贴，详情请咨询 12345。';

let orgSeq = 0;
const creditCode = () => {
  orgSeq += 1;
  const first17 = `9131000${String(orgSeq).padStart(2, '0')}MA1K4X7B`.slice(0, 17);
  return first17 + usccCheckChar(first17);
};

describe.each(testDialects())('政策知识点 relay packages (%s)', (kind) => {
  let t: TestApp;
  let dataDir: string;
  let policyId: number;
  let interpretationId: number;
  let draftPolicyId: number;
  let author: Client;
  let reviewer: Client;
  let editor: Client;
  let citizen: Client;
  const orgs: Record<string, { client: Client; id: number }> = {};
  let packageId: number;

  async function org(key: string, name: string) {
    const email = `${key}@relay.example`;
    const input = registerSchema.parse({ kind: 'organization', name, orgType: '社会公益组织', creditCode: creditCode(), contact: email, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, agree: 'on' });
    const registered = await registerPublicAccount(t.database, input, '127.0.0.1');
    if (!registered.ok) throw new Error(JSON.stringify(registered.errors));
    const client = t.client();
    expect((await client.loginPublic(email, TEST_PASSWORD)).status).toBe(303);
    orgs[key] = { client, id: registered.value };
    return orgs[key];
  }

  const audit = (action: string) => t.database.db.selectFrom('audit_log').select(['actor_id', 'target_id', 'summary']).where('action', '=', action).execute();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gk-relay-'));
    t = await startTestApp(kind, { DATA_DIR: dataDir });
    const lib = library(t);
    [policyId, interpretationId] = await lib.publish(
      { title: POLICY, docNumber: '沪规划资源规〔2025〕3号', body: '为支持本市中小企业数字化转型，制定以下措施。一、加大财政支持。二、优化公共服务。' },
      { title: `《${POLICY}》政策解读`, type: 'interpretation', body: '一、出台背景。二、主要内容：对符合条件的企业给予补贴。' },
    ) as [number, number];
    await lib.relate(interpretationId, policyId, 'interprets');
    draftPolicyId = await lib.insert('尚未发布的政策草稿');
    author = await t.staffClient('relay.author', ['editor', 'reviewer']);
    reviewer = await t.staffClient('relay.reviewer', ['reviewer']);
    editor = await t.staffClient('relay.editor', ['editor']);
    citizen = await t.citizenClient('relay.citizen@example.com');
    await org('assoc', '浦东新区软件行业协会');
    await org('chamber', '张江商会');
    await org('pending', '某某园区管理委员会');
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an organisation applies to be a relay point (errors in Chinese, input kept); a person is told it is for organisations', async () => {
    const a = orgs.assoc!.client;
    const page = await a.get('/space/relay');
    expect(page.status).toBe(200);
    expect(page.body).toContain('申请成为转发点');
    const bad = await a.post('/space/relay/apply', { _csrf: csrfOf(page.body), relay_type: '银行', area: '', notes: '联系人：王老师' });
    expect(bad.status).toBe(422);
    expect(textOf(bad.body)).toContain('请选择转发点类型');
    expect(textOf(bad.body)).toContain('请填写服务范围');
    expect(bad.body).toContain('联系人：王老师');
    for (const [key, type] of [['assoc', 'association'], ['chamber', 'chamber'], ['pending', 'park']] as const) {
      const c = orgs[key]!.client;
      const ok = await c.submit('/space/relay/apply', { relay_type: type, area: '浦东新区张江镇', notes: '' }, '/space/relay');
      expect(ok.status).toBe(303);
    }
    expect(textOf((await a.get('/space/relay')).body)).toContain('待审核');
    const again = await a.submit('/space/relay/apply', { relay_type: 'association', area: '浦东', notes: '' }, '/space/relay');
    expect(again.status).toBe(422);
    expect(textOf(again.body)).toContain('您的申请正在审核中');

    const person = await citizen.get('/space/relay');
    expect(person.status).toBe(200);
    expect(textOf(person.body)).toContain('您使用的是个人账号，不能申请成为转发点');
    const personApply = await citizen.submit('/space/relay/apply', { relay_type: 'association', area: '浦东', notes: '' }, '/space/relay');
    expect(personApply.status).toBe(422);
    expect(textOf(personApply.body)).toContain('转发点仅限法人或其他组织账号申请');
  });

  it('a reviewer approves relay points (audited); a rejection needs a reason; editors may not decide', async () => {
    const list = await reviewer.get('/console/relay-packages/members');
    expect(list.status).toBe(200);
    expect(textOf(list.body)).toContain('浦东新区软件行业协会');
    const memberId = async (key: string) => (await t.database.db.selectFrom('relay_members').select('id').where('account_id', '=', orgs[key]!.id).executeTakeFirstOrThrow()).id;
    const noReason = await reviewer.submit('/console/relay-packages/members/decide', { member_id: String(await memberId('chamber')), decision: 'reject', note: '' }, '/console/relay-packages/members');
    expect(noReason.status).toBe(422);
    expect(textOf(noReason.body)).toContain('不通过时请写明理由');
    const junk = await reviewer.submit('/console/relay-packages/members/decide', { member_id: 'x', decision: 'maybe' }, '/console/relay-packages/members');
    expect(junk.status).toBe(422);
    for (const key of ['assoc', 'chamber']) {
      const ok = await reviewer.submit('/console/relay-packages/members/decide', { member_id: String(await memberId(key)), decision: 'approve', note: '' }, '/console/relay-packages/members');
      expect(ok.status).toBe(303);
    }
    const twice = await reviewer.submit('/console/relay-packages/members/decide', { member_id: String(await memberId('assoc')), decision: 'approve', note: '' }, '/console/relay-packages/members');
    expect(textOf(twice.body)).toContain('该申请已经处理过了');
    expect((await audit('relay.member.approve')).map((r) => Number(r.target_id)).sort()).toEqual([await memberId('assoc'), await memberId('chamber')].sort());
    expect((await editor.get('/console/relay-packages/members')).status).toBe(403);
    expect(textOf((await orgs.assoc!.client.get('/space/relay')).body)).toContain('正在接收新发布的政策知识点');
  });

  it('an editor composes a package: interpretation found from the policy, FAQ parsed with line-numbered errors', async () => {
    const pick = await author.get('/console/relay-packages/new');
    expect(pick.status).toBe(200);
    const notPolicy = await author.get(`/console/relay-packages/new?document=${draftPolicyId}`);
    expect(notPolicy.status).toBe(422);
    expect(textOf(notPolicy.body)).toContain('不是已发布、主动公开且现行有效的政策文件');
    expect((await author.get('/console/relay-packages/new?document=沪规划资源规〔2099〕1号')).status).toBe(422);

    const form = await author.get(`/console/relay-packages/new?document=${encodeURIComponent('沪规划资源规〔2025〕3号')}`);
    expect(form.status).toBe(200);
    expect(form.body).toContain(`name="interpretation_ids" value="${interpretationId}" checked`);
    const base = { _csrf: csrfOf(form.body), document_id: String(policyId), title: TITLE, interpretation_ids: String(interpretationId), script: SCRIPT };

    const badFaq = await author.post('/console/relay-packages/new', { ...base, faq: '问：哪些企业可以申请？\n\n问：到哪里办理？\n答：网上。' });
    expect(badFaq.status).toBe(422);
    expect(textOf(badFaq.body)).toContain('第 1 行的问题缺少「答：」');
    expect(badFaq.body).toContain(SCRIPT);
    const badOther = await author.post('/console/relay-packages/new', { ...base, title: '', interpretation_ids: '999999', faq: FAQ, script: '短' });
    expect(badOther.status).toBe(422);
    expect(textOf(badOther.body)).toContain('请填写标题');
    expect(textOf(badOther.body)).toContain('请填写宣传口径');
    const foreign = await author.post('/console/relay-packages/new', { ...base, document_id: String(draftPolicyId), faq: FAQ });
    expect(foreign.status).toBe(422);

    const created = await author.post('/console/relay-packages/new', { ...base, faq: FAQ });
    expect(created.status).toBe(303);
    packageId = Number(/\/console\/relay-packages\/(\d+)/.exec(created.location ?? '')![1]);
    const preview = await author.get(`/console/relay-packages/${packageId}`);
    expect(textOf(preview.body)).toContain('需由另一位审核人员发布');
    expect(textOf(preview.body)).toContain('哪些企业可以申请？');
    expect(await audit('relay.package.create')).toHaveLength(1);
  });

  it('a draft is not public; the author cannot publish it; a reviewer publishes once and the relay event goes to the approved members', async () => {
    expect((await t.client().get(`/relay/${packageId}`)).status).toBe(404);
    expect((await t.client().get(`/relay/${packageId}/package.pdf`)).status).toBe(404);
    expect((await editor.submit(`/console/relay-packages/${packageId}/publish`, {}, `/console/relay-packages/${packageId}`)).status).toBe(403);
    const own = await author.submit(`/console/relay-packages/${packageId}/publish`, {}, `/console/relay-packages/${packageId}`);
    expect(own.status).toBe(422);
    expect(textOf(own.body)).toContain('不能发布自己编写的政策知识点');

    const first = await reviewer.submit(`/console/relay-packages/${packageId}/publish`, {}, `/console/relay-packages/${packageId}`);
    expect(first.status).toBe(303);
    expect(first.location).toBe(`/console/relay-packages/${packageId}?published=1`);
    const second = await reviewer.post(`/console/relay-packages/${packageId}/publish`, { _csrf: await reviewer.csrf('/console/relay-packages') });
    expect(second.status).toBe(303);

    const events = await t.database.db.selectFrom('notify_events').selectAll().where('kind', '=', 'relay').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.dedupe_key).toBe(`relay:${packageId}`);
    const payload = JSON.parse(events[0]!.payload) as { relayPackageId: number; path: string; audience: { accountIds: number[]; accountKinds: string[] } };
    expect(payload.relayPackageId).toBe(packageId);
    expect(payload.path).toBe(`/relay/${packageId}`);
    expect(payload.audience.accountKinds).toEqual(['organization']);
    expect([...payload.audience.accountIds].sort((x, y) => x - y)).toEqual([orgs.assoc!.id, orgs.chamber!.id].sort((x, y) => x - y));
    expect(await audit('relay.package.publish')).toHaveLength(1);
  });

  it('the public page shows the package and is cacheable; .docx and .pdf carry the Chinese title', async () => {
    const page = await t.client().get(`/relay/${packageId}`);
    expect(page.status).toBe(200);
    expect(page.header('cache-control')).toMatch(/^public/);
    const text = textOf(page.body);
    for (const s of [TITLE, POLICY, '政策解读', '哪些企业可以申请？', '通过“一网通办”平台在线提交。', SCRIPT]) expect(text).toContain(s);
    expect(page.body).toContain(`href="/documents/${policyId}"`);
    await t.addSite('relay-other', '另一站点', 'relay-other.example');
    expect((await t.client({ host: 'relay-other.example' }).get(`/relay/${packageId}`)).status).toBe(404);
    expect((await t.client({ host: 'relay-other.example' }).get(`/relay/${packageId}/package.docx`)).status).toBe(404);
    expect((await t.client().get('/relay/abc')).status).toBe(404);

    const docx = await t.client().request({ method: 'GET', url: `/relay/${packageId}/package.docx` });
    expect(docx.status).toBe(200);
    expect(docx.header('content-type')).toContain('wordprocessingml');
    const raw = await t.gk.app.inject({ method: 'GET', url: `/relay/${packageId}/package.docx` });
    const docxText = (await mammoth.extractRawText({ buffer: raw.rawPayload })).value;
    expect(docxText).toContain(TITLE);
    expect(docxText).toContain('哪些企业可以申请？');

    const pdf = await t.gk.app.inject({ method: 'GET', url: `/relay/${packageId}/package.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.length).toBeLessThan(300_000);
    const pdfText = (await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true })).text.replace(/\s+/g, '');
    expect(pdfText).toContain(TITLE);
    expect(pdfText).toContain('哪些企业可以申请？');
  });

  it('a recipient records relays with validated reach; others cannot see or mark the package; the console adds it up', async () => {
    const a = orgs.assoc!.client;
    const page = await a.get('/space/relay');
    expect(textOf(page.body)).toContain(TITLE);
    const csrf = csrfOf(page.body);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const good = { _csrf: csrf, package_id: String(packageId), relayed_on: today, channel: 'meeting', reach: '120', note: '会员大会' };
    for (const [reach, message] of [['0', '覆盖人数至少为 1'], ['abc', '覆盖人数应为整数'], ['2000000', '覆盖人数不超过'], ['', '请填写覆盖人数'], ['-5', '覆盖人数应为整数']] as const) {
      const reply = await a.post('/space/relay/report', { ...good, reach });
      expect(reply.status, reach).toBe(422);
      expect(textOf(reply.body)).toContain(message);
    }
    const future = await a.post('/space/relay/report', { ...good, relayed_on: '2999-01-01' });
    expect(textOf(future.body)).toContain('转发日期不能晚于今天');
    const early = await a.post('/space/relay/report', { ...good, relayed_on: '2020-01-01' });
    expect(textOf(early.body)).toContain('转发日期不能早于发布日期');
    const noChannel = await a.post('/space/relay/report', { ...good, channel: 'tv', note: '保留的备注' });
    expect(textOf(noChannel.body)).toContain('请选择转发渠道');
    expect(noChannel.body).toContain('保留的备注');

    expect((await a.post('/space/relay/report', good)).status).toBe(303);
    expect((await a.post('/space/relay/report', { ...good, channel: 'wechat', reach: '1,500', note: '' })).status).toBe(303);

    for (const other of [orgs.pending!.client, citizen]) {
      const reply = await other.post('/space/relay/report', { ...good, _csrf: await other.csrf('/space/relay') });
      expect(reply.status).toBe(404);
      expect(textOf((await other.get('/space/relay')).body)).not.toContain(TITLE);
    }
    expect((await a.post('/space/relay/report', { ...good, package_id: '999999' })).status).toBe(404);
    expect((await a.post('/space/relay/report', { ...good, package_id: 'abc' })).status).toBe(404);

    const overview = await reviewer.get(`/console/relay-packages/${packageId}`);
    const text = textOf(overview.body);
    expect(text).toContain('2 接收转发点');
    expect(text).toContain('1 已转发');
    expect(text).toContain('1620 覆盖人数');
    expect(text).toContain('张江商会');
    expect(text).toContain('未登记转发');

    const xlsx = await t.gk.app.inject({ method: 'GET', url: `/console/relay-packages/${packageId}/export.xlsx`, headers: { cookie: [...reviewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain('浦东新区软件行业协会');
    expect(cells).toContain('1620');
    expect(await audit('relay.report')).toHaveLength(2);
  });

  it('an organisation may pause receiving; the next package does not go to it', async () => {
    const chamber = orgs.chamber!.client;
    expect((await chamber.submit('/space/relay/subscription', { subscribed: '0' }, '/space/relay')).status).toBe(303);
    const form = await author.get(`/console/relay-packages/new?document=${policyId}`);
    const created = await author.post('/console/relay-packages/new', { _csrf: csrfOf(form.body), document_id: String(policyId), title: '第二期政策知识点', faq: FAQ, script: SCRIPT });
    const id = Number(/(\d+)\?done/.exec(created.location ?? '')![1]);
    expect((await reviewer.submit(`/console/relay-packages/${id}/publish`, {}, `/console/relay-packages/${id}`)).status).toBe(303);
    const recipients = await t.database.db.selectFrom('relay_recipients').select('account_id').where('package_id', '=', id).execute();
    expect(recipients.map((r) => r.account_id)).toEqual([orgs.assoc!.id]);
  });

  it('every console route of this part is in relayRouteAccess and admits exactly those roles', async () => {
    const routes = listRoutes(t.gk.app).filter((r) => r.url.startsWith('/console/relay-packages')).map(routeKey).sort();
    expect(routes).toEqual(Object.keys(relayRouteAccess).sort());
    const roles: StaffRole[] = ['editor', 'reviewer', 'admin', 'handler', 'disclosure_office'];
    const clients = new Map<StaffRole, Client>();
    for (const role of roles) clients.set(role, await t.staffClient(`relay.sweep.${role}`, [role]));
    for (const [key, allowed] of Object.entries(relayRouteAccess)) {
      const [method, path] = key.split(' ') as ['GET' | 'POST', string];
      const url = path.replace(':id', String(packageId));
      for (const role of roles) {
        const c = clients.get(role)!;
        const reply = method === 'GET' ? await c.get(url) : await c.post(url, { _csrf: await c.csrf('/console/account') });
        if (allowed.includes(role)) expect(reply.status, `${role} ${key}`).not.toBe(403);
        else expect(reply.status, `${role} ${key}`).toBe(403);
        expect(reply.status, `${role} ${key}`).toBeLessThan(500);
      }
    }
  });
});
