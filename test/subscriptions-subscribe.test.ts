import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endAllForAccount } from '../src/modules/subscriptions/subscribe/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { library } from './support/library.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* C2: subscriptions of signed-in people in 我的订阅; C3: document feeds per tag and issuing organ. */

describe.each(testDialects())('subscriptions in the personal space (%s)', (kind) => {
  let t: TestApp;
  let citizen: Client;
  let accountId: number;
  const db = () => t.database.db;
  const rows = () =>
    db().selectFrom('subscriptions as s').innerJoin('subscribers as b', 'b.id', 's.subscriber_id').select(['s.id', 's.criterion', 's.value', 's.channel', 's.frequency', 's.status', 's.ended_reason', 'b.account_id', 'b.confirmed_at'])
      .where('b.account_id', '=', accountId).orderBy('s.id').execute();

  beforeAll(async () => {
    t = await startTestApp(kind);
    await library(t).publish({ title: '关于测绘成果汇交管理的通知', issuer: '上海市测绘院', theme: '测绘地理信息' });
    citizen = await t.citizenClient('subscriber@example.com');
    accountId = (await db().selectFrom('accounts').select('id').where('email', '=', 'subscriber@example.com').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  it('is behind sign-in and replaces the placeholder', async () => {
    const anonymous = await t.client().get('/space/subscriptions');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toContain('/login');
    const page = await citizen.get('/space/subscriptions');
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('您还没有订阅');
    expect(textOf(page.body)).toContain('短信只推送服务类政策');
  });

  it('subscribes at once, explains bad input in Chinese next to the field and keeps it', async () => {
    const added = await citizen.submit('/space/subscriptions', { criterion: 'theme', value_theme: '土地管理', channel: 'inbox', frequency: 'immediate' });
    expect(added.status).toBe(303);
    expect(await rows()).toEqual([expect.objectContaining({ criterion: 'theme', value: '土地管理', channel: 'inbox', frequency: 'immediate', status: 'active', account_id: accountId })]);
    expect((await rows())[0]!.confirmed_at).not.toBeNull();
    expect(textOf((await citizen.get('/space/subscriptions')).body)).toContain('主题「土地管理」');
    expect(await db().selectFrom('audit_log').select('summary').where('action', '=', 'subscription.create').execute()).toEqual([{ summary: '订阅主题「土地管理」（站内消息 · 即时）' }]);

    const short = await citizen.submit('/space/subscriptions', { criterion: 'keyword', value_keyword: '地', channel: 'inbox', frequency: 'daily' });
    expect(short.status).toBe(422);
    expect(short.body).toMatch(/id="e-value_keyword"[^>]*>.*关键词为 2–20 个字/);
    expect(short.body).toContain('value="地"');

    const nothing = await citizen.submit('/space/subscriptions', {});
    expect(nothing.status).toBe(422);
    for (const message of ['请选择订阅方式', '请选择接收方式', '请选择接收频率']) expect(textOf(nothing.body)).toContain(message);

    const unknownIssuer = await citizen.submit('/space/subscriptions', { criterion: 'issuer', value_issuer: '不存在的机关', channel: 'inbox', frequency: 'immediate' });
    expect(unknownIssuer.status).toBe(422);
    expect(textOf(unknownIssuer.body)).toContain('请从列表中选择发文机关');
    const unknownTheme = await citizen.submit('/space/subscriptions', { criterion: 'theme', value_theme: '<script>', channel: 'inbox', frequency: 'immediate' });
    expect(unknownTheme.status).toBe(422);
    expect(unknownTheme.body).not.toContain('<script>');

    const sms = await citizen.submit('/space/subscriptions', { criterion: 'theme', value_theme: '土地管理', channel: 'sms', frequency: 'immediate' });
    expect(sms.status).toBe(422);
    expect(textOf(sms.body)).toContain('您的账号没有手机号，不能用短信接收');

    for (const form of <Record<string, string>[]>[
      { criterion: 'issuer', value_issuer: '上海市测绘院', channel: 'email', frequency: 'weekly' },
      { criterion: 'tag', value_tag: '动迁居民', channel: 'inbox', frequency: 'daily' },
      { criterion: 'type', value_type: 'normative', channel: 'inbox', frequency: 'immediate' },
      { criterion: 'keyword', value_keyword: '城中村改造', channel: 'inbox', frequency: 'immediate' },
    ]) expect((await citizen.submit('/space/subscriptions', form)).status).toBe(303);
    expect((await rows()).map((r) => `${r.criterion}:${r.value}:${r.channel}:${r.frequency}`)).toEqual([
      'theme:土地管理:inbox:immediate', 'issuer:上海市测绘院:email:weekly', 'tag:动迁居民:inbox:daily', 'type:normative:inbox:immediate', 'keyword:城中村改造:inbox:immediate',
    ]);
    expect(textOf((await citizen.get('/space/subscriptions')).body)).toContain('文件类型「行政规范性文件」');
  });

  it('changes frequency and channel, cancels, and reactivates the same row on re-subscribing', async () => {
    const theme = (await rows())[0]!;
    expect((await citizen.submit(`/space/subscriptions/${theme.id}`, { channel: 'inbox', frequency: 'weekly' }, '/space/subscriptions')).status).toBe(303);
    expect((await rows())[0]!.frequency).toBe('weekly');

    const toEmail = await citizen.submit(`/space/subscriptions/${theme.id}`, { channel: 'email', frequency: 'daily' }, '/space/subscriptions');
    expect(toEmail.status).toBe(303);
    const after = await rows();
    expect(after.find((r) => r.id === theme.id)).toEqual(expect.objectContaining({ status: 'ended', ended_reason: 'replaced' }));
    expect(after.find((r) => r.criterion === 'theme' && r.channel === 'email')).toEqual(expect.objectContaining({ status: 'active', frequency: 'daily' }));

    const badChange = await citizen.submit(`/space/subscriptions/${theme.id + 1}`, { channel: 'carrier-pigeon', frequency: 'daily' }, '/space/subscriptions');
    expect(badChange.status).toBe(422);
    expect(textOf(badChange.body)).toContain('请选择接收方式');

    const keyword = after.find((r) => r.criterion === 'keyword')!;
    expect((await citizen.submit(`/space/subscriptions/${keyword.id}/cancel`, {}, '/space/subscriptions')).status).toBe(303);
    expect((await rows()).find((r) => r.id === keyword.id)).toEqual(expect.objectContaining({ status: 'ended', ended_reason: 'unsubscribed' }));
    expect(textOf((await citizen.get('/space/subscriptions')).body)).not.toContain('关键词「城中村改造」');

    expect((await citizen.submit('/space/subscriptions', { criterion: 'keyword', value_keyword: '城中村改造', channel: 'inbox', frequency: 'daily' })).status).toBe(303);
    const again = (await rows()).filter((r) => r.criterion === 'keyword');
    expect(again).toEqual([expect.objectContaining({ id: keyword.id, status: 'active', frequency: 'daily', ended_reason: null })]);
  });

  it('keeps to the per-subscriber limit (a setting) and never lets one account touch another’s subscription', async () => {
    await db().insertInto('platform_settings').values({ key: 'subscriptions.rules', value: JSON.stringify({ maxPerSubscriber: 5 }), updated_at: new Date().toISOString() }).execute();
    const over = await citizen.submit('/space/subscriptions', { criterion: 'keyword', value_keyword: '耕地占补平衡', channel: 'inbox', frequency: 'immediate' });
    expect(over.status).toBe(422);
    expect(textOf(over.body)).toContain('每人最多保留 5 项订阅');
    await db().deleteFrom('platform_settings').where('key', '=', 'subscriptions.rules').execute();

    const other = await t.citizenClient('other-subscriber@example.com');
    const mine = (await rows()).find((r) => r.status === 'active')!;
    expect((await other.submit(`/space/subscriptions/${mine.id}/cancel`, {}, '/space/subscriptions')).status).toBe(404);
    expect((await other.submit(`/space/subscriptions/${mine.id}`, { channel: 'inbox', frequency: 'daily' }, '/space/subscriptions')).status).toBe(404);
    expect(textOf((await other.get('/space/subscriptions')).body)).toContain('您还没有订阅');
    expect((await rows()).find((r) => r.id === mine.id)!.status).toBe('active');
  });

  it('ends every subscription of a closing account in the caller’s transaction', async () => {
    const other = await t.citizenClient('closing@example.com');
    await other.submit('/space/subscriptions', { criterion: 'theme', value_theme: '海洋管理', channel: 'inbox', frequency: 'immediate' });
    await other.submit('/space/subscriptions', { criterion: 'keyword', value_keyword: '海域使用', channel: 'inbox', frequency: 'daily' });
    const closing = (await db().selectFrom('accounts').select('id').where('email', '=', 'closing@example.com').executeTakeFirstOrThrow()).id;
    const ended = await db().transaction().execute((trx) => endAllForAccount(trx, closing));
    expect(ended).toBe(2);
    const left = await db().selectFrom('subscriptions as s').innerJoin('subscribers as b', 'b.id', 's.subscriber_id').select(['s.status', 's.ended_reason']).where('b.account_id', '=', closing).execute();
    expect(left).toEqual([{ status: 'ended', ended_reason: 'account_closed' }, { status: 'ended', ended_reason: 'account_closed' }]);
    expect((await rows()).some((r) => r.status === 'active')).toBe(true);
  });

  it('sends signed-in visitors from /subscribe links to 我的订阅 with the criterion filled in', async () => {
    const link = await citizen.get('/subscribe?criterion=theme&value=%E8%80%95%E5%9C%B0%E4%BF%9D%E6%8A%A4');
    expect(link.status).toBe(303);
    expect(link.location).toBe('/space/subscriptions?criterion=theme&value=%E8%80%95%E5%9C%B0%E4%BF%9D%E6%8A%A4');
    const page = await citizen.get(link.location!);
    expect(page.body).toMatch(/<option value="耕地保护" selected/);
    expect(page.body).toContain('href="/feeds/documents.rss?theme=%E8%80%95%E5%9C%B0%E4%BF%9D%E6%8A%A4"');
  });
});

describe.each(testDialects())('document feeds per tag and issuing organ (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const lib = library(t);
    const published = { status: 'published', disclosure: 'proactive', published_version: 1, published_at: '2025-05-02T01:00:00.000Z' } as const;
    await lib.insert('面向动迁居民的安置政策', { ...published, audience_tags: JSON.stringify(['动迁居民', '浦东新区']) });
    await lib.insert('面向企业法人的用地政策', { ...published, audience_tags: JSON.stringify(['企业法人']), issuers: JSON.stringify(['上海市规划和自然资源局', '上海市测绘院']) });
    await lib.insert('动迁居民草稿不应出现', { audience_tags: JSON.stringify(['动迁居民']) });
  });
  afterAll(async () => t?.close());

  it('filters by ?tag= and ?issuer= and refuses unknown values with a Chinese 400', async () => {
    const visitor = t.client();
    await t.client().get('/subscribe'); // the vocabulary is seeded on first use
    const byTag = await visitor.get('/feeds/documents.json?tag=%E5%8A%A8%E8%BF%81%E5%B1%85%E6%B0%91');
    expect(byTag.status).toBe(200);
    expect(byTag.json<{ title: string; items: { title: string }[] }>().items.map((i) => i.title)).toEqual(['面向动迁居民的安置政策']);
    expect(byTag.json<{ title: string }>().title).toContain('标签：动迁居民');

    const byIssuer = await visitor.get(`/feeds/documents.rss?issuer=${encodeURIComponent('上海市测绘院')}`);
    expect(byIssuer.status).toBe(200);
    expect(byIssuer.body).toContain('面向企业法人的用地政策');
    expect(byIssuer.body).not.toContain('面向动迁居民的安置政策');

    const both = await visitor.get(`/feeds/documents.atom?issuer=${encodeURIComponent('上海市规划和自然资源局')}&tag=${encodeURIComponent('浦东新区')}`);
    expect(both.body).toContain('面向动迁居民的安置政策');
    expect(both.body).not.toContain('面向企业法人的用地政策');

    for (const [url, message] of [
      ['/feeds/documents.json?tag=%E4%B8%8D%E5%AD%98%E5%9C%A8', '没有名为「不存在」的标签'],
      ['/feeds/documents.json?issuer=%E6%9F%90%E5%B1%80', '本站没有「某局」发布的文件'],
      ['/feeds/documents.json?theme=%E7%81%AB%E6%98%9F', '没有名为「火星」的主题分类'],
      ['/feeds/documents.json?tag=a&tag=b', '标签不正确'],
    ] as const) {
      const reply = await visitor.get(url);
      expect(reply.status, url).toBe(400);
      expect(textOf(reply.body), url).toContain(message);
    }
  });

  it('links the subscribe form from documents and theme lists', async () => {
    const visitor = t.client();
    const id = (await t.database.db.selectFrom('documents').select('id').where('title', '=', '面向动迁居民的安置政策').executeTakeFirstOrThrow()).id;
    const page = await visitor.get(`/documents/${id}`);
    expect(page.body).toContain(`href="/subscribe?criterion=tag&amp;value=${encodeURIComponent('动迁居民')}"`);
    expect(page.body).toContain(`href="/subscribe?criterion=issuer&amp;value=${encodeURIComponent('上海市规划和自然资源局')}"`);
    const list = await visitor.get(`/documents?theme=${encodeURIComponent('土地管理')}`);
    expect(list.body).toContain(`href="/subscribe?criterion=theme&amp;value=${encodeURIComponent('土地管理')}"`);
  });
});
