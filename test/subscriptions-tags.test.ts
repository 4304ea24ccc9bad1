import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoleCodes } from '../src/modules/accounts/roles.js';
import { tagsRouteAccess } from '../src/modules/subscriptions/tags/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { csrfOf, textOf, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* C1: the audience-tag vocabulary (admin console), tags on documents and on account profiles. */

describe.each(testDialects())('audience tags (%s)', (kind) => {
  let t: TestApp;
  let admin: Client;
  let editor: Client;
  const db = () => t.database.db;
  const tag = (label: string) => db().selectFrom('audience_tags').selectAll().where('site_id', '=', t.siteId).where('label', '=', label).executeTakeFirstOrThrow();
  const audits = (action: string) => db().selectFrom('audit_log').select(['summary', 'actor_label']).where('action', '=', action).execute();

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.staffClient('tagadmin', ['admin']);
    editor = await t.staffClient('tageditor', ['editor']);
  });
  afterAll(async () => t?.close());

  it('seeds the default vocabulary and lists it by category for admins only', async () => {
    const page = await admin.get('/console/audience-tags');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    for (const word of ['行业', '企业规模', '区域', '人群', '房地产开发', '浦东新区', '崇明区', '动迁居民', '小型企业']) expect(text).toContain(word);
    expect(page.body).toContain('<caption>');
    const districts = await db().selectFrom('audience_tags').select('label').where('site_id', '=', t.siteId).where('category', '=', 'district').execute();
    expect(districts).toHaveLength(16);

    expect((await editor.get('/console/audience-tags')).status).toBe(403);
    const anonymous = await t.client().get('/console/audience-tags');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toContain('/console/login');
  });

  it('refuses every tag route to each role that may not use it', async () => {
    const someTag = await tag('农业');
    const outsiders = await Promise.all(
      staffRoleCodes.filter((r) => r !== 'admin').map(async (role) => {
        const c = await t.staffClient(`tag-${role}`, [role]);
        return { role, c, token: csrfOf((await c.get('/console/account')).body) };
      }),
    );
    for (const [key, roles] of Object.entries(tagsRouteAccess)) {
      expect(roles).toEqual(['admin']);
      const [method, path] = key.split(' ') as ['GET' | 'POST', string];
      const url = path.replace(':id', String(someTag.id));
      for (const { role, c, token } of outsiders) {
        const reply = method === 'GET' ? await c.get(url) : await c.post(url, { _csrf: token, label: '不该改名', direction: 'up' });
        expect(reply.status, `${role} ${key}`).toBe(403);
      }
    }
    expect((await tag('农业')).label).toBe('农业');
  });

  it('adds, renames, reorders and retires tags, each audited; bad input is explained in Chinese and kept', async () => {
    const empty = await admin.submit('/console/audience-tags', { category: '', label: '' });
    expect(empty.status).toBe(422);
    expect(textOf(empty.body)).toContain('请选择标签类别');
    expect(textOf(empty.body)).toContain('请填写标签名称');

    const duplicate = await admin.submit('/console/audience-tags', { category: 'industry', label: '农业' });
    expect(duplicate.status).toBe(422);
    expect(textOf(duplicate.body)).toContain('已有名为「农业」的标签');

    const bad = await admin.submit('/console/audience-tags', { category: 'industry', label: '海洋、渔业' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('value="海洋、渔业"');

    const added = await admin.submit('/console/audience-tags', { category: 'industry', label: '文物保护' });
    expect(added.status).toBe(303);
    const created = await tag('文物保护');
    expect(created.category).toBe('industry');
    expect(await audits('audience_tag.create')).toEqual([expect.objectContaining({ summary: '新增受众标签「文物保护」（行业）', actor_label: '测试tagadmin' })]);

    const renamed = await admin.submit(`/console/audience-tags/${created.id}`, { label: '文物建筑保护' });
    expect(renamed.status).toBe(303);
    expect((await db().selectFrom('audience_tags').select('label').where('id', '=', created.id).executeTakeFirstOrThrow()).label).toBe('文物建筑保护');
    expect((await audits('audience_tag.rename'))[0]?.summary).toBe('受众标签「文物保护」改名为「文物建筑保护」');

    const industries = async () => (await db().selectFrom('audience_tags').select('label').where('site_id', '=', t.siteId).where('category', '=', 'industry').orderBy('sort').orderBy('id').execute()).map((r) => r.label);
    const before = await industries();
    expect(before.at(-1)).toBe('文物建筑保护');
    expect((await admin.submit(`/console/audience-tags/${created.id}/move`, { direction: 'up' }, '/console/audience-tags')).status).toBe(303);
    const after = await industries();
    expect(after.at(-2)).toBe('文物建筑保护');
    expect(after.at(-1)).toBe(before.at(-2));
    expect(await audits('audience_tag.reorder')).toHaveLength(1);

    expect((await admin.submit(`/console/audience-tags/${created.id}/retire`, {}, '/console/audience-tags')).status).toBe(303);
    expect((await tag('文物建筑保护')).retired_at).not.toBeNull();
    expect((await audits('audience_tag.retire'))[0]?.summary).toBe('停用受众标签「文物建筑保护」');
    expect((await admin.get('/console/audience-tags/99999')).status).toBe(404);
    expect((await admin.get('/console/audience-tags/abc')).status).toBe(404);
  });

  it('tags a document from the vocabulary with checkboxes, marks it 服务类政策, and keeps a retired tag only where it was', async () => {
    const c = await t.staffClient('tagwriter', ['editor']);
    const form = await c.get('/console/documents/new');
    expect(form.body).toContain('name="audienceTags" value="浦东新区"');
    expect(form.body).toContain('服务类政策（可短信推送）');
    expect(form.body).not.toContain('value="文物建筑保护"');
    const token = csrfOf(form.body);
    const fields = {
      _csrf: token, type: 'normative', title: '关于农村村民建房规划管理的通知', issuers: '上海市规划和自然资源局', theme: '土地管理', disclosureMethod: '政府网站',
      body: '各区规划资源局：现就农村村民建房规划管理有关事项通知如下。',
    };
    const refused = await c.post('/console/documents/new', { ...fields, audienceTags: ['农村村民', '文物建筑保护'] });
    expect(refused.status).toBe(422);
    expect(textOf(refused.body)).toContain('「文物建筑保护」不是可选的适用对象标签');
    expect(refused.body).toMatch(/value="农村村民" checked/);

    const created = await c.post('/console/documents/new', { ...fields, audienceTags: ['农村村民', '浦东新区'], servicePolicy: 'on' });
    expect(created.status).toBe(303);
    const id = Number(/\/console\/documents\/(\d+)/.exec(created.location ?? '')?.[1]);
    const doc = await db().selectFrom('documents').select(['audience_tags', 'service_policy']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(doc.audience_tags)).toEqual(['农村村民', '浦东新区']);
    expect(doc.service_policy).toBe(1);

    // Retire a tag the document has: editing keeps it (shown checked, marked 已停用), but nobody can add it anew.
    await admin.submit(`/console/audience-tags/${(await tag('浦东新区')).id}/retire`, {}, '/console/audience-tags');
    const edit = await c.get(`/console/documents/${id}/edit`);
    expect(edit.body).toMatch(/value="浦东新区" checked/);
    expect(textOf(edit.body)).toMatch(/浦东新区\s*（已停用）/);
    const version = /name="expectedVersion" value="(\d+)"/.exec(edit.body)?.[1] ?? '1';
    const kept = await c.post(`/console/documents/${id}/edit`, { ...fields, _csrf: csrfOf(edit.body), expectedVersion: version, audienceTags: ['农村村民', '浦东新区'] });
    expect(kept.status).toBe(303);
    const other = await c.post('/console/documents/new', { ...fields, title: '关于另一件事的通知', audienceTags: ['浦东新区'] });
    expect(other.status).toBe(422);
    await admin.submit(`/console/audience-tags/${(await tag('浦东新区')).id}/restore`, {}, '/console/audience-tags');

    // A label from the old free-text field still shows and can stay.
    await db().updateTable('documents').set({ audience_tags: JSON.stringify(['企业', '农村村民']) }).where('id', '=', id).execute();
    const legacy = await c.get(`/console/documents/${id}/edit`);
    expect(legacy.body).toMatch(/value="企业" checked/);
    expect(textOf(legacy.body)).toContain('其他（不在标签库中）');
  });

  it('lets a person choose profile tags in 我的标签 (retired ones are not offered)', async () => {
    const citizen = await t.citizenClient('tags-person@example.com');
    const anonymous = await t.client().get('/space/tags');
    expect(anonymous.status).toBe(303);
    const page = await citizen.get('/space/tags');
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('我的标签');
    const ids = [(await tag('农业')).id, (await tag('闵行区')).id, (await tag('小型企业')).id];
    const saved = await citizen.submit('/space/tags', { tags: ids.map(String) });
    expect(saved.status).toBe(303);
    const account = await db().selectFrom('accounts').select('id').where('email', '=', 'tags-person@example.com').executeTakeFirstOrThrow();
    const stored = await db().selectFrom('account_audience_tags').select('tag_id').where('account_id', '=', account.id).orderBy('tag_id').execute();
    expect(stored.map((r) => r.tag_id)).toEqual([...ids].sort((a, b) => a - b));
    expect((await citizen.get('/space/tags')).body).toMatch(new RegExp(`value="${ids[0]}" checked`));

    const retired = await tag('文物建筑保护');
    const refused = await citizen.submit('/space/tags', { tags: [String(ids[0]), String(retired.id)] });
    expect(refused.status).toBe(422);
    expect(textOf(refused.body)).toContain('所选标签已停用或不存在');
    const forged = await citizen.submit('/space/tags', { tags: ['abc'] });
    expect(forged.status).toBe(422);
    expect(await db().selectFrom('account_audience_tags').select('tag_id').where('account_id', '=', account.id).execute()).toHaveLength(3);
  });
});
