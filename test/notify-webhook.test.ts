import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEndpoint, type WebhookContext } from '../src/modules/subscriptions/webhooks/webhooks.service.js';
import { createWebhookSender } from '../src/modules/subscriptions/webhooks/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { ChannelSender, OutgoingNotice } from '../src/platform/notify/channel.js';
import { createChannelSenders } from '../src/modules/subscriptions/channels.js';
import { isPrivateAddress } from '../src/platform/notify/webhook.js';
import { textOf } from './support/client.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { orgClient, startHookReceiver, type HookReceiver } from './support/webhooks.js';

/* The webhook channel against a receiving server that checks every signature; retries, disabling, owner told. */

const MAX_FAILURES = 3;

describe.each(testDialects())('webhook channel (%s)', (kind) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let hooks: HookReceiver;
  let webhook: ChannelSender;
  let ctx: WebhookContext;
  let orgId: number;
  let deliveryId = 500;

  const notice = (endpointId: number, over: Partial<OutgoingNotice> = {}): OutgoingNotice => ({
    deliveryId: ++deliveryId, eventId: 7, channel: 'webhook', recipientKey: `w:${endpointId}`, accountId: null, address: String(endpointId), siteId: t.siteId,
    siteName: '市规划资源局', category: 'publication', title: '关于加快产业园区建设的若干措施', summary: '支持园区企业技术改造。',
    url: 'https://ghzyj.example.gov.cn/documents/31', unsubscribeUrl: null, serviceType: false, payload: { documentId: 31, docNumber: '沪规资〔2026〕5号' }, ...over,
  });
  const send = (n: OutgoingNotice, sender = webhook) => sender.send(n, { db: t.database.db, signal: new AbortController().signal });
  const endpoint = (id: number) => t.database.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const register = async (ownerAccountId: number | null, url = hooks.url) => {
    const outcome = await registerEndpoint(ctx, { siteId: t.siteId, ownerAccountId }, { name: `接口${deliveryId}`, url }, { id: ownerAccountId, label: '测试', ip: '127.0.0.1', siteId: t.siteId });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    hooks.secret = outcome.value.signingSecret;
    return outcome.value.id;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    hooks = await startHookReceiver();
    t = await startTestApp(kind, { SMTP_URL: smtp.url, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_MAX_FAILURES: String(MAX_FAILURES), WEBHOOK_TIMEOUT_MS: '400' });
    webhook = createChannelSenders(t.gk.services).webhook!;
    const s = t.gk.services;
    ctx = { database: s.database, secret: s.secret, allowPrivate: true, timeoutMs: 400 };
    orgId = (await orgClient(t, 'park@example.com')).id;
  });
  afterAll(async () => {
    await t?.close();
    await hooks?.close();
    await smtp?.close();
  });

  it('POSTs the notice as JSON, signed so that the receiver can verify it, with the delivery id as the idempotency key', async () => {
    const id = await register(orgId);
    const n = notice(id);
    expect(await send(n)).toEqual({ ok: true });
    const hook = hooks.received.at(-1)!;
    expect(hook.signatureValid).toBe(true);
    expect(hook.headers['x-gongkai-delivery']).toBe(String(n.deliveryId));
    expect(hook.headers['content-type']).toContain('application/json');
    expect(JSON.parse(hook.body)).toMatchObject({
      id: n.deliveryId, event: 'publication', title: n.title, url: n.url, summary: n.summary, payload: { docNumber: '沪规资〔2026〕5号' }, sentAt: expect.any(String),
    });
  });

  it('retries on 500, 429 and a timeout (counting failures), fails permanently on 404, and a success resets the count', async () => {
    const id = await register(orgId);
    hooks.answers.push(500, 429, 'hang');
    expect(await send(notice(id))).toMatchObject({ ok: false, retry: true, error: expect.stringContaining('HTTP 500') });
    expect(await send(notice(id))).toMatchObject({ ok: false, retry: true, error: expect.stringContaining('HTTP 429') });
    expect((await endpoint(id)).consecutive_failures).toBe(2);
    expect(await send(notice(id))).toMatchObject({ ok: false, retry: true, error: expect.stringContaining('超时') });
    // Three failures disable it, so from here on a fresh endpoint.
    const other = await register(orgId);
    hooks.answers.push(500);
    await send(notice(other));
    expect((await endpoint(other)).consecutive_failures).toBe(1);
    expect(await send(notice(other))).toEqual({ ok: true });
    expect((await endpoint(other)).consecutive_failures).toBe(0);
    hooks.answers.push(404);
    expect(await send(notice(other))).toMatchObject({ ok: false, retry: false, error: expect.stringContaining('HTTP 404') });
  });

  it(`disables an endpoint after ${MAX_FAILURES} failures in a row and tells its organisation (inbox, e-mail); later deliveries are skipped`, async () => {
    const id = await register(orgId);
    for (let i = 0; i < MAX_FAILURES; i++) {
      hooks.answers.push(503);
      expect(await send(notice(id))).toMatchObject({ ok: false, retry: true });
    }
    const row = await endpoint(id);
    expect(row).toMatchObject({ status: 'disabled', consecutive_failures: MAX_FAILURES });
    expect(row.disabled_at).toBeTruthy();
    expect(row.disabled_reason).toContain('HTTP 503');
    const inbox = await t.database.db.selectFrom('inbox_messages').selectAll().where('account_id', '=', orgId).where('title', 'like', `%${row.name}%`).execute();
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.link).toBe('/space/webhooks');
    const mail = await smtp.nextMailTo('park@example.com');
    expect(mail.subject).toContain('已停用');
    expect(mail.text).toContain(hooks.url);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'webhook.disable').where('target_id', '=', String(id)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_label).toBe('系统');

    const before = hooks.received.length;
    expect(await send(notice(id))).toMatchObject({ ok: false, skipped: true });
    expect(hooks.received.length).toBe(before);
  });

  it('disables a staff-registered endpoint with an audit entry as 系统 (no inbox to tell)', async () => {
    const id = await register(null);
    for (let i = 0; i < MAX_FAILURES; i++) {
      hooks.answers.push(500);
      await send(notice(id));
    }
    expect((await endpoint(id)).status).toBe('disabled');
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_label', 'summary']).where('action', '=', 'webhook.disable').where('target_id', '=', String(id)).executeTakeFirstOrThrow();
    expect(audit.actor_label).toBe('系统');
  });

  it('skips a deleted endpoint', async () => {
    expect(await send(notice(999_999))).toMatchObject({ ok: false, skipped: true });
  });

  it('refuses private and loopback addresses when WEBHOOK_ALLOW_PRIVATE is off, without connecting', async () => {
    const strict = createWebhookSender({ secret: ctx.secret, mailer: t.gk.services.mailer, logger: t.gk.services.logger, timeoutMs: 400, maxFailures: 99, allowPrivate: false, ratePerSecond: 1, publicUrl: undefined });
    const before = hooks.received.length;
    for (const url of [hooks.url, hooks.url.replace('127.0.0.1', '[::1]'), hooks.url.replace('127.0.0.1', 'localhost')]) {
      const id = await register(orgId, url);
      expect(await send(notice(id), strict)).toMatchObject({ ok: false, retry: false, error: expect.stringContaining('内网') });
    }
    // A host NAME that resolves to a private address is refused at connect time too.
    const own = hostname();
    const address = await lookup(own).then((a) => a.address, () => undefined);
    if (address && isPrivateAddress(address)) {
      const id = await register(orgId, hooks.url.replace('127.0.0.1', own));
      expect(await send(notice(id), strict)).toMatchObject({ ok: false, retry: false, error: expect.stringContaining(address) });
    }
    expect(hooks.received.length).toBe(before);
  });

  it('the console 发送测试 sends a signed test payload and shows the result, without counting failures', async () => {
    const id = await register(null);
    const admin = await t.staffClient(`whadmin-${kind}`, ['admin']);
    const page = await admin.get('/console/webhooks');
    expect(page.status).toBe(200);
    const reply = await admin.submit(`/console/webhooks/${id}/test`, {}, '/console/webhooks');
    expect(reply.status).toBe(200);
    expect(textOf(reply.body)).toContain('接收端已确认收到');
    const hook = hooks.received.at(-1)!;
    expect(hook.signatureValid).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({ id: 0, event: 'test' });
    hooks.answers.push(500);
    const failed = await admin.submit(`/console/webhooks/${id}/test`, {}, '/console/webhooks');
    expect(textOf(failed.body)).toContain('发送失败：HTTP 500');
    expect((await endpoint(id)).consecutive_failures).toBe(0);
  });
});
