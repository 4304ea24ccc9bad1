import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { createSearchIndex } from './index.js';
import { entry, library } from './search.fixtures.js';
import type { SearchIndex, SearchQuery } from './search.types.js';

describe.each(testDialects())('search index (%s)', (kind) => {
  let database: TestDatabase;
  let index: SearchIndex;
  const keys = async (query: SearchQuery) => (await index.search(query)).items.map((i) => i.key);

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    index = createSearchIndex(database);
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    for (const { key } of await database.db.selectFrom('search_entries').select('key').execute()) await index.remove(database.db, key);
    for (const e of library) await index.upsert(database.db, e);
  });

  it('finds Chinese words, including words inside a long organ name', async () => {
    expect(await keys({ q: '控制性详细规划' })).toEqual(['document:1']);
    expect(await keys({ q: '详细规划' })).toEqual(['document:1']);
    expect(await keys({ q: '两旧一村' })).toEqual(['document:2']);
    expect(await keys({ q: '15分钟社区生活圈' })).toEqual(['document:2']);
    await index.upsert(database.db, entry(9, { title: '上海市规划和自然资源局', body: '机构简介' }));
    expect(await keys({ q: '自然资源' })).toContain('document:9');
    expect(await keys({ q: '规划', kind: 'document' })).toContain('document:9');
  });

  it('requires every word (AND) and ignores punctuation', async () => {
    expect((await keys({ q: '城市更新 徐汇区' })).sort()).toEqual(['document:2', 'document:4']);
    expect(await keys({ q: '城市更新，一网通办！' })).toEqual(['document:2']);
    expect(await keys({ q: '城市更新 不动产登记' })).toEqual([]);
    expect((await index.search({ q: '？？' })).total).toBe(0);
  });

  it('filters by type, issuer, year, validity, theme and kind', async () => {
    expect(await keys({ q: '规划', type: '行政规范性文件' })).toEqual(['document:1']);
    expect(await keys({ q: '城市更新', issuer: '上海市住房和城乡建设管理委员会' })).toEqual(['document:2']);
    expect(await keys({ q: '规划', year: 2022 })).toEqual(['document:4']);
    expect(await keys({ q: '徐汇区', validity: '已废止' })).toEqual(['document:4']);
    expect(await keys({ q: '规划', theme: '城乡规划', order: 'date' })).toEqual(['document:1', 'document:4']);
    expect(await keys({ q: '规划', kind: 'interpretation' })).toEqual([]);
  });

  it('orders by date and pages without overlap', async () => {
    for (let i = 10; i < 25; i++) await index.upsert(database.db, entry(i, { title: `规划公告${i}`, publishedAt: `2025-02-${String(i).padStart(2, '0')}T00:00:00.000Z` }));
    const all = await index.search({ q: '规划公告', order: 'date', pageSize: 50 });
    expect(all.total).toBe(15);
    expect(all.items.map((i) => i.publishedAt)).toEqual([...all.items.map((i) => i.publishedAt)].sort().reverse());
    const pages = await Promise.all([1, 2, 3, 4].map((page) => index.search({ q: '规划公告', page, pageSize: 4 })));
    expect(pages.map((p) => p.total)).toEqual([15, 15, 15, 15]);
    const seen = pages.flatMap((p) => p.items.map((i) => i.key));
    expect(seen).toHaveLength(15);
    expect(new Set(seen).size).toBe(15);
  });

  it('puts the exact 文号 first, whatever its brackets', async () => {
    for (const q of ['沪规划资源规〔2024〕3号', '沪规划资源规[2024]3号', '沪规划资源规(2024)3号', '沪规划资源规（2024）3号', ' 沪规划资源规 [2024] 3号 ']) {
      const result = await index.search({ q });
      expect(result.items[0]?.key, q).toBe('document:1');
      expect(result.items[0]?.docNumber).toBe('沪规划资源规〔2024〕3号');
    }
    // document 3 quotes the 文号 in its body: found as tokens, after the exact match, counted once each.
    const result = await index.search({ q: '沪规划资源规[2024]3号' });
    expect(result.items.map((i) => i.key)).toEqual(['document:1', 'document:3']);
    expect(result.total).toBe(2);
    expect((await index.search({ q: '沪规划资源规[2024]3号', page: 2, pageSize: 1 })).items.map((i) => i.key)).toEqual(['document:3']);
  });

  it('finds the exact 索引号', async () => {
    expect(await keys({ q: 'SHGH-2024-000003' })).toEqual(['document:1']);
    expect(await keys({ q: 'shgh-2024-000003' })).toEqual(['document:1']);
    expect(await keys({ q: 'SHGH-2024-000003', siteIds: [2] })).toEqual([]);
  });

  it('escapes HTML in snippets and marks the matched words', async () => {
    const [hit] = (await index.search({ q: '部门负责解释' })).items;
    expect(hit?.key).toBe('document:4');
    expect(hit?.snippet).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hit?.snippet).not.toContain('<script>');
    expect(hit?.snippet).toContain('规划<mark>部门</mark><mark>负责</mark><mark>解释</mark>。');
    const [script] = (await index.search({ q: 'SCRIPT' })).items;
    expect(script?.snippet).toContain('&lt;<mark>script</mark>&gt;');
  });

  it('replaces an entry on upsert and forgets it on remove', async () => {
    await index.upsert(database.db, entry(2, { title: '关于地名管理的通知', body: '地名标志设置。' }));
    expect(await keys({ q: '城市更新', kind: 'document', theme: '城市更新' })).toEqual([]);
    expect(await keys({ q: '地名' })).toEqual(['document:2']);
    expect((await database.db.selectFrom('search_entries').select('key').where('key', '=', 'document:2').execute()).length).toBe(1);
    await index.remove(database.db, 'document:2');
    await index.remove(database.db, 'document:404');
    expect(await keys({ q: '地名' })).toEqual([]);
    expect((await index.search({ q: '' })).total).toBe(3);
  });

  it("writes inside the caller's transaction", async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await index.upsert(trx, entry(30, { title: '历史风貌区保护规划' }));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await keys({ q: '历史风貌区' })).toEqual([]);
  });

  it('never shows 定向公开 entries to anyone outside their audience, in results or totals', async () => {
    await index.upsert(database.db, entry(40, { title: '城市更新内部通报', audience: [7, 8] }));
    expect((await index.search({ q: '城市更新' })).total).toBe(2);
    expect(await keys({ q: '城市更新内部通报' })).toEqual([]);
    expect((await index.search({ q: '城市更新', viewerAccountId: 9 })).total).toBe(2);
    expect((await index.search({ q: '', viewerAccountId: null })).total).toBe(4);
    expect((await index.search({ q: '城市更新', viewerAccountId: 8 })).total).toBe(3);
    expect(await keys({ q: '内部通报', viewerAccountId: 7 })).toEqual(['document:40']);
    await index.upsert(database.db, entry(41, { title: '专项通报', docNumber: '沪规划资源内〔2024〕1号', audience: [7] }));
    expect((await index.search({ q: '沪规划资源内〔2024〕1号' })).total).toBe(0);
    expect((await index.search({ q: '沪规划资源内〔2024〕1号', viewerAccountId: 7 })).total).toBe(1);
  });

  it('searches one site, several, or the whole city', async () => {
    expect((await keys({ q: '一网通办' })).sort()).toEqual(['document:2', 'document:3']);
    expect(await keys({ q: '一网通办', siteIds: [1] })).toEqual(['document:2']);
    expect(await keys({ q: '一网通办', siteIds: [2] })).toEqual(['document:3']);
    expect((await keys({ q: '一网通办', siteIds: [1, 2] })).sort()).toEqual(['document:2', 'document:3']);
    expect(await keys({ q: '一网通办', siteIds: [] })).toEqual([]);
  });

  it('loosens a query that finds nothing word for word', async () => {
    // 规划资源 is one dictionary word: no entry has it together with 简报, so its parts are tried.
    await index.upsert(database.db, entry(50, { title: '规划和资源局工作简报', body: '' }));
    expect(await keys({ q: '规划资源简报' })).toEqual(['document:50']);
  });

  it('lists the newest entries when there are no words, and ranks title matches first', async () => {
    expect(await keys({ q: '' })).toEqual(['document:3', 'document:1', 'document:2', 'document:4']);
    await index.upsert(database.db, entry(60, { title: '测绘成果', body: '地质灾害 '.repeat(3) }));
    await index.upsert(database.db, entry(61, { title: '地质灾害防治规划', body: '测绘' }));
    expect(await keys({ q: '地质灾害' })).toEqual(['document:61', 'document:60']);
  });

  it('ranks the newest matches when there are more than the cap, then the older ones newest first', async () => {
    const capped = createSearchIndex(database, { rankCap: 3 });
    const day = (d: number) => `2020-01-0${d}T00:00:00.000Z`;
    for (const i of [1, 2, 3]) await capped.upsert(database.db, entry(70 + i, { title: '海域使用管理办法', body: '海域使用', publishedAt: day(i) }));
    for (const i of [4, 6]) await capped.upsert(database.db, entry(70 + i, { title: '通知', body: '海域使用', publishedAt: day(i) }));
    await capped.upsert(database.db, entry(75, { title: '海域使用', body: '', publishedAt: day(5) }));
    const all = await capped.search({ q: '海域使用', pageSize: 10 });
    expect(all.total).toBe(6);
    const keys = all.items.map((i) => i.key);
    expect(keys).toEqual(['document:75', 'document:76', 'document:74', 'document:73', 'document:72', 'document:71']);
    const paged = await Promise.all([1, 2, 3].map((page) => capped.search({ q: '海域使用', page, pageSize: 2 })));
    expect(paged.flatMap((p) => p.items.map((i) => i.key))).toEqual(keys);
    expect(paged.map((p) => p.total)).toEqual([6, 6, 6]);
  });

  it('moves an entry when its date changes; bulk upserts keep one row per key and unique ids', async () => {
    const engine = createSearchIndex(database);
    const byDate = async () => (await keys({ q: '土地储备', order: 'date', pageSize: 50 })).slice(0, 2);
    await engine.upsert(database.db, entry(80, { title: '土地储备计划', publishedAt: '2020-01-01T00:00:00.000Z' }));
    await engine.upsert(database.db, entry(81, { title: '土地储备公告', publishedAt: '2021-01-01T00:00:00.000Z' }));
    expect(await byDate()).toEqual(['document:81', 'document:80']);
    await engine.upsert(database.db, entry(80, { title: '土地储备计划', publishedAt: '2022-01-01T00:00:00.000Z' }));
    expect(await byDate()).toEqual(['document:80', 'document:81']);
    const sameMoment = Array.from({ length: 40 }, (_, i) => entry(100 + i, { title: `土地储备第${i}号`, publishedAt: '2023-05-05T00:00:00.000Z' }));
    await engine.upsertMany(database.db, [...sameMoment, entry(100, { title: '土地储备更正', publishedAt: '2023-05-05T00:00:00.000Z' })]);
    const result = await index.search({ q: '土地储备', pageSize: 50 });
    expect(result.total).toBe(42);
    expect(new Set(result.items.map((i) => i.key)).size).toBe(42);
    expect(result.items.find((i) => i.key === 'document:100')?.title).toBe('土地储备更正');
    const rows = await database.db.selectFrom('search_entries').select('key').where('key', '=', 'document:100').execute();
    expect(rows).toHaveLength(1);
  });
});
