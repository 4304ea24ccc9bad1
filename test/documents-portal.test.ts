import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY_CACHE_CONTROL } from '../src/modules/documents/portal/cache.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { assertWellFormedXml, library } from './support/library.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* The policy library on the portal: document pages, lists, 现行有效, feeds, sitemap, and who sees what. */

const PUBLIC_URLS = ['/', '/column/zcwj', '/column/zcjd', '/documents', '/documents?type=normative', '/policies/current', '/policies/current?type=normative',
  '/search?q=%E6%AD%A3%E6%96%87', '/search?q=&type=normative&order=date', '/feeds/documents.rss', '/feeds/documents.atom', '/feeds/documents.json', '/sitemap.xml'];

describe.each(testDialects())('documents on the portal (%s)', (kind) => {
  let t: TestApp;
  let lib: ReturnType<typeof library>;
  let visitor: Client;
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-portal-'));
  const ids = { main: 0, old: 0, amended: 0, expiring: 0, interpretation: 0, followUp: 0 };

  beforeAll(async () => {
    t = await startTestApp(kind, { DATA_DIR: dataDir });
    lib = library(t);
    visitor = t.client();
    const policies = await lib.publish(
      { title: '关于城市更新单元规划管理的实施意见', docNumber: '沪规划资源规〔2025〕7号', issuer: ['上海市规划和自然资源局', '上海市住房和城乡建设管理委员会'], theme: '城市更新', publishedAt: '2025-04-10', body: '<p>第一条 为推进<strong>城市更新</strong>。</p><script>alert(1)</script>' },
      { title: '关于历史风貌保护的旧办法', docNumber: '沪规划资源规〔2019〕2号', theme: '历史风貌保护', publishedAt: '2019-05-01' },
      { title: '关于临时用地管理的通知', docNumber: '沪规划资源规〔2020〕5号', publishedAt: '2020-06-01' },
      { title: '关于测绘成果管理的暂行规定', docNumber: '沪规划资源规〔2021〕4号', publishedAt: '2021-02-01', expiresAt: '2023-01-31' },
    );
    const interpretations = await lib.publish(
      { title: '《关于城市更新单元规划管理的实施意见》政策解读', type: 'interpretation', publishedAt: '2025-04-10' },
      { title: '城市更新单元规划问答（后续解读）', type: 'interpretation', publishedAt: '2025-06-01' },
    );
    const [main, old, amended, expiring, interpretation, followUp] = [...policies, ...interpretations].map((id) => id);
    Object.assign(ids, { main, old, amended, expiring, interpretation, followUp });
    await lib.relate(ids.interpretation, ids.main, 'interprets');
    await lib.relate(ids.followUp, ids.main, 'interprets');
    await lib.relate(ids.main, ids.old, 'repeals');
    await lib.relate(ids.main, ids.amended, 'amends');
    await lib.expire();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a document: status banner, metadata table, sanitized body, 解读 with follow-ups, related documents', async () => {
    const page = await visitor.get(`/documents/${ids.main}`);
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('效力状态：现行有效');
    for (const [label, value] of [['文号', '沪规划资源规〔2025〕7号'], ['发文机关', '上海市规划和自然资源局、上海市住房和城乡建设管理委员会'], ['主题分类', '城市更新'], ['发布日期', '2025-04-10'], ['公开方式', '主动公开（政府网站）']]) {
      expect(text).toContain(`${label} ${value}`);
    }
    expect(text).toMatch(/索引号 3100000000\/2025-\d{5}/);
    for (const label of ['成文日期', '施行日期', '有效期至', '效力状态']) expect(page.body).toContain(`<th scope="row">${label}</th>`);
    expect(page.body).toContain('<strong>城市更新</strong>');
    expect(page.body).not.toContain('<script>alert');
    expect(text).toMatch(/政策解读 .*《关于城市更新单元规划管理的实施意见》政策解读.*后续解读.*城市更新单元规划问答/);
    expect(page.body).toContain(`href="/documents/${ids.interpretation}"`);
    expect(text).toContain('本文件废止的文件 关于历史风貌保护的旧办法');
    expect(text).toContain('本文件修改的文件 关于临时用地管理的通知');
    const interpretation = textOf((await visitor.get(`/documents/${ids.interpretation}`)).body);
    expect(interpretation).toContain('解读的文件 关于城市更新单元规划管理的实施意见');
  });

  it('marks repealed, amended and expired documents prominently, with the date and the document that did it', async () => {
    const old = await visitor.get(`/documents/${ids.old}`);
    expect(textOf(old.body)).toMatch(/效力状态：已废止 本文件已于 \d{4}-\d{2}-\d{2} 被 ?《 ?关于城市更新单元规划管理的实施意见 ?》（沪规划资源规〔2025〕7号） ?废止，不再执行/);
    expect(old.body).toContain(`<a href="/documents/${ids.main}">关于城市更新单元规划管理的实施意见</a>`);
    expect(textOf((await visitor.get(`/documents/${ids.amended}`)).body)).toContain('效力状态：已修改');
    expect(textOf((await visitor.get(`/documents/${ids.expiring}`)).body)).toContain('效力状态：已失效 本文件有效期至 2023-01-31');
  });

  it('keeps the 现行有效 lists exact through repeal, amendment, expiry and withdrawal', async () => {
    const [a, b] = await lib.publish({ title: '现行列表检验文件甲', publishedAt: '2024-01-05' }, { title: '现行列表检验文件乙', publishedAt: '2024-01-06' });
    const current = async () => textOf((await visitor.get('/policies/current?type=normative')).body);
    const rows = await t.database.db.selectFrom('documents').select('id').where('type', '=', 'normative').where('status', '=', 'published')
      .where('disclosure', '=', 'proactive').where('targeted', '=', 0).where('validity', '=', 'current').execute();
    expect(await current()).toContain(`共 ${rows.length} 件`);
    for (const title of ['关于城市更新单元规划管理的实施意见', '现行列表检验文件甲', '现行列表检验文件乙']) expect(await current()).toContain(title);
    for (const title of ['关于历史风貌保护的旧办法', '关于临时用地管理的通知', '关于测绘成果管理的暂行规定']) expect(await current()).not.toContain(title);
    await lib.relate(b!, a!, 'repeals');
    expect(await current()).not.toContain('现行列表检验文件甲');
    expect(await current()).toContain(`共 ${rows.length - 1} 件`);
    await lib.withdraw(b!, '内容需要更新');
    expect(await current()).not.toContain('现行列表检验文件乙');
    expect(await current()).toContain(`共 ${rows.length - 2} 件`);
  });

  it('shows a withdrawn document as withdrawn, with the reason and no body, and nowhere else', async () => {
    const [id] = await lib.publish({ title: '撤回检验文件', body: '撤回检验正文内容。', publishedAt: '2024-02-01' });
    expect(textOf((await visitor.get('/feeds/documents.rss')).body)).toContain('撤回检验文件');
    await lib.withdraw(id!, '发现文件内容有误，需重新审核');
    const page = await visitor.get(`/documents/${id}`);
    expect(page.status).toBe(410);
    expect(textOf(page.body)).toMatch(/已撤回 本文件已于 \d{4}-\d{2}-\d{2} 撤回，不再公开。 撤回理由：发现文件内容有误，需重新审核/);
    expect(page.body).not.toContain('撤回检验正文内容');
    for (const url of PUBLIC_URLS) expect((await visitor.get(url)).body, url).not.toContain(`/documents/${id}"`);
    expect((await visitor.get('/api/v1/search?q=%E6%92%A4%E5%9B%9E%E6%A3%80%E9%AA%8C')).json()).toEqual({ total: 0, items: [] });
  });

  it('never shows drafts, 依申请公开, 不予公开 or others\' 定向公开 documents, anywhere, to anyone else', async () => {
    const recipient = await t.citizenClient('portal.recipient@example.com');
    const other = await t.citizenClient('portal.other@example.com');
    const hidden = await lib.hidden('秘密样本');
    const targeted = await lib.targeted('秘密样本定向公开', [await lib.accountId('portal.recipient@example.com')]);
    const attachment = await lib.attach(targeted, '定向附件.pdf', 'application/pdf', Buffer.from('%PDF-1.4 targeted'));
    const staff = await t.staffClient('portal.editor', ['editor']);
    for (const client of [visitor, other, staff]) {
      for (const id of [...hidden, targeted]) expect((await client.get(`/documents/${id}`)).status, `document ${id}`).toBe(404);
      expect((await client.get(`/documents/${targeted}/attachments/${attachment}`)).status).toBe(404);
      for (const url of PUBLIC_URLS) {
        const reply = await client.get(url);
        expect(reply.status, url).toBeLessThan(300);
        expect(reply.body, url).not.toContain('秘密样本');
        for (const id of [...hidden, targeted]) expect(reply.body, url).not.toMatch(new RegExp(`/documents/${id}[^0-9]`));
      }
      expect((await client.get('/api/v1/search?q=%E7%A7%98%E5%AF%86%E6%A0%B7%E6%9C%AC')).json()).toEqual({ total: 0, items: [] });
    }
    const own = await recipient.get(`/documents/${targeted}`);
    expect(own.status).toBe(200);
    expect(own.header('cache-control')).toBe('private, no-store');
    expect(textOf(own.body)).toContain('本文件为定向公开');
    const file = await recipient.get(`/documents/${targeted}/attachments/${attachment}`);
    expect([file.status, file.header('cache-control'), file.body]).toEqual([200, 'private, no-store', '%PDF-1.4 targeted']);
    for (const id of hidden) expect((await recipient.get(`/documents/${id}`)).status).toBe(404);
  });

  it('serves attachments of public documents with their type and name, and none of others', async () => {
    const [id] = await lib.publish({ title: '附件检验文件', publishedAt: '2024-03-01' });
    const aid = await lib.attach(id!, '附件 一 (2024).pdf', 'application/pdf', Buffer.from('%PDF-1.4 test file'));
    const page = await visitor.get(`/documents/${id}`);
    expect(page.body).toContain(`href="/documents/${id}/attachments/${aid}"`);
    expect(textOf(page.body)).toContain('附件 一 (2024).pdf （PDF，18 字节）');
    const file = await visitor.get(`/documents/${id}/attachments/${aid}`);
    expect(file.status).toBe(200);
    expect(file.header('content-type')).toBe('application/pdf');
    expect(file.header('content-disposition')).toBe(`attachment; filename="__ _ (2024).pdf"; filename*=UTF-8''${encodeURIComponent('附件 一 (2024).pdf')}`);
    expect(file.body).toBe('%PDF-1.4 test file');
    expect((await visitor.get(`/documents/${id}/attachments/${aid}`, { 'if-none-match': file.header('etag')! })).status).toBe(304);
    expect((await visitor.get(`/documents/${ids.main}/attachments/${aid}`)).status).toBe(404);
    const [draft] = [await lib.insert('附件草稿')];
    const draftFile = await lib.attach(draft!, 'draft.pdf', 'application/pdf', Buffer.from('%PDF-1.4 draft'));
    expect((await visitor.get(`/documents/${draft}/attachments/${draftFile}`)).status).toBe(404);
    await lib.withdraw(id!, '附件有误');
    expect((await visitor.get(`/documents/${id}/attachments/${aid}`)).status).toBe(404);
  });

  it('lists 20 documents a page with numbered pages, filtered by type, theme, year and validity', async () => {
    await lib.publish(...Array.from({ length: 23 }, (_, i) => ({ title: `规划信息分页样本${String(i + 1).padStart(2, '0')}`, type: 'planning', theme: '详细规划', publishedAt: `2023-07-${String(i + 1).padStart(2, '0')}` })));
    const first = await visitor.get('/documents?type=planning');
    expect(textOf(first.body)).toContain('共 23 件');
    expect(first.body.match(/规划信息分页样本\d\d/g)).toHaveLength(20);
    expect(textOf(first.body)).toMatch(/规划信息分页样本23.*规划信息分页样本04/);
    expect(first.body).toContain('href="/documents?type=planning&amp;page=2"');
    const second = await visitor.get('/documents?type=planning&page=2');
    expect(second.body.match(/规划信息分页样本\d\d/g)).toEqual(['规划信息分页样本03', '规划信息分页样本02', '规划信息分页样本01']);
    expect(second.body).toContain('<strong aria-current="page">第 2 页</strong>');
    expect(textOf((await visitor.get('/documents?theme=%E5%8E%86%E5%8F%B2%E9%A3%8E%E8%B2%8C%E4%BF%9D%E6%8A%A4')).body)).toContain('共 1 件');
    expect(textOf((await visitor.get('/documents?type=normative&year=2019')).body)).toContain('关于历史风貌保护的旧办法');
    expect(textOf((await visitor.get('/documents?type=normative&year=2019')).body)).toContain('共 1 件');
    expect(textOf((await visitor.get('/documents?validity=expired')).body)).toContain('关于测绘成果管理的暂行规定');
    expect(textOf((await visitor.get('/documents?validity=expired')).body)).toContain('共 1 件');
    const column = textOf((await visitor.get('/column/zcwj')).body);
    expect(column).toContain('行政规范性文件');
    expect(column).toContain('关于城市更新单元规划管理的实施意见');
    const home = textOf((await visitor.get('/')).body);
    expect(home).toMatch(/最新发布 .*关于城市更新单元规划管理的实施意见/);
  });

  it('answers bad list input with a Chinese message and 422, never 500', async () => {
    for (const query of ['page=0', 'page=abc', 'page=1001', 'type=secret', 'validity=gone', 'year=20x4', 'page=1&page=2', `theme=${'长'.repeat(70)}`]) {
      const reply = await visitor.get(`/documents?${query}`);
      expect(reply.status, query).toBe(422);
      expect(reply.body).toContain('提交的内容有 1 处需要修改');
    }
    for (const url of ['/documents/abc', '/documents/0', '/documents/99999999999', '/documents/1/attachments/x', '/feeds/documents.rss?type=x', '/sitemaps/x.xml', '/policies/current?type=%00']) {
      expect((await visitor.get(url)).status, url).toBeLessThan(500);
    }
  });

  it('publishes RSS, Atom and JSON feeds and a sitemap of public documents, escaped and well-formed', async () => {
    const [tricky] = await lib.publish({ title: '关于<“规划”&\'资源\'>的通知\u0001', type: 'notice', publishedAt: '2030-01-01' });
    const rss = await visitor.get('/feeds/documents.rss');
    expect(rss.header('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(assertWellFormedXml(rss.body)).toBe('rss');
    expect(rss.body).toContain('<title>关于&lt;“规划”&amp;&apos;资源&apos;&gt;的通知</title>');
    expect(rss.body).toContain(`<guid isPermaLink="true">http://localhost/documents/${tricky}</guid>`);
    const atom = await visitor.get('/feeds/documents.atom?type=notice');
    expect(assertWellFormedXml(atom.body)).toBe('feed');
    expect(atom.body).toContain(`<id>http://localhost/documents/${tricky}</id>`);
    expect(atom.body).not.toContain('城市更新单元');
    const json = (await visitor.get('/feeds/documents.json?theme=%E5%9F%8E%E5%B8%82%E6%9B%B4%E6%96%B0')).json<{ version: string; items: { id: string; title: string }[] }>();
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i) => i.title)).toEqual(['关于城市更新单元规划管理的实施意见']);
    expect((await visitor.get('/feeds/documents.rss?type=nope')).status).toBe(400);
    const sitemap = await visitor.get('/sitemap.xml');
    expect(assertWellFormedXml(sitemap.body)).toBe('urlset');
    expect(sitemap.body).toContain(`<loc>http://localhost/documents/${ids.main}</loc>`);
    expect(sitemap.body).toContain('<loc>http://localhost/documents?type=normative</loc>');
    expect(sitemap.body).toContain('<loc>http://localhost/column/zcwj</loc>');
    expect((await visitor.get('/robots.txt')).body).toContain('Sitemap: http://localhost/sitemap.xml');
  });

  it('lets shared caches keep public pages for a few seconds, with an ETag, and never a signed-in visitor\'s', async () => {
    for (const url of [`/documents/${ids.main}`, '/documents', '/', '/feeds/documents.atom', '/sitemap.xml', '/search?q=%E5%9F%8E%E5%B8%82']) {
      const reply = await visitor.get(url);
      expect(reply.header('cache-control'), url).toBe(LIBRARY_CACHE_CONTROL);
      const etag = reply.header('etag');
      expect(etag, url).toBeTruthy();
      expect((await visitor.get(url, { 'if-none-match': etag! })).status, url).toBe(304);
    }
    expect(LIBRARY_CACHE_CONTROL).toBe('public, max-age=0, s-maxage=3, stale-while-revalidate=1');
    const citizen = await t.citizenClient('portal.cache@example.com');
    expect((await citizen.get(`/documents/${ids.main}`)).header('cache-control')).toBe('private, no-store');
    expect((await citizen.get('/search?q=%E5%9F%8E%E5%B8%82')).header('cache-control')).toBe('private, no-store');
  });

  it('greets a signed-in visitor in the header of every page, cached ones included, and offers sign-in to others', async () => {
    const accountNav = (html: string) => /<nav class="account-links"[^]*?<\/nav>/.exec(html)?.[0] ?? '';
    const citizen = await t.citizenClient('portal.header@example.com');
    const name = (await t.database.db.selectFrom('accounts').select('name').where('email', '=', 'portal.header@example.com').executeTakeFirstOrThrow()).name;
    for (const url of ['/', `/documents/${ids.main}`, '/documents', '/column/zcwj', '/search?q=%E5%9F%8E%E5%B8%82', '/apply/guide']) {
      // The anonymous copy first, so the render cache holds it when the citizen asks.
      const anonymous = accountNav((await visitor.get(url)).body);
      expect(anonymous, url).toContain('href="/login"');
      expect(anonymous, url).not.toContain('您好');
      const signedIn = await citizen.get(url);
      const nav = accountNav(signedIn.body);
      expect(nav, url).toContain(`您好，${name}`);
      expect(nav, url).toContain('action="/logout"');
      expect(nav, url).not.toContain('href="/login"');
      expect(signedIn.header('cache-control'), url).toBe('private, no-store');
    }
    // The cached copy anonymous visitors get afterwards still greets nobody.
    expect(accountNav((await visitor.get('/')).body)).not.toContain(name);
  });
});
