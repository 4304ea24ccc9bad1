import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../src/platform/db/database.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { ChannelSender, OutgoingNotice } from '../src/platform/notify/channel.js';
import { createChannelSenders } from '../src/modules/subscriptions/channels.js';
import { aliyunSignature } from '../src/platform/notify/sms/aliyun.js';
import { beijingDay, composeSms, createSmsSender, pruneSmsQuota } from '../src/platform/notify/sms.js';
import type { SmsProvider } from '../src/platform/notify/sms/provider.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * The Alibaba Cloud SendSms adapter against a local HTTP server that checks the signature the
 * way Alibaba Cloud documents it, recomputed here independently from the query it received.
 */

const KEY_ID = 'LTAI-test-id';
const KEY_SECRET = 'test/secret+with&odd=chars';

/** RFC 3986 percent-encoding byte by byte: only A–Z a–z 0–9 - _ . ~ are left as they are. */
function rfc3986(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function expectedSignature(query: URLSearchParams): string {
  const pairs = [...query.entries()].filter(([k]) => k !== 'Signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
  const stringToSign = `GET&${rfc3986('/')}&${rfc3986(canonical)}`;
  return createHmac('sha1', `${KEY_SECRET}&`).update(stringToSign).digest('base64');
}

interface Received { query: URLSearchParams; signatureOk: boolean }

function startFakeAliyun(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const nonces = new Set<string>();
  const server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://x').searchParams;
    const signatureOk = query.get('Signature') === expectedSignature(query);
    received.push({ query, signatureOk });
    const reply = (status: number, body: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const nonce = query.get('SignatureNonce') ?? '';
    if (!signatureOk) return reply(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
    if (nonces.has(nonce)) return reply(400, { Code: 'SignatureNonceUsed', Message: 'nonce used' });
    nonces.add(nonce);
    if (query.get('AccessKeyId') !== KEY_ID || query.get('Action') !== 'SendSms' || query.get('Version') !== '2017-05-25' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(query.get('Timestamp') ?? '')) {
      return reply(400, { Code: 'MissingParameter', Message: 'bad common parameters' });
    }
    const phone = query.get('PhoneNumbers');
    if (phone === '13900000002') return reply(200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '业务限流' });
    if (phone === '13700000003') return reply(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' });
    if (phone === '13600000004') return reply(500, { Code: 'isp.SYSTEM_ERROR', Message: '系统错误' });
    reply(200, { Code: 'OK', Message: 'OK', BizId: `biz-${query.get('OutId')}`, RequestId: 'r1' });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received })));
}

