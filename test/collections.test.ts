import type { Updateable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionRoutes, collectionSchedules, defineCollectionJobs, INSPECTION_JOB } from '../src/modules/collections/index.js';
import * as documents from '../src/modules/documents/documents.store.js';
import type { DocumentsTable } from '../src/modules/documents/documents.tables.js';
import { testDialects } from '../src/platform/db/testing.js';
import { Scheduler } from '../src/platform/jobs/scheduler.js';
import { textOf as text, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* 主题库 (A3) through the real app: curation, authorization, audit, the public page and the daily inspection. */

const DAY_MS = 86_400_000;

describe.each(testDialects())('collections (%s)', (kind) => {
  let t: TestApp;
  let editor: Client;
  let seq = 0;
  const db = () => t.database.db;

  /** A document row as the library stores it: published, 主动公开 and current unless told otherwise. */
  async function addDocument(title: string, over: Updateable<DocumentsTable> = {}): Promise<number> {
    seq += 1;
    const now = new Date().toISOString();
    const id = await documents.insertDocument(db(), {
      site_id: t.siteId, type: 'normative', index_number: `3100000000/2026-9${String(seq).padStart(4, '0')}`, status: 'published', title,
      doc_number: null, issuers: '["上海市规划和自然资源局"]', theme: null, written_on: null, effective_on: null, expires_on: null,
      validity: 'current', validity_changed_on: null, disclosure: 'proactive', disclosure_reason: null, disclosure_method: '政府网站', targeted: 0,
      audience_tags: '[]', needs_interpretation: 0, interpretation_form: null, interprets_id: null, current_version: 1, published_version: 1,
      published_at: now, scheduled_at: null, withdrawn_at: null, withdrawn_reason: null, owner_id: null, department_id: null, external_id: null,
      created_at: now, updated_at: now, ...over,
    });
    await documents.insertVersion(db(), { documentId: id, version: 1, title, bodyHtml: '<p>正文内容</p>', bodyText: '正文内容', fields: {}, createdBy: null, note: '测试' });
    return id;
  }

  const actions = async (prefix: string) =>
    (await db().selectFrom('audit_log').select(['action', 'actor_label']).where('action', 'like', `${prefix}%`).orderBy('seq').execute());

  async function createCollection(client: Client, form: Record<string, string>): Promise<number> {
    const reply = await client.submit('/console/collections/new', { summary: '', staleAfterDays: '180', ...form });
    expect(reply.status, reply.body.slice(0, 300)).toBe(303);
    return Number(/^\/console\/collections\/(\d+)\?done=created$/.exec(reply.location ?? '')?.[1]);
  }

  const post = (client: Client, url: string, form: Record<string, string> = {}) => client.submit(url, form, '/console/collections');
  const itemsOf = async (collectionId: number) =>
    db().selectFrom('collection_items').selectAll().where('collection_id', '=', collectionId).orderBy('position').execute();

  beforeAll(async () => {
    t = await startTestApp(kind);
    // Until src/app/routes.ts lists the module, mount it here (before the first request readies the app).
    if (!t.gk.app.hasRoute({ method: 'GET', url: '/console/collections' })) collectionRoutes(t.gk.app, t.gk.services);
    editor = await t.staffClient('col.editor', ['editor']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends visitors to sign in and refuses citizens and staff without a curating role', async () => {
    const visitor = t.client();
    const page = await visitor.get('/console/collections');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/console/login?next=%2Fconsole%2Fcollections');
    const posted = await visitor.post('/console/collections/new', { _csrf: await visitor.csrf('/login'), title: '非法', slug: 'x1', staleAfterDays: '180' });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/^\/console\/login\?next=/);

    const citizen = await t.citizenClient('col.citizen@example.com');
    expect((await citizen.get('/console/collections')).status).toBe(403);
    expect((await citizen.get('/console/collections/inspection')).body).toContain('后台仅限工作人员使用');

    const expert = await t.staffClient('col.expert', ['expert']);
    for (const url of ['/console/collections', '/console/collections/new', '/console/collections/inspection']) expect((await expert.get(url)).status, url).toBe(403);
    const refused = await expert.submit('/console/collections/new', { title: '专家建的', slug: 'by-expert', staleAfterDays: '180' }, '/console/account');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('您的角色无权使用此功能');
    expect((await expert.submit('/console/collections/inspection/run', {}, '/console/account')).status).toBe(403);
    expect(await db().selectFrom('collections').select('id').where('slug', '=', 'by-expert').executeTakeFirst()).toBeUndefined();

    for (const roles of [['reviewer'], ['admin']] as const) {
      const staff = await t.staffClient(`col.${roles[0]}`, [...roles]);
      expect((await staff.get('/console/collections')).status).toBe(200);
    }
  });

  it('validates the collection form in Chinese, keeps the input, and audits creation and edits', async () => {
    const bad = await editor.submit('/console/collections/new', { title: '', slug: 'Bad Slug!', summary: '保留的简介', staleAfterDays: '3' });
    expect(bad.status).toBe(422);
    const body = text(bad.body);
    expect(body).toContain('请填写主题库名称');
    expect(body).toContain('访问地址应为 2–64 位小写字母');
    expect(body).toContain('巡检提醒周期应为 7–730 天');
    expect(bad.body).toContain('value="Bad Slug!"');
    expect(bad.body).toContain('保留的简介');

    const id = await createCollection(editor, { title: '城市更新', slug: 'urban-renewal' });
    const page = await editor.get(`/console/collections/${id}?done=created`);
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('主题库已创建');
    const clash = await editor.submit('/console/collections/new', { title: '另一个', slug: 'urban-renewal', staleAfterDays: '180' });
    expect(clash.status).toBe(422);
    expect(text(clash.body)).toContain('该访问地址已被其他主题库使用');

    const edited = await post(editor, `/console/collections/${id}`, { title: '城市更新专题', slug: 'urban-renewal', summary: '两旧一村改造政策集成发布', staleAfterDays: '90' });
    expect(edited.status).toBe(303);
    const invalidEdit = await post(editor, `/console/collections/${id}`, { title: '城市更新专题', slug: 'urban-renewal', staleAfterDays: 'abc' });
    expect(invalidEdit.status).toBe(422);
    expect((await db().selectFrom('collections').select('stale_after_days').where('id', '=', id).executeTakeFirstOrThrow()).stale_after_days).toBe(90);
    expect((await post(editor, '/console/collections/999999', { title: '不存在', slug: 'nope', staleAfterDays: '90' })).status).toBe(404);
    const audit = await actions('collection.');
    expect(audit.map((a) => a.action)).toEqual(['collection.create', 'collection.update']);
    expect(audit[0]!.actor_label).toBe('测试col.editor');
  });

  it('adds documents by 文号 or number, FAQ and service links, reorders and removes them, each audited', async () => {
    const id = await createCollection(editor, { title: '耕地保护', slug: 'farmland' });
    const policy = await addDocument('关于加强耕地保护的若干意见', { doc_number: '沪规划资源规〔2026〕1号' });
    const interpretation = await addDocument('《关于加强耕地保护的若干意见》解读', { type: 'interpretation', interprets_id: policy, interpretation_form: 'qa' });
    const repealed = await addDocument('旧的耕地保护办法', { validity: 'repealed', validity_changed_on: '2026-01-01' });
    const base = `/console/collections/${id}/items`;

    expect((await post(editor, `${base}/document`, { document: '沪规划资源规〔2026〕1号' })).status).toBe(303);
    expect((await post(editor, `${base}/document`, { document: String(interpretation) })).status).toBe(303);
    const unknown = await post(editor, `${base}/document`, { document: '沪规划资源规〔2099〕9号' });
    expect(unknown.status).toBe(422);
    expect(text(unknown.body)).toContain('未找到该文件');
    expect(unknown.body).toContain('沪规划资源规〔2099〕9号');
    expect(text((await post(editor, `${base}/document`, { document: String(repealed) })).body)).toContain('已废止，不能加入主题库');
    expect(text((await post(editor, `${base}/document`, { document: String(policy) })).body)).toContain('已在该主题库中');
    expect((await post(editor, `${base}/document`, { document: '' })).status).toBe(422);

    const noAnswer = await post(editor, `${base}/faq`, { question: '占用耕地如何补充？', answer: '' });
    expect(noAnswer.status).toBe(422);
    expect(text(noAnswer.body)).toContain('请填写解答');
    expect(noAnswer.body).toContain('占用耕地如何补充？');
    expect((await post(editor, `${base}/faq`, { question: '占用耕地如何补充？', answer: '按照“占一补一、占优补优”的要求落实。' })).status).toBe(303);
    const script = await post(editor, `${base}/link`, { linkTitle: '恶意链接', linkUrl: 'javascript:alert(1)' });
    expect(script.status).toBe(422);
    expect(text(script.body)).toContain('链接应为 https:// 开头的网址');
    expect((await post(editor, `${base}/link`, { linkTitle: '耕地占补平衡指标申请', linkUrl: 'https://zwdt.sh.gov.cn/govPortals/item/123' })).status).toBe(303);
    expect((await post(editor, `${base}/link`, { linkTitle: '临时链接', linkUrl: '/column/service' })).status).toBe(303);

    let items = await itemsOf(id);
    expect(items.map((i) => i.kind)).toEqual(['document', 'document', 'faq', 'link', 'link']);
    const [first, second] = items;
    expect((await post(editor, `${base}/${second!.id}/move`, { direction: 'up' })).status).toBe(303);
    expect((await itemsOf(id)).map((i) => i.id).slice(0, 2)).toEqual([second!.id, first!.id]);
    expect((await post(editor, `${base}/${second!.id}/move`, { direction: 'up' })).status).toBe(303);
    expect((await post(editor, `${base}/${first!.id}/move`, { direction: 'sideways' })).status).toBe(422);
    expect((await post(editor, `${base}/999999/move`, { direction: 'down' })).status).toBe(404);
    expect((await post(editor, `${base}/${items[4]!.id}/remove`)).status).toBe(303);
    items = await itemsOf(id);
    expect(items.map((i) => i.position)).toEqual([1, 2, 3, 4]);
    expect(items.map((i) => i.document_id).slice(0, 2)).toEqual([interpretation, policy]);

    const page = text((await editor.get(`/console/collections/${id}`)).body);
    expect(page).toContain('关于加强耕地保护的若干意见');
    expect(page).toContain('现行有效');
    const audit = (await actions('collection.item.')).map((a) => a.action);
    expect(audit.filter((a) => a === 'collection.item.add')).toHaveLength(5);
    expect(audit).toContain('collection.item.move');
    expect(audit).toContain('collection.item.remove');
  });

  it('shows the public page with published documents and their validity only', async () => {
    const id = await createCollection(editor, { title: '不动产登记', slug: 'real-estate' });
    const current = await addDocument('不动产登记办事指南（现行）', { doc_number: '沪规划资源规〔2026〕5号' });
    const amended = await addDocument('不动产登记暂行规定', { validity: 'amended' });
    const reading = await addDocument('不动产登记新政图解', { type: 'interpretation', interprets_id: current, interpretation_form: 'graphic' });
    const draft = await addDocument('尚未发布的草稿办法', { status: 'draft', published_at: null, published_version: null, disclosure: null });
    const targeted = await addDocument('仅定向公开的通知', { targeted: 1 });
    const onRequest = await addDocument('依申请公开的批复', { disclosure: 'on_request' });
    const indexNumber = (await documents.findDocument(db(), amended))!.index_number;
    for (const ref of [String(current), indexNumber, String(reading), String(draft), String(targeted), String(onRequest)]) {
      expect((await post(editor, `/console/collections/${id}/items/document`, { document: ref })).status, ref).toBe(303);
    }
    expect((await itemsOf(id)).map((i) => i.document_id)).toEqual([current, amended, reading, draft, targeted, onRequest]);
    await post(editor, `/console/collections/${id}/items/faq`, { question: '登记需要哪些材料？', answer: '详见 /documents/' + current + ' 的附件。' });
    await post(editor, `/console/collections/${id}/items/link`, { linkTitle: '不动产登记网上申请', linkUrl: 'https://zwdt.sh.gov.cn/bdc' });

    const visitor = t.client();
    expect((await visitor.get('/topics/real-estate')).status).toBe(404);
    expect(text((await visitor.get('/topics')).body)).not.toContain('不动产登记');
    expect((await post(editor, `/console/collections/${id}`, { title: '不动产登记', slug: 'real-estate', staleAfterDays: '180', published: 'on' })).status).toBe(303);
    expect(text((await visitor.get('/topics')).body)).toContain('不动产登记');

    const reply = await visitor.get('/topics/real-estate');
    expect(reply.status).toBe(200);
    expect(reply.header('cache-control')).toMatch(/^public/);
    const page = text(reply.body);
    for (const shown of ['不动产登记办事指南（现行）', '现行有效', '沪规划资源规〔2026〕5号', '不动产登记暂行规定', '已修改', '不动产登记新政图解', '图解', '登记需要哪些材料？', '不动产登记网上申请']) {
      expect(page, shown).toContain(shown);
    }
    for (const hidden of ['尚未发布的草稿办法', '仅定向公开的通知', '依申请公开的批复']) expect(page, hidden).not.toContain(hidden);
    expect(reply.body).toContain(`href="/documents/${current}"`);
    expect(reply.body).toContain('href="https://zwdt.sh.gov.cn/bdc"');

    await documents.updateDocument(db(), current, { status: 'withdrawn', withdrawn_at: new Date().toISOString(), withdrawn_reason: '测试撤回' });
    expect(text((await visitor.get('/topics/real-estate')).body)).not.toContain('不动产登记办事指南（现行）');
    expect((await visitor.get('/topics/no-such-topic')).status).toBe(404);
  });

  it('inspects collections daily: repealed, expired, unpublished documents, broken links and stale collections', async () => {
    const id = await createCollection(editor, { title: '详细规划', slug: 'detailed-plans', published: 'on' });
    const old = await addDocument('控制性详细规划管理办法（2020）');
    const expiring = await addDocument('临时规划管理措施', { expires_on: '2030-01-01' });
    const pending = await addDocument('审核中的规划文件', { status: 'in_review', published_at: null, published_version: null, disclosure: null });
    for (const doc of [old, expiring, pending]) await post(editor, `/console/collections/${id}/items/document`, { document: String(doc) });
    await post(editor, `/console/collections/${id}/items/faq`, { question: '控详规划在哪里查？', answer: '见 /documents/999999 和 /topics/no-such-topic，或 http://localhost/topics/detailed-plans。' });
    await post(editor, `/console/collections/${id}/items/link`, { linkTitle: '规划查询', linkUrl: 'http://ghzy.sh.gov.cn/query' });

    // The library changes under the collection: a new measure repeals the old one, another document expires.
    const successor = await addDocument('控制性详细规划管理办法（2026）');
    await documents.insertRelation(db(), successor, old, 'repeals');
    await documents.updateDocument(db(), old, { validity: 'repealed', validity_changed_on: '2026-03-01' });
    await documents.updateDocument(db(), expiring, { validity: 'expired', validity_changed_on: '2030-01-01' });
    // Another collection, untouched for longer than its own period (30 days); one with the default period is fine at 45 days.
    const stale = await createCollection(editor, { title: '海洋管理', slug: 'ocean', staleAfterDays: '30' });
    const fresh = await createCollection(editor, { title: '测绘地理信息', slug: 'mapping' });
    const longAgo = new Date(Date.now() - 45 * DAY_MS).toISOString();
    await db().updateTable('collections').set({ updated_at: longAgo }).where('id', 'in', [stale, fresh]).execute();

    expect((await post(editor, '/console/collections/inspection/run')).status).toBe(303);
    const run = await db().selectFrom('inspection_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(run.trigger).toBe('manual');
    const findings = await db().selectFrom('inspection_findings').selectAll().where('run_id', '=', run.id).execute();
    const of = (collectionId: number) => findings.filter((f) => f.collection_id === collectionId).map((f) => `${f.severity}:${f.code}`).sort();
    expect(of(id)).toEqual(['error:document_expired', 'error:document_repealed', 'error:link_broken', 'error:link_broken', 'warning:document_unpublished', 'warning:link_insecure']);
    const repealedFinding = findings.find((f) => f.code === 'document_repealed')!;
    expect(repealedFinding.message).toContain('已废止（2026-03-01）');
    expect(repealedFinding.suggested_fix).toContain(`替换为《控制性详细规划管理办法（2026）》（/documents/${successor}）`);
    expect(findings.filter((f) => f.code === 'link_broken').map((f) => f.message).join()).toMatch(/不存在的文件.*不存在的主题库/);
    expect(of(stale)).toEqual(['warning:empty', 'warning:stale']);
    expect(of(fresh)).toEqual(['warning:empty']);
    expect((await actions('collection.inspect')).length).toBe(1);

    const page = text((await editor.get('/console/collections/inspection')).body);
    expect(page).toContain('控制性详细规划管理办法（2020）》已废止');
    expect(page).toContain('超过提醒周期');
    expect(page).toContain('已 45 天未更新或核对（巡检提醒周期 30 天）');
    expect(text((await editor.get(`/console/collections/${id}`)).body)).toContain('临时规划管理措施》已失效');
    expect(text((await editor.get('/console/collections')).body)).toContain('4 个错误，2 个警告');

    // "已核对" resets the clock, audited; the next run no longer flags the collection as stale.
    expect((await post(editor, `/console/collections/${stale}/reviewed`)).status).toBe(303);
    expect((await actions('collection.review')).length).toBe(1);
    await post(editor, '/console/collections/inspection/run');
    const next = await db().selectFrom('inspection_runs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const codes = (await db().selectFrom('inspection_findings').select('code').where('run_id', '=', next.id).where('collection_id', '=', stale).execute()).map((f) => f.code);
    expect(codes).toEqual(['empty']);
  });

  it('runs the inspection as a scheduled job', async () => {
    expect(() => new Scheduler({ queue: t.gk.services.jobs, schedules: collectionSchedules })).not.toThrow();
    defineCollectionJobs(t.gk.services);
    const before = await db().selectFrom('inspection_runs').select('id').where('trigger', '=', 'schedule').execute();
    await t.gk.services.jobs.enqueue(INSPECTION_JOB, { slot: new Date().toISOString() });
    await t.gk.services.jobs.start();
    try {
      for (let i = 0; i < 100 && (await t.gk.services.jobs.stats()).done === 0; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await t.gk.services.jobs.stop();
    }
    const after = await db().selectFrom('inspection_runs').selectAll().where('trigger', '=', 'schedule').execute();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]!.collections).toBeGreaterThan(0);
  });
});
