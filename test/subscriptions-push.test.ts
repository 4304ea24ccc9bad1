import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../src/platform/db/database.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { Client } from './support/client.js';
import { textOf } from './support/client.js';
import { library } from './support/library.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * 精准推送 end to end over HTTP on the real database: compose with the count preview, approval by
 * someone else only, send exactly once, the delivery engine's inbox messages, ratings by recipients
 * only, and the statistics page.
 */

describe.each(testDialects())('精准推送 (%s)', (kind) => {
  let t: TestApp;
  let editor: Client;
  let reviewer: Client;
  let both: Client;
  let docId: number;
  let draftDocId: number;
  const tag: Record<string, number> = {};
  const acct: Record<string, number> = {};
  const citizens: Record<string, Client> = {};
  let pushId: number;

  const db = () => t.database.db;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const lib = library(t);
    docId = (await lib.publish({ title: '关于进一步规范建设工程规划许可的通知', docNumber: '沪规划资源规〔2025〕7号' }))[0]!;
    draftDocId = await lib.insert('尚未发布的草稿文件');
    const now = nowIso();
    for (const [key, category, label] of [['estate', 'industry', '测试房地产'], ['pudong', 'district', '测试浦东'], ['old', 'group', '测试已停用']] as const) {
      const row = await db().insertInto('audience_tags').values({ site_id: t.siteId, category, label, sort: 1, retired_at: key === 'old' ? now : null, created_at: now }).returning('id').executeTakeFirstOrThrow();
      tag[key] = row.id;
    }
    citizens.a1 = await t.citizenClient('push.a1@example.com');
    citizens.a4 = await t.citizenClient('push.a4@example.com');
    for (const name of ['a2', 'a3', 'a5']) await t.addCitizen(`push.${name}@example.com`);
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) {
      acct[name] = (await db().selectFrom('accounts').select('id').where('email', '=', `push.${name}@example.com`).executeTakeFirstOrThrow()).id;
    }
    await db().updateTable('accounts').set({ kind: 'organization' }).where('id', '=', acct.a5!).execute();
    const links: [string, string][] = [['a1', 'estate'], ['a2', 'pudong'], ['a3', 'estate'], ['a3', 'pudong'], ['a5', 'estate']];
    await db().insertInto('account_audience_tags').values(links.map(([a, k]) => ({ account_id: acct[a]!, tag_id: tag[k]! }))).execute();
    editor = await t.staffClient('push.editor', ['editor']);
    reviewer = await t.staffClient('push.reviewer', ['reviewer']);
    both = await t.staffClient('push.both', ['editor', 'reviewer']);
  });

  afterAll(async () => {
    await t?.close();
  });

  const compose = (over: Record<string, string | string[]> = {}) => ({
    document_id: String(docId), title: '建设工程规划许可新规', message: '与您相关的建设工程规划许可新规已发布，请查看。', tag_ids: [String(tag.estate)], ...over,
  });
  const previewedOf = (html: string) => /name="previewed" value="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? '';
  const countOf = (html: string) => Number(/预计推送 <strong>(\d+)<\/strong> 人/.exec(html)?.[1] ?? NaN);
  const pushRow = (id: number) => db().selectFrom('pushes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('previews the recipient count: the active accounts having any chosen tag, narrowed by kind', async () => {
    const expected = await db()
      .selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'active')
      .where((eb) => eb.exists(eb.selectFrom('account_audience_tags as x').select('x.tag_id').whereRef('x.account_id', '=', 'accounts.id').where('x.tag_id', '=', tag.estate!)))
      .executeTakeFirstOrThrow();
    const page = await editor.submit('/console/pushes/new', compose({ action: 'preview' }), `/console/pushes/new?document=${docId}`);
    expect(page.status).toBe(200);
    expect(countOf(page.body)).toBe(Number(expected.n));
    expect(countOf(page.body)).toBe(3);
    expect(page.body).toContain('建设工程规划许可新规');

    const persons = await editor.submit('/console/pushes/new', compose({ action: 'preview', tag_ids: [String(tag.estate), String(tag.pudong)], account_kinds: ['person'] }), '/console/pushes');
    expect(countOf(persons.body)).toBe(3);
    const orgs = await editor.submit('/console/pushes/new', compose({ action: 'preview', account_kinds: ['organization'] }), '/console/pushes');
    expect(countOf(orgs.body)).toBe(1);
  });

  it('finds pushable policies by title or 文号, and only those', async () => {
    const found = await editor.get(`/console/pushes/new?q=${encodeURIComponent('规〔2025〕7号')}`);
    expect(found.status).toBe(200);
    expect(found.body).toContain(`/console/pushes/new?document=${docId}`);
    const draft = await editor.get(`/console/pushes/new?document=${draftDocId}`);
    expect(draft.status).toBe(200);
    expect(draft.body).toContain('该文件不能推送');
  });

  it('refuses bad input in Chinese next to the fields, keeping what was typed, never a 500', async () => {
    const cases: [Record<string, string | string[]>, string][] = [
      [compose({ tag_ids: [], action: 'preview' }), '请至少选择一个受众标签或账号类型'],
      [compose({ message: '长'.repeat(201), action: 'preview' }), '推送内容不超过 200 个字'],
      [compose({ document_id: String(draftDocId), action: 'preview' }), '只能推送本站已发布、主动公开且非定向公开的政策文件'],
      [compose({ document_id: 'abc', action: 'draft' }), '只能推送本站已发布、主动公开且非定向公开的政策文件'],
      [compose({ tag_ids: [String(tag.old)], action: 'preview' }), '所选标签不存在或已停用'],
      [compose({ tag_ids: ['x1'], action: 'preview' }), '请从列表中选择标签'],
      [compose({ account_kinds: ['staff'], action: 'preview' }), '请从列表中选择账号类型'],
      [compose({ channels: ['sms'], action: 'preview' }), '短信只用于推送服务类政策'],
      [compose({ tag_ids: [], audience_all: 'on', account_kinds: ['person'], action: 'preview' }), '不能同时勾选'],
    ];
    for (const [form, message] of cases) {
      const reply = await editor.submit('/console/pushes/new', form, '/console/pushes');
      expect(reply.status, message).toBe(422);
      expect(reply.body, message).toContain(message);
    }
    const kept = await editor.submit('/console/pushes/new', compose({ title: '保留这个标题', message: '长'.repeat(201), action: 'preview' }), '/console/pushes');
    expect(kept.body).toContain('value="保留这个标题"');
    const all = await editor.submit('/console/pushes/new', compose({ tag_ids: [], audience_all: 'on', action: 'preview' }), '/console/pushes');
    expect(all.status).toBe(200);
    expect(countOf(all.body)).toBe(5);
    expect(await db().selectFrom('pushes').select('id').execute()).toEqual([]);
  });

  it('submits for approval only after the count was shown for this audience', async () => {
    const blind = await editor.submit('/console/pushes/new', compose({ action: 'submit' }), '/console/pushes');
    expect(blind.status).toBe(422);
    expect(blind.body).toContain('提交审批前请确认预计推送人数');
    const previewed = previewedOf(blind.body);
    const changed = await editor.submit('/console/pushes/new', compose({ action: 'submit', previewed, tag_ids: [String(tag.pudong)] }), '/console/pushes');
    expect(changed.status).toBe(422);
    const sent = await editor.submit('/console/pushes/new', compose({ action: 'submit', previewed }), '/console/pushes');
    expect(sent.status).toBe(303);
    pushId = Number(/\/console\/pushes\/(\d+)/.exec(sent.location ?? '')?.[1]);
    const row = await pushRow(pushId);
    expect(row.status).toBe('pending_approval');
    expect(JSON.parse(row.audience)).toEqual({ tagIds: [tag.estate], accountKinds: [], channels: [] });
    const audit = await db().selectFrom('audit_log').select('action').where('target_type', '=', 'push').where('target_id', '=', String(pushId)).execute();
    expect(audit.map((a) => a.action)).toEqual(['push.submit']);
  });

  it('lets nobody approve their own push, nor an editor approve at all', async () => {
    const first = await both.submit('/console/pushes/new', compose({ action: 'preview' }), '/console/pushes');
    const own = await both.submit('/console/pushes/new', compose({ action: 'submit', previewed: previewedOf(first.body) }), '/console/pushes');
    expect(own.status).toBe(303);
    const ownId = Number(/\/console\/pushes\/(\d+)/.exec(own.location ?? '')?.[1]);
    const page = await both.get(`/console/pushes/${ownId}`);
    expect(page.body).not.toContain(`/console/pushes/${ownId}/review`);
    const refused = await both.submit(`/console/pushes/${ownId}/review`, { decision: 'approve', comment: '' }, `/console/pushes/${ownId}`);
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('不能审批自己起草的推送');
    expect((await pushRow(ownId)).status).toBe('pending_approval');
    const byEditor = await editor.submit(`/console/pushes/${pushId}/review`, { decision: 'approve' }, '/console/pushes');
    expect(byEditor.status).toBe(403);
    const noComment = await reviewer.submit(`/console/pushes/${ownId}/review`, { decision: 'reject', comment: '' }, `/console/pushes/${ownId}`);
    expect(noComment.status).toBe(422);
    expect(noComment.body).toContain('退回时请填写意见');
    const rejected = await reviewer.submit(`/console/pushes/${ownId}/review`, { decision: 'reject', comment: '受众过宽，请收窄' }, `/console/pushes/${ownId}`);
    expect(rejected.status).toBe(303);
    expect((await pushRow(ownId)).status).toBe('rejected');
  });

  it('another reviewer approves (the count is frozen), and a double send makes exactly one push event', async () => {
    const page = await reviewer.get(`/console/pushes/${pushId}`);
    expect(textOf(page.body)).toContain('具有以下任一标签：测试房地产');
    expect(textOf(page.body)).toContain('按当前条件预计人数 3 人');
    const approved = await reviewer.submit(`/console/pushes/${pushId}/review`, { decision: 'approve', comment: '同意' }, `/console/pushes/${pushId}`);
    expect(approved.status).toBe(303);
    const row = await pushRow(pushId);
    expect(row).toMatchObject({ status: 'approved', recipient_count: 3, approval_comment: '同意' });
    expect(row.approved_by).not.toBe(row.created_by);

    expect((await editor.submit(`/console/pushes/${pushId}/send`, {}, '/console/pushes')).status).toBe(403);
    const first = await reviewer.submit(`/console/pushes/${pushId}/send`, {}, `/console/pushes/${pushId}`);
    const second = await reviewer.submit(`/console/pushes/${pushId}/send`, {}, '/console/pushes');
    expect(first.location).toBe(`/console/pushes/${pushId}?done=sent`);
    expect(second.location).toBe(`/console/pushes/${pushId}?done=already`);
    const events = await db().selectFrom('notify_events').selectAll().where('kind', '=', 'push').execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.dedupe_key).toBe(`push:${pushId}`);
    const payload = JSON.parse(events[0]!.payload) as { audience: unknown; pushId: number; documentId: number; title: string };
    expect(payload).toMatchObject({ audience: { tagIds: [tag.estate], accountKinds: [], channels: [] }, pushId, documentId: docId, title: '建设工程规划许可新规' });
    expect((await pushRow(pushId))).toMatchObject({ status: 'sent', event_id: events[0]!.id });
    const audit = await db().selectFrom('audit_log').select('action').where('target_type', '=', 'push').where('target_id', '=', String(pushId)).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['push.submit', 'push.approve', 'push.send']);
  });

  it('the delivery engine puts the push into exactly the audience’s inboxes', async () => {
    await t.gk.services.jobs.start();
    try {
      for (let i = 0; i < 100 && (await inboxOf(pushId)).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await t.gk.services.jobs.stop();
    }
    const got = await inboxOf(pushId);
    expect(got.map((m) => m.account_id).sort((a, b) => a - b)).toEqual([acct.a1!, acct.a3!, acct.a5!].sort((a, b) => a - b));
  });

  const inboxOf = (id: number) =>
    db()
      .selectFrom('inbox_messages as m')
      .innerJoin('deliveries as d', 'd.id', 'm.delivery_id')
      .innerJoin('pushes as p', 'p.event_id', 'd.event_id')
      .select(['m.id', 'm.account_id'])
      .where('p.id', '=', id)
      .execute();

  it('asks a recipient whether it was useful; the vote can change; others cannot vote', async () => {
    const message = (await inboxOf(pushId)).find((m) => m.account_id === acct.a1)!;
    const page = await citizens.a1!.get(`/space/inbox/${message.id}`);
    expect(page.body).toContain('这条推送对您有用吗？');
    const yes = await citizens.a1!.submit(`/space/pushes/${pushId}/rating`, { useful: '1', message_id: String(message.id) }, `/space/inbox/${message.id}`);
    expect(yes.status).toBe(303);
    expect(yes.location).toBe(`/space/inbox/${message.id}`);
    expect((await citizens.a1!.get(`/space/inbox/${message.id}`)).body).toContain('感谢您的评价');
    await citizens.a1!.submit(`/space/pushes/${pushId}/rating`, { useful: '0', comment: '与我无关' }, `/space/inbox/${message.id}`);
    const ratings = await db().selectFrom('push_ratings').selectAll().where('push_id', '=', pushId).execute();
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ account_id: acct.a1, useful: 0, comment: '与我无关' });
    const bad = await citizens.a1!.submit(`/space/pushes/${pushId}/rating`, { useful: 'maybe' }, '/space');
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('请选择“有用”或“没用”');
    const stranger = await citizens.a4!.submit(`/space/pushes/${pushId}/rating`, { useful: '1' }, '/space');
    expect(stranger.status).toBe(404);
    expect((await citizens.a4!.submit('/space/pushes/999999/rating', { useful: '1' }, '/space')).status).toBe(404);
    expect(await db().selectFrom('push_ratings').select('id').where('account_id', '=', acct.a4!).execute()).toEqual([]);
    expect((await editor.submit(`/space/pushes/${pushId}/rating`, { useful: '1' }, '/console/pushes')).status).toBe(403);
  });

  it('shows per-channel statistics as an SVG chart with the same numbers in a table, under the strict CSP', async () => {
    const push = await pushRow(pushId);
    const now = nowIso();
    const rows: [string, string, boolean, boolean][] = [
      ['email', 'sent', true, false], ['email', 'sent', false, true], ['email', 'failed', false, false], ['email', 'dead', false, false], ['email', 'skipped', false, false], ['sms', 'sent', false, false],
    ];
    await db().insertInto('deliveries').values(rows.map(([channel, status, opened, unsub], i) => ({
      event_id: push.event_id!, recipient_key: `a:${9000 + i}`, channel, subscription_id: null, account_id: null, address: null, frequency: 'immediate', status,
      attempts: 1, next_attempt_at: null, last_error: null, digest_id: null, created_at: now, sent_at: null, opened_at: opened ? now : null, unsubscribed_at: unsub ? now : null,
    }))).execute();
    await db().updateTable('deliveries').set({ opened_at: now }).where('event_id', '=', push.event_id!).where('channel', '=', 'inbox').where('account_id', '=', acct.a1!).execute();
    const page = await reviewer.get(`/console/pushes/${pushId}`);
    expect(page.status).toBe(200);
    const text = textOf(page.body).slice(textOf(page.body).indexOf('各渠道投递情况（人次）'));
    // 渠道 命中 已发送 待发送 失败 最终失败 跳过 已读 退订
    expect(text).toMatch(/电子邮件 5 2 0 1 1 1 1 1/);
    expect(text).toMatch(/短信 1 1 0 0 0 0 0 0/);
    expect(text).toMatch(/站内消息 3 \d 0 0 0 0 1 0/);
    expect(text).toMatch(/有用 0 0% 没用 1 100%/);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? '';
    expect(svg).toMatch(/^<svg role="img" aria-label="各渠道投递情况柱状图：/);
    expect(svg).not.toMatch(/style=|<style|<script|ecmeta_/);
    expect(svg).toContain('电子邮件');
    expect(page.header('content-security-policy')).toContain("style-src 'self'");

    const overview = await reviewer.get('/console/pushes/stats');
    expect(overview.status).toBe(200);
    expect(textOf(overview.body)).toMatch(/精准推送·电子邮件 5 2 0 1 1 1 1 1/);
    expect(overview.body).toContain(`/console/pushes/${pushId}`);
    expect(overview.body).toMatch(/<svg role="img"/);
  });

  it('two sends at the same moment (a double click) still make one event and one audit record', async () => {
    const first = await editor.submit('/console/pushes/new', compose({ action: 'preview', tag_ids: [String(tag.pudong)] }), '/console/pushes');
    const created = await editor.submit('/console/pushes/new', compose({ action: 'submit', tag_ids: [String(tag.pudong)], previewed: previewedOf(first.body) }), '/console/pushes');
    const id = Number(/\/console\/pushes\/(\d+)/.exec(created.location ?? '')?.[1]);
    expect((await reviewer.submit(`/console/pushes/${id}/review`, { decision: 'approve' }, '/console/pushes')).status).toBe(303);
    const token = await reviewer.csrf('/console/pushes');
    const replies = await Promise.all([1, 2].map(() => reviewer.post(`/console/pushes/${id}/send`, { _csrf: token })));
    expect(replies.map((r) => r.status)).toEqual([303, 303]);
    expect(replies.map((r) => r.location).sort()).toEqual([`/console/pushes/${id}?done=already`, `/console/pushes/${id}?done=sent`]);
    expect(await db().selectFrom('notify_events').select('id').where('dedupe_key', '=', `push:${id}`).execute()).toHaveLength(1);
    expect(await db().selectFrom('audit_log').select('seq').where('action', '=', 'push.send').where('target_id', '=', String(id)).execute()).toHaveLength(1);
  });

  it('cancels only what is not sent yet', async () => {
    const created = await editor.submit('/console/pushes/new', compose({ action: 'draft' }), '/console/pushes');
    const id = Number(/\/console\/pushes\/(\d+)/.exec(created.location ?? '')?.[1]);
    expect((await pushRow(id)).status).toBe('draft');
    expect((await editor.submit(`/console/pushes/${id}/cancel`, {}, '/console/pushes')).status).toBe(303);
    expect((await pushRow(id)).status).toBe('cancelled');
    const sentAgain = await reviewer.submit(`/console/pushes/${pushId}/cancel`, {}, '/console/pushes');
    expect(sentAgain.status).toBe(422);
    expect((await pushRow(pushId)).status).toBe('sent');
    expect((await reviewer.get('/console/pushes/abc')).status).toBe(404);
    expect((await reviewer.get('/console/pushes/999999')).status).toBe(404);
  });
});