describe('Alibaba Cloud signature (documented example)', () => {
  it('matches the example in Alibaba Cloud\'s signature documentation', () => {
    const params = {
      Timestamp: '2016-02-23T12:46:24Z', Format: 'XML', AccessKeyId: 'testid', Action: 'DescribeRegions', SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', Version: '2014-05-26', SignatureVersion: '1.0',
    };
    expect(aliyunSignature('testsecret', 'GET', params)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('keeps a message to one 70-character segment by shortening the title', () => {
    const { text } = composeSms({ siteName: '市规划资源局', title: '关于'.repeat(40), url: 'https://g.example.cn/d/12' }, '规划资源');
    expect([...text].length + '【规划资源】'.length).toBeLessThanOrEqual(70);
    expect(text).toMatch(/^市规划资源局：关于.*… 详见 https:\/\/g\.example\.cn\/d\/12$/);
  });
});

describe.each(testDialects())('SMS channel through the Alibaba Cloud adapter (%s)', (kind) => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeAliyun>>;
  let sms: ChannelSender;
  let eventId: number;
  let nextId = 1000;

  const notice = (over: Partial<OutgoingNotice> = {}): OutgoingNotice => ({
    deliveryId: nextId++, eventId, channel: 'sms', recipientKey: 'a:1', accountId: 1, address: '13800000001', siteId: t.siteId, siteName: '市规划资源局',
    category: 'publication', title: "《关于'试点'*方案》(试行) 的通知", summary: '', url: 'https://g.example.cn/documents/12?m=1', unsubscribeUrl: null,
    serviceType: true, payload: {}, ...over,
  });
  const send = (n: OutgoingNotice) => sms.send(n, { db: t.database.db, signal: new AbortController().signal });

  beforeAll(async () => {
    fake = await startFakeAliyun();
    t = await startTestApp(kind, {
      SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: KEY_ID, SMS_ACCESS_KEY_SECRET: KEY_SECRET, SMS_SIGN_NAME: '规划资源', SMS_TEMPLATE_CODE: 'SMS_123456',
      SMS_ENDPOINT: fake.url, SMS_DAILY_CAP: '2',
    });
    sms = createChannelSenders(t.gk.services).sms!;
    const event = await t.database.db.insertInto('notify_events').values({
      site_id: t.siteId, kind: 'publication', dedupe_key: 'publication:sms-test', document_id: null, payload: '{}', status: 'matched', match_cursor: 0, matched_count: 0, created_at: nowIso(), matched_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    eventId = event.id;
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => fake?.server.close(resolve));
  });

  it('sends a correctly signed SendSms with the delivery id as OutId and the template variables (title cut to one segment)', async () => {
    const n = notice();
    expect(await send(n)).toEqual({ ok: true, providerMessageId: `biz-${n.deliveryId}` });
    const last = fake.received.at(-1)!;
    expect(last.signatureOk).toBe(true);
    expect(last.query.get('OutId')).toBe(String(n.deliveryId));
    expect(last.query.get('SignName')).toBe('规划资源');
    expect(last.query.get('TemplateCode')).toBe('SMS_123456');
    expect(JSON.parse(last.query.get('TemplateParam')!)).toEqual({ site: '市规划资源局', title: "《关于'试点'*方案》(试行)…", link: 'https://g.example.cn/documents/12?m=1' });
  });

  it('maps throttling and server errors to a retry and an invalid number to a permanent failure', async () => {
    expect(await send(notice({ address: '13900000002' }))).toMatchObject({ ok: false, retry: true, error: expect.stringContaining('isv.BUSINESS_LIMIT_CONTROL') });
    expect(await send(notice({ address: '13600000004' }))).toMatchObject({ ok: false, retry: true });
    expect(await send(notice({ address: '13700000003' }))).toMatchObject({ ok: false, retry: false, error: expect.stringContaining('isv.MOBILE_NUMBER_ILLEGAL') });
    const before = fake.received.length;
    expect(await send(notice({ address: '12345' }))).toMatchObject({ ok: false, retry: false });
    expect(fake.received.length).toBe(before);
  });

  it('sends SMS only for service-type policies', async () => {
    const before = fake.received.length;
    expect(await send(notice({ serviceType: false }))).toMatchObject({ ok: false, skipped: true, reason: '短信仅用于服务类政策' });
    expect(fake.received.length).toBe(before);
  });

  it('stops at the daily cap per number (Beijing day); yesterday\'s counter does not count, +86 is the same number', async () => {
    const phone = '13500000005';
    const yesterday = beijingDay(new Date(Date.now() - 86_400_000));
    await t.database.db.insertInto('sms_daily_quota').values({ address: phone, day: yesterday, used: 2 }).execute();
    expect(await send(notice({ address: phone }))).toMatchObject({ ok: true });
    expect(await send(notice({ address: `+86 ${phone}` }))).toMatchObject({ ok: true });
    const before = fake.received.length;
    expect(await send(notice({ address: phone }))).toMatchObject({ ok: false, skipped: true, reason: expect.stringContaining('2 条') });
    expect(fake.received.length).toBe(before);
  });

  /** A provider that records the out-ids it was asked to send and answers after a pause, so sends overlap. */
  const fakeProvider = (fails = (_call: number) => false) => {
    const calls: string[] = [];
    const provider: SmsProvider = {
      name: 'fake',
      async send(message) {
        const call = calls.push(message.outId);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return fails(call) ? { ok: false, retry: true, error: '网关超时' } : { ok: true, messageId: `m-${message.outId}` };
      },
    };
    return { provider, calls };
  };
  const senderWith = (provider: SmsProvider, dailyCap: number) => createSmsSender({ provider, dailyCap, ratePerSecond: 100 });
  const sendWith = (sender: ChannelSender, n: OutgoingNotice) => sender.send(n, { db: t.database.db, signal: new AbortController().signal });
  const used = async (address: string) => (await t.database.db.selectFrom('sms_daily_quota').select('used').where('address', '=', address).where('day', '=', beijingDay()).executeTakeFirst())?.used;

  it('holds the cap exactly when ten sends to one number race', async () => {
    const { provider, calls } = fakeProvider();
    const sender = senderWith(provider, 3);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => sendWith(sender, notice({ address: '13400000006' }))));
    expect(calls).toHaveLength(3);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
    expect(outcomes.filter((o) => !o.ok && 'skipped' in o)).toHaveLength(7);
    expect(await used('13400000006')).toBe(3);
    const claims = await t.database.db.selectFrom('sms_quota_claims').select('delivery_id').where('address', '=', '13400000006').execute();
    expect(claims.map((c) => String(c.delivery_id)).sort()).toEqual([...calls].sort());
  });

  it('gives the slot back when the provider fails, so the next send can have it', async () => {
    const { provider, calls } = fakeProvider((call) => call === 1);
    const sender = senderWith(provider, 1);
    expect(await sendWith(sender, notice({ address: '13300000007' }))).toMatchObject({ ok: false, retry: true });
    expect(await used('13300000007')).toBe(0);
    expect(await sendWith(sender, notice({ address: '13300000007' }))).toMatchObject({ ok: true });
    expect(await sendWith(sender, notice({ address: '13300000007' }))).toMatchObject({ ok: false, skipped: true });
    expect(calls).toHaveLength(2);
    expect(await used('13300000007')).toBe(1);
  });

  it('does not take a second slot when the same delivery is sent again', async () => {
    const { provider, calls } = fakeProvider();
    const sender = senderWith(provider, 2);
    const retried = notice({ address: '13200000008' });
    expect(await sendWith(sender, retried)).toMatchObject({ ok: true });
    expect(await sendWith(sender, retried)).toMatchObject({ ok: true });
    expect(await used('13200000008')).toBe(1);
    expect(await sendWith(sender, notice({ address: '13200000008' }))).toMatchObject({ ok: true });
    expect(await sendWith(sender, notice({ address: '13200000008' }))).toMatchObject({ ok: false, skipped: true });
    expect(calls).toHaveLength(3);
  });

  it('prunes counters and claims of days before yesterday only', async () => {
    const day = (daysAgo: number) => beijingDay(new Date(Date.now() - daysAgo * 86_400_000));
    const phone = '13100000009';
    for (const [i, ago] of [2, 1, 0].entries()) {
      await t.database.db.insertInto('sms_daily_quota').values({ address: phone, day: day(ago), used: 1 }).execute();
      await t.database.db.insertInto('sms_quota_claims').values({ delivery_id: 900_000 + i, address: phone, day: day(ago), created_at: nowIso() }).execute();
    }
    expect(await pruneSmsQuota(t.database.db)).toBeGreaterThanOrEqual(2);
    const left = async (table: 'sms_daily_quota' | 'sms_quota_claims') =>
      (await t.database.db.selectFrom(table).select('day').where('address', '=', phone).orderBy('day').execute()).map((r) => r.day);
    expect(await left('sms_daily_quota')).toEqual([day(1), day(0)]);
    expect(await left('sms_quota_claims')).toEqual([day(1), day(0)]);
    expect(await pruneSmsQuota(t.database.db, day(0))).toBeGreaterThanOrEqual(2);
    expect(await left('sms_daily_quota')).toEqual([day(0)]);
    expect(await left('sms_quota_claims')).toEqual([day(0)]);
  });
});

describe('SMS log provider (development)', () => {
  it('rejects SMS_PROVIDER=aliyun without credentials, naming what is missing', async () => {
    const { loadConfig } = await import('../src/config/config.js');
    expect(() => loadConfig({ SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'x' })).toThrow(/SMS_ACCESS_KEY_SECRET/);
  });
});
