import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { library } from './support/library.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* Search through HTTP: the /search page and GET /api/v1/search, with filters, order, paging and permissions. */

interface ApiResult {
  total: number;
  items: { id: number; title: string; docNumber: string | null; publishedAt: string; url: string; snippet: string }[];
}

const q = (text: string) => encodeURIComponent(text);

describe.each(testDialects())('search over HTTP (%s)', (kind) => {
  let t: TestApp;
  let lib: ReturnType<typeof library>;
  let visitor: Client;
  const ids: number[] = [];
  let indexNumber = '';

  const api = async (query: string, client = visitor) => {
    const reply = await client.get(`/api/v1/search?${query}`);
    expect(reply.status, `${query}: ${reply.body.slice(0, 200)}`).toBe(200);
    return reply.json<ApiResult>();
  };
  const titles = async (query: string) => (await api(query)).items.map((i) => i.title);

  beforeAll(async () => {
    t = await startTestApp(kind);
    lib = library(t);
    visitor = t.client();
    ids.push(
      ...(await lib.publish(
        { title: '关于加强耕地保护和占补平衡管理的通知', docNumber: '沪规划资源规〔2024〕3号', theme: '耕地保护', publishedAt: '2024-03-01', body: '严格落实耕地保护责任，实行占补平衡。' },
        { title: '关于推进城市更新的实施意见', docNumber: '沪府规〔2023〕12号', issuer: '上海市人民政府', type: 'regulation', theme: '城市更新', publishedAt: '2023-06-01', body: '城市更新坚持留改拆并举，耕地保护另行规定。' },
        { title: '耕地保护专项检查情况的公告', type: 'notice', theme: '耕地保护', publishedAt: '2025-01-10', body: '现将耕地保护专项检查情况公告如下。' },
        { title: '关于耕地保护的旧规定', docNumber: '沪规划资源规〔2018〕1号', theme: '耕地保护', publishedAt: '2018-01-10', validity: 'repealed', body: '耕地保护的旧规定。' },
      )),
    );
    indexNumber = (await t.database.db.selectFrom('documents').select('index_number').where('id', '=', ids[1]!).executeTakeFirstOrThrow()).index_number;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('finds published documents on the search page, with the total and highlighted snippets', async () => {
    const page = await visitor.get(`/search?q=${q('耕地保护')}`);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('共找到 4 条结果');
    expect(page.body).toContain('<mark>耕地保护</mark>');
    expect(page.body).toContain(`href="/documents/${ids[0]}"`);
    expect(page.body).toContain(`value="耕地保护"`);
    const none = await visitor.get(`/search?q=${q('海洋牧场')}`);
    expect(textOf(none.body)).toContain('没有找到与“海洋牧场”相关的已发布信息');
  });

  it('finds a document by its 文号 in any bracket style, and by its 索引号', async () => {
    for (const number of ['沪规划资源规〔2024〕3号', '沪规划资源规[2024]3号', '沪规划资源规(2024)3号', '沪规划资源规（2024）3号', '沪规划资源规【2024】3号']) {
      const result = await api(`q=${q(number)}`);
      expect(result.items[0]?.id, number).toBe(ids[0]);
      expect(result.items[0]?.docNumber).toBe('沪规划资源规〔2024〕3号');
    }
    expect((await api(`q=${q(indexNumber)}`)).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await api(`q=${q(indexNumber.toLowerCase())}`)).items.map((i) => i.id)).toEqual([ids[1]]);
    expect(textOf((await visitor.get(`/search?q=${q('沪规划资源规[2024]3号')}`)).body)).toContain('关于加强耕地保护和占补平衡管理的通知');
  });

  it('filters by type, issuer, year, validity and theme, and orders by relevance or date', async () => {
    expect(await titles(`q=${q('耕地保护')}&type=notice`)).toEqual(['耕地保护专项检查情况的公告']);
    expect(await titles(`q=${q('耕地保护')}&issuer=${q('上海市人民政府')}`)).toEqual(['关于推进城市更新的实施意见']);
    expect(await titles(`q=${q('耕地保护')}&year=2018`)).toEqual(['关于耕地保护的旧规定']);
    expect((await titles(`q=${q('耕地保护')}&validity=current`)).sort()).toEqual(['关于加强耕地保护和占补平衡管理的通知', '关于推进城市更新的实施意见', '耕地保护专项检查情况的公告'].sort());
    expect(await titles(`q=${q('耕地保护')}&theme=${q('城市更新')}`)).toEqual(['关于推进城市更新的实施意见']);
    expect(await titles(`q=${q('耕地保护')}&order=date`)).toEqual(['耕地保护专项检查情况的公告', '关于加强耕地保护和占补平衡管理的通知', '关于推进城市更新的实施意见', '关于耕地保护的旧规定']);
    // Relevance: the words in the title count more than in the body.
    expect((await titles(`q=${q('城市更新')}`))[0]).toBe('关于推进城市更新的实施意见');
    expect(await titles(`type=regulation`)).toEqual(['关于推进城市更新的实施意见']);
    const page = textOf((await visitor.get(`/search?q=${q('耕地保护')}&type=notice&year=2025&validity=current&theme=${q('耕地保护')}&order=date`)).body);
    expect(page).toContain('共找到 1 条结果');
  });

  it('pages results, counting them all', async () => {
    const first = await api(`q=${q('耕地保护')}&order=date&pageSize=3`);
    const second = await api(`q=${q('耕地保护')}&order=date&pageSize=3&page=2`);
    expect([first.total, second.total]).toEqual([4, 4]);
    expect(first.items).toHaveLength(3);
    expect(second.items.map((i) => i.title)).toEqual(['关于耕地保护的旧规定']);
    await lib.publish(...Array.from({ length: 12 }, (_, i) => ({ title: `测绘成果汇交通知第${i + 1}号`, type: 'notice', publishedAt: `2022-02-${String(i + 1).padStart(2, '0')}` })));
    const page = await visitor.get(`/search?q=${q('测绘成果汇交')}&order=date`);
    expect(textOf(page.body)).toContain('共找到 12 条结果，第 1 / 2 页');
    expect(page.body).toContain(`href="/search?order=date&amp;q=${q('测绘成果汇交')}&amp;page=2"`);
    expect(textOf((await visitor.get(`/search?q=${q('测绘成果汇交')}&order=date&page=2`)).body)).toMatch(/测绘成果汇交通知第2号.*测绘成果汇交通知第1号/);
  });

  it('answers the API with exactly {total, items: [{id, title, docNumber, publishedAt, url, snippet}]}', async () => {
    const reply = await visitor.get(`/api/v1/search?q=${q('占补平衡')}`);
    expect(reply.header('content-type')).toBe('application/json; charset=utf-8');
    const body = reply.json<ApiResult>();
    expect(Object.keys(body).sort()).toEqual(['items', 'total']);
    expect(body.total).toBe(1);
    expect(Object.keys(body.items[0]!).sort()).toEqual(['docNumber', 'id', 'publishedAt', 'snippet', 'title', 'url']);
    const { snippet, ...rest } = body.items[0]!;
    expect(rest).toEqual({ id: ids[0], title: '关于加强耕地保护和占补平衡管理的通知', docNumber: '沪规划资源规〔2024〕3号', publishedAt: '2024-03-01T01:00:00.000Z', url: `/documents/${ids[0]}` });
    expect(snippet).toMatch(/<mark>[^<]*平衡<\/mark>/);
    expect(snippet.replace(/<\/?mark>/g, '')).toBe('严格落实耕地保护责任，实行占补平衡。');
    const openapi = (await visitor.get('/api/v1/openapi.json')).json<{ paths: Record<string, { get: { parameters: { name: string }[] } }> }>();
    expect(openapi.paths['/api/v1/search']?.get.parameters.map((p) => p.name)).toEqual(['q', 'type', 'issuer', 'year', 'validity', 'theme', 'order', 'page', 'scope', 'pageSize']);
  });

  it('keeps drafts, withheld and others\' 定向公开 documents out of results and totals, and shows the recipient theirs privately', async () => {
    const recipient = await t.citizenClient('search.recipient@example.com');
    const other = await t.citizenClient('search.other@example.com');
    const hidden = await lib.hidden('耕地保护内部');
    const targeted = await lib.targeted('耕地保护定向通报', [await lib.accountId('search.recipient@example.com')], { doc_number: '沪规划资源内〔2024〕9号' });
    for (const client of [visitor, other]) {
      const result = await api(`q=${q('耕地保护')}`, client);
      expect(result.total).toBe(4);
      expect(result.items.map((i) => i.id)).not.toContain(targeted);
      for (const id of hidden) expect(result.items.map((i) => i.id)).not.toContain(id);
      expect((await api(`q=${q('沪规划资源内〔2024〕9号')}`, client)).total).toBe(0);
      const page = await client.get(`/search?q=${q('耕地保护')}`);
      expect(textOf(page.body)).toContain('共找到 4 条结果');
      expect(page.body).not.toContain('耕地保护内部');
      expect(page.body).not.toContain('定向通报');
    }
    const own = await recipient.get(`/search?q=${q('耕地保护')}`);
    expect(textOf(own.body)).toContain('共找到 5 条结果');
    expect(own.body).toContain(`href="/documents/${targeted}"`);
    expect(own.header('cache-control')).toBe('private, no-store');
    const ownApi = await recipient.get(`/api/v1/search?q=${q('沪规划资源内[2024]9号')}`);
    expect(ownApi.header('cache-control')).toBe('private, no-store');
    expect(ownApi.json<ApiResult>().items.map((i) => i.id)).toEqual([targeted]);
  });

  it('answers bad input with a Chinese message — 422 on the page, 400 JSON from the API — and never 500', async () => {
    const long = await visitor.get(`/search?q=${q('规'.repeat(101))}`);
    expect(long.status).toBe(422);
    expect(textOf(long.body)).toContain('检索词不超过 100 个字');
    const cases = ['page=0', 'page=x', 'page=1001', 'type=secret', 'year=99', 'validity=x', 'order=random', 'issuer=a', `theme=${q('长'.repeat(65))}`, 'q=a&q=b'];
    for (const query of cases) {
      const page = await visitor.get(`/search?${query}`);
      expect(page.status, query).toBe(422);
      expect(page.body, query).toContain('提交的内容有 1 处需要修改');
      const json = await visitor.get(`/api/v1/search?${query}`);
      expect(json.status, query).toBe(400);
      const error = json.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await visitor.get(`/api/v1/search?q=${q('规'.repeat(101))}`)).status).toBe(400);
    expect((await visitor.get('/api/v1/search?pageSize=51')).status).toBe(400);
    for (const text of ['"', "'", '*', 'AND OR NOT', '(', ')', '^', ':', '\\', '%', '〔〕', '   ', 'NEAR(a b)', '-', '&#0;', '😀', '\u0000耕地']) {
      expect((await visitor.get(`/search?q=${q(text)}`)).status, text).toBeLessThan(500);
      expect((await visitor.get(`/api/v1/search?q=${q(text)}`)).status, text).toBe(200);
    }
  });
});
