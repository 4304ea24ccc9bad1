import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribePath } from '../src/modules/subscriptions/unsubscribe-token.js';
import { testDialects } from '../src/platform/db/testing.js';
import { sha256 } from '../src/platform/tokens.js';
import { encodeForm, textOf } from './support/client.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* Anonymous e-mail subscriptions with double opt-in through a real SMTP server, and one-click unsubscribe. */

function confirmPath(mail: ReceivedMail): string {
  const link = /https?:\/\/\S+\/subscribe\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`no confirmation link in:\n${mail.text}`);
  return new URL(link).pathname;
}

describe.each(testDialects())('anonymous e-mail subscriptions (%s)', (kind) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const db = () => t.database.db;
  const subscriptionsOf = (email: string) =>
    db().selectFrom('subscriptions as s').innerJoin('subscribers as b', 'b.id', 's.subscriber_id').select(['s.id', 's.status', 's.criterion', 's.value', 's.channel', 'b.id as subscriberId'])
      .where('b.email', '=', email).orderBy('s.id').execute();
  const subscribe = (email: string, over: Record<string, string> = {}) =>
    t.client().submit('/subscribe', { email, criterion: 'theme', value_theme: '城市更新', frequency: 'immediate', ...over });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp(kind, { SMTP_URL: smtp.url, MAIL_FROM: '规划资源局 <noreply@ghzyj.example.gov.cn>', PUBLIC_URL: 'https://ghzyj.example.gov.cn' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('mails an opt-in link; the subscription stays pending until the link is followed and confirmed', async () => {
    const form = await t.client().get('/subscribe?criterion=theme&value=%E5%9F%8E%E5%B8%82%E6%9B%B4%E6%96%B0');
    expect(form.status).toBe(200);
    expect(form.body).toMatch(/<option value="城市更新" selected/);
    expect(form.body).toContain('RSS/Atom/JSON Feed 订阅');

    const sent = await subscribe('reader@example.com');
    expect(sent.status).toBe(200);
    expect(textOf(sent.body)).toContain('我们已向其发送一封确认邮件');
    expect(await subscriptionsOf('reader@example.com')).toEqual([expect.objectContaining({ status: 'pending', criterion: 'theme', value: '城市更新', channel: 'email' })]);

    const mail = await smtp.nextMailTo('reader@example.com');
    expect(mail.from).toBe('noreply@ghzyj.example.gov.cn');
    expect(mail.subject).toContain('请确认订阅');
    expect(mail.text).toContain('主题「城市更新」');
    expect(mail.text).toContain('72 小时内');
    const path = confirmPath(mail);
    const token = path.split('/').pop()!;
    const stored = await db().selectFrom('subscribers').select('confirm_token_hash').where('email', '=', 'reader@example.com').executeTakeFirstOrThrow();
    expect(stored.confirm_token_hash).toBe(sha256(token));

    // Following the link (as a mail scanner would) confirms nothing; the button does.
    const browser = t.client();
    const landing = await browser.get(path);
    expect(landing.status).toBe(200);
    expect(textOf(landing.body)).toContain('确认订阅');
    expect((await subscriptionsOf('reader@example.com'))[0]!.status).toBe('pending');
    const done = await browser.submit(path, {});
    expect(done.status).toBe(200);
    expect(textOf(done.body)).toContain('订阅成功');
    expect((await subscriptionsOf('reader@example.com'))[0]!.status).toBe('active');
    expect((await db().selectFrom('subscribers').select('confirmed_at').where('email', '=', 'reader@example.com').executeTakeFirstOrThrow()).confirmed_at).not.toBeNull();

    // The link works once.
    expect((await t.client().get(path)).status).toBe(404);
  });

  it('answers the same for a known address, a new one and one over its limit', async () => {
    const known = await subscribe('reader@example.com');
    const fresh = await subscribe('newcomer@example.com');
    const strip = (html: string) => textOf(html).replace(/[A-Za-z0-9_-]{20,}/g, '');
    expect(known.status).toBe(fresh.status);
    expect(strip(known.body)).toBe(strip(fresh.body));
    expect((await subscriptionsOf('reader@example.com'))[0]!.status).toBe('active');
  });

  it('refuses expired and forged confirmation links with a Chinese 404', async () => {
    await subscribe('late@example.com', { criterion: 'keyword', value_keyword: '城市更新' });
    const path = confirmPath(await smtp.nextMailTo('late@example.com'));
    await db().updateTable('subscribers').set({ confirm_expires_at: new Date(Date.now() - 1000).toISOString() }).where('email', '=', 'late@example.com').execute();
    const browser = t.client();
    const expired = await browser.get(path);
    expect(expired.status).toBe(404);
    expect(textOf(expired.body)).toContain('该确认链接无效或已过期');
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get('/subscribe')).body)![1]!;
    expect((await browser.post(path, { _csrf: csrf })).status).toBe(404);
    expect((await subscriptionsOf('late@example.com'))[0]!.status).toBe('pending');

    for (const forged of ['/subscribe/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/subscribe/confirm/x', `/subscribe/confirm/${'%00'.repeat(3)}`]) {
      const reply = await t.client().get(forged);
      expect(reply.status, forged).toBe(404);
    }
  });

  it('validates the form in Chinese, keeps the input and sends nothing', async () => {
    const before = smtp.received.length;
    const bad = await t.client().submit('/subscribe', { email: 'not-an-address', criterion: 'keyword', value_keyword: '这是一个远远超过二十个字的关键词用来检验长度限制是否生效', frequency: 'sometimes' });
    expect(bad.status).toBe(422);
    const text = textOf(bad.body);
    for (const message of ['电子邮箱格式不正确', '关键词为 2–20 个字', '请选择接收频率']) expect(text).toContain(message);
    expect(bad.body).toContain('value="not-an-address"');
    expect(smtp.received.length).toBe(before);
    expect(await db().selectFrom('subscribers').select('id').where('email', '=', 'not-an-address').execute()).toEqual([]);
  });

  it('unsubscribes in one click: GET only asks, POST ends it (also RFC 8058 without CSRF); forged links are 404', async () => {
    const [row] = await subscriptionsOf('reader@example.com');
    const path = unsubscribePath(t.gk.services.secret, { subscriptionId: row!.id });

    // A delivery of this subscription, to check the statistics mark.
    const event = await db().insertInto('notify_events').values({
      site_id: t.siteId, kind: 'publication', dedupe_key: 'test:unsubscribe', document_id: null, payload: '{}', status: 'done', match_cursor: 0, matched_count: 1, created_at: new Date().toISOString(), matched_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    const delivery = await db().insertInto('deliveries').values({
      event_id: event.id, recipient_key: `s:${row!.subscriberId}`, channel: 'email', subscription_id: row!.id, account_id: null, address: 'reader@example.com', frequency: 'immediate',
      status: 'sent', attempts: 1, next_attempt_at: null, last_error: null, digest_id: null, created_at: new Date().toISOString(), sent_at: new Date().toISOString(), opened_at: null, unsubscribed_at: null,
    }).returning('id').executeTakeFirstOrThrow();

    const shown = await t.client().get(`${path}?d=${delivery.id}`);
    expect(shown.status).toBe(200);
    expect(textOf(shown.body)).toContain('主题「城市更新」');
    expect((await subscriptionsOf('reader@example.com'))[0]!.status).toBe('active');

    const oneClick = await t.client().request({ method: 'POST', url: `${path}?d=${delivery.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: encodeForm({ 'List-Unsubscribe': 'One-Click' }) });
    expect(oneClick.status).toBe(200);
    expect(textOf(oneClick.body)).toContain('已退订 1 项订阅');
    expect((await subscriptionsOf('reader@example.com'))[0]!.status).toBe('ended');
    expect((await db().selectFrom('deliveries').select('unsubscribed_at').where('id', '=', delivery.id).executeTakeFirstOrThrow()).unsubscribed_at).not.toBeNull();
    expect(textOf((await t.client().post(path, {})).body)).toContain('您已经退订');

    const forged = path.slice(0, -3) + (path.endsWith('AAA') ? 'BBB' : 'AAA');
    for (const url of [forged, '/unsubscribe/s.1.xyz', '/unsubscribe/nonsense']) {
      expect((await t.client().get(url)).status, url).toBe(404);
      const post = await t.client().post(url, { 'List-Unsubscribe': 'One-Click' });
      expect(post.status, url).toBe(404);
      expect(textOf(post.body)).toContain('该退订链接无效');
    }
  });

  it('a recipient-wide token ends every subscription of that address; a signed link never touches others', async () => {
    await subscribe('many@example.com', { criterion: 'theme', value_theme: '土地管理' });
    const path = confirmPath(await smtp.nextMailTo('many@example.com'));
    await subscribe('many@example.com', { criterion: 'keyword', value_keyword: '征收补偿' });
    const second = confirmPath(await smtp.nextMailTo('many@example.com'));
    expect((await t.client().get(path)).status).toBe(404); // the newer mail's link replaces the older one
    const browser = t.client();
    await browser.get(second);
    await browser.submit(second, {});
    expect((await subscriptionsOf('many@example.com')).map((s) => s.status)).toEqual(['active', 'active']);
    await subscribe('bystander@example.com');

    const subscriberId = (await subscriptionsOf('many@example.com'))[0]!.subscriberId;
    const all = unsubscribePath(t.gk.services.secret, { recipientKey: `s:${subscriberId}` });
    const ended = await t.client().post(all, { 'List-Unsubscribe': 'One-Click' });
    expect(textOf(ended.body)).toContain('已退订 2 项订阅');
    expect((await subscriptionsOf('many@example.com')).map((s) => s.status)).toEqual(['ended', 'ended']);
    expect((await subscriptionsOf('bystander@example.com')).map((s) => s.status)).toEqual(['pending']);

    // Re-subscribing an ended subscription brings the same row back (pending again until confirmed).
    const before = (await subscriptionsOf('many@example.com'))[0]!.id;
    await subscribe('many@example.com', { criterion: 'theme', value_theme: '土地管理' });
    const again = await subscriptionsOf('many@example.com');
    expect(again[0]).toEqual(expect.objectContaining({ id: before, status: 'pending' }));
  });
});

describe.each(testDialects())('the public subscribe form is rate-limited (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => t?.close());

  it('refuses the fourth post in a minute from one address with a Chinese 429', async () => {
    const visitor = t.client({ ip: '198.51.100.7' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await visitor.get('/subscribe')).body)![1]!;
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 4; i += 1) {
      const reply = await visitor.post('/subscribe', { _csrf: csrf, email: `flood${i}@example.com`, criterion: 'theme', value_theme: '城市更新', frequency: 'immediate' });
      statuses.push(reply.status);
      last = reply.body;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(textOf(last)).toContain('您的操作过于频繁');
    expect(await t.database.db.selectFrom('subscribers').select('email').where('email', '=', 'flood3@example.com').execute()).toEqual([]);
  });
});
