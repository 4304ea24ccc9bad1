import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryDeps } from '../src/modules/subscriptions/delivery/deps.js';
import { groupDigests, runDigestSend } from '../src/modules/subscriptions/delivery/digests.js';
import { addAccount, addEvent, payload, ScriptedSender, stepContext, subscribe } from '../src/modules/subscriptions/delivery/fixtures/engine-harness.js';
import { deliveryDepsFrom } from '../src/modules/subscriptions/delivery/index.js';
import { runMatch } from '../src/modules/subscriptions/delivery/match.js';
import { runTick } from '../src/modules/subscriptions/delivery/recovery.js';
import type { OutgoingNotice, SendOutcome } from '../src/platform/notify/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* E-mail / SMS digests: claimed under a lease, retried with back-off, dead after maxAttempts, 重新投递 from the console. */

const T0 = new Date('2026-11-25T00:05:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

for (const kind of testDialects()) {
  describe(`digest retries on ${kind}`, () => {
    let t: TestApp;
    let deps: DeliveryDeps;
    let now = T0;
    let sequence = 0;
    const signal = new AbortController().signal;
    const withSenders = (senders: DeliveryDeps['senders']): DeliveryDeps => ({ ...deps, senders });
    const digestRow = (id: number) => t.database.db.selectFrom('digests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const digestJobs = (key: string) => t.database.db.selectFrom('jobs').select('idempotency_key').where('name', '=', 'notify.digest.send').where('idempotency_key', 'like', key).execute();

    /** One recipient's daily digest of one publication on a site, grouped under a period of its own. */
    async function makeDigest(channel: 'email' | 'sms', siteId = t.siteId): Promise<number> {
      const n = ++sequence;
      const account = await addAccount(t.database, `digest-retry-${n}`, { mobile: `1380000${String(n).padStart(4, '0')}` });
      const theme = `重试主题${n}`;
      await subscribe(t.database, { accountId: account }, siteId, 'theme', theme, channel, 'daily');
      const eventId = await addEvent(deps, siteId, payload({ theme, title: `摘要重试政策${n}`, type: 'other', issuers: ['另一机关'], matchText: theme }));
      await runMatch(deps, eventId, stepContext(t.database));
      await t.database.db.transaction().execute((trx) => groupDigests(trx, 'daily', `daily:2026-11-${String(n).padStart(2, '0')}`));
      const row = await t.database.db.selectFrom('digests').select('id').where('recipient_key', '=', `a:${account}`).executeTakeFirstOrThrow();
      return row.id;
    }

    beforeAll(async () => {
      t = await startTestApp(kind);
      const base = deliveryDepsFrom(t.gk.services);
      deps = { ...base, senders: {}, now: () => now, settings: { ...base.settings, maxAttempts: 3, backoffSeconds: 60, leaseSeconds: 300 } };
    });
    afterAll(async () => t?.close());

    it('claims under a lease, retries a retryable failure after the back-off (not before) and sends it once', async () => {
      now = T0;
      const id = await makeDigest('email');
      const seen: { status: string; next_attempt_at: string | null }[] = [];
      const email = new (class extends ScriptedSender {
        override async send(notice: OutgoingNotice): Promise<SendOutcome> {
          seen.push(await digestRow(id));
          return super.send(notice);
        }
      })('email', [{ ok: false, retry: true, error: '421 稍后再试' }]);

      await runDigestSend(withSenders({ email }), signal);
      expect(seen[0]).toMatchObject({ status: 'sending', next_attempt_at: at(300).toISOString() });
      expect(await digestRow(id)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(60).toISOString(), last_error: '421 稍后再试', sent_at: null });

      now = at(59);
      await runTick(deps, 'retry-early');
      expect(await digestJobs('%@retry-early')).toEqual([]);
      await runDigestSend(withSenders({ email }), signal);
      expect(email.received).toHaveLength(1);

      now = at(60);
      await runTick(deps, 'retry-due');
      expect(await digestJobs('%@retry-due')).toEqual([{ idempotency_key: 'notify.digest.send@retry-due' }]);
      await runDigestSend(withSenders({ email }), signal);
      await runDigestSend(withSenders({ email }), signal);
      expect(email.received).toHaveLength(2);
      expect(email.received[1]).toMatchObject({ category: 'digest', payload: { digestId: id } });
      expect(await digestRow(id)).toMatchObject({ status: 'sent', attempts: 2, next_attempt_at: null, last_error: null, sent_at: at(60).toISOString() });
    });

    it('gives up after maxAttempts, lists the dead digest for admins only, and 重新投递 sends it again (audited)', async () => {
      now = T0;
      const id = await makeDigest('email');
      const failing = new ScriptedSender('email', Array.from({ length: 5 }, (): SendOutcome => ({ ok: false, retry: true, error: '451 邮箱暂时不可用' })));
      for (const [step, wait] of [[1, 60], [2, 120]] as const) {
        await runDigestSend(withSenders({ email: failing }), signal);
        expect(await digestRow(id)).toMatchObject({ status: 'pending', attempts: step });
        now = new Date(now.getTime() + wait * 1000);
      }
      await runDigestSend(withSenders({ email: failing }), signal);
      expect(failing.received).toHaveLength(3);
      expect(await digestRow(id)).toMatchObject({ status: 'dead', attempts: 3, next_attempt_at: null, last_error: '451 邮箱暂时不可用' });
      now = at(86_400);
      await runDigestSend(withSenders({ email: failing }), signal);
      expect(failing.received).toHaveLength(3);

      const editor = await t.staffClient('digest-editor', ['editor']);
      expect((await editor.get('/console/deliveries')).status).toBe(403);
      expect((await editor.post(`/console/deliveries/digests/${id}/redeliver`, { _csrf: await editor.csrf('/console/account') })).status).toBe(403);
      const admin = await t.staffClient('digest-admin', ['admin']);
      const page = await admin.get('/console/deliveries');
      expect(page.status).toBe(200);
      expect(page.body).toContain('摘要发送失败');
      expect(page.body).toContain('451 邮箱暂时不可用');
      expect(page.body).toMatch(/dig\*\*\*@example\.com/);
      expect(page.body).toContain(`action="/console/deliveries/digests/${id}/redeliver"`);

      const done = await admin.submit(`/console/deliveries/digests/${id}/redeliver`, {}, '/console/deliveries');
      expect(done.status).toBe(303);
      expect(done.location).toBe('/console/deliveries?done=digest');
      expect((await admin.get(done.location!)).body).toContain('摘要已重新投递。');
      expect(await digestRow(id)).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: null, last_error: null });
      expect(await digestJobs(`notify.digest.send:redeliver:${id}:%`)).toHaveLength(1);
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'digest.redeliver').execute();
      expect(audit.map((a) => a.target_id)).toEqual([String(id)]);

      // Not dead any more: a second 重新投递 finds nothing.
      expect((await admin.submit(`/console/deliveries/digests/${id}/redeliver`, {}, '/console/deliveries')).status).toBe(404);
      const email = new ScriptedSender('email');
      await runDigestSend(withSenders({ email }), signal);
      expect(email.received).toHaveLength(1);
      expect(await digestRow(id)).toMatchObject({ status: 'sent', attempts: 1 });
      expect((await admin.get('/console/deliveries')).body).not.toContain(`/console/deliveries/digests/${id}/redeliver`);
    });

    it('sends a permanent failure to the dead letters at once; refuses another site\'s dead digest', async () => {
      now = T0;
      const id = await makeDigest('email');
      const bounced = new ScriptedSender('email', [{ ok: false, retry: false, error: '550 用户不存在' }]);
      await runDigestSend(withSenders({ email: bounced }), signal);
      expect(await digestRow(id)).toMatchObject({ status: 'dead', attempts: 1, last_error: '550 用户不存在' });

      const otherSite = await t.addSite('digest-other', '另一站点', 'digest-other.example');
      const foreign = await makeDigest('email', otherSite);
      await t.database.db.updateTable('digests').set({ status: 'dead', attempts: 3, last_error: '别站的错误' }).where('id', '=', foreign).execute();
      const admin = await t.staffClient('digest-admin-2', ['admin']);
      const page = await admin.get('/console/deliveries');
      expect(page.body).toContain('550 用户不存在');
      expect(page.body).not.toContain('别站的错误');
      expect((await admin.submit(`/console/deliveries/digests/${foreign}/redeliver`, {}, '/console/deliveries')).status).toBe(404);
      expect((await admin.submit('/console/deliveries/digests/abc/redeliver', {}, '/console/deliveries')).status).toBe(404);
      expect(await digestRow(foreign)).toMatchObject({ status: 'dead', attempts: 3 });
      expect((await admin.submit(`/console/deliveries/digests/${id}/redeliver`, {}, '/console/deliveries')).status).toBe(303);
      const email = new ScriptedSender('email');
      await runDigestSend(withSenders({ email }), signal);
      expect(await digestRow(id)).toMatchObject({ status: 'sent' });
      await t.database.db.updateTable('digests').set({ status: 'skipped' }).where('id', '=', foreign).execute();
    });

    it('recovers a digest left sending by a killed worker once its lease has run out', async () => {
      now = T0;
      const id = await makeDigest('email');
      await t.database.db.updateTable('digests').set({ status: 'sending', next_attempt_at: at(300).toISOString() }).where('id', '=', id).execute();
      const email = new ScriptedSender('email');

      now = at(299);
      await runTick(deps, 'lease-running');
      expect(await digestRow(id)).toMatchObject({ status: 'sending' });
      expect(await digestJobs('%@lease-running')).toEqual([]);
      await runDigestSend(withSenders({ email }), signal);
      expect(email.received).toHaveLength(0);

      now = at(301);
      await runTick(deps, 'lease-over');
      expect(await digestRow(id)).toMatchObject({ status: 'pending', last_error: '发送租约过期（进程中断），重新排队' });
      expect(await digestJobs('%@lease-over')).toHaveLength(1);
      await runDigestSend(withSenders({ email }), signal);
      await runDigestSend(withSenders({ email }), signal);
      expect(email.received).toHaveLength(1);
      expect(await digestRow(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    });

    it('leaves a digest pending while its channel has no sender', async () => {
      now = T0;
      const id = await makeDigest('sms');
      await runDigestSend(withSenders({ email: new ScriptedSender('email') }), signal);
      expect(await digestRow(id)).toMatchObject({ status: 'pending', attempts: 0 });
      const sms = new ScriptedSender('sms');
      await runDigestSend(withSenders({ sms }), signal);
      expect(sms.received).toHaveLength(1);
      expect(await digestRow(id)).toMatchObject({ status: 'sent' });
    });
  });
}
