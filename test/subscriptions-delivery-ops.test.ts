import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDepsFrom, openPath } from '../src/modules/subscriptions/delivery/index.js';
import type { DeliveryDeps } from '../src/modules/subscriptions/delivery/deps.js';
import { digestPeriod, runDigest, runDigestSend } from '../src/modules/subscriptions/delivery/digests.js';
import { addAccount, addEvent, deliveriesOf, payload, ScriptedSender, stepContext, subscribe } from '../src/modules/subscriptions/delivery/fixtures/engine-harness.js';
import { writeInbox } from '../src/modules/subscriptions/delivery/inbox.js';
import { runMatch } from '../src/modules/subscriptions/delivery/match.js';
import { runTick } from '../src/modules/subscriptions/delivery/recovery.js';
import { testDialects } from '../src/platform/db/testing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* The delivery engine's upkeep on the real database: recovery, digests, opens and the console. */

for (const kind of testDialects()) {
  describe(`delivery upkeep on ${kind}`, () => {
    let t: TestApp;
    let deps: DeliveryDeps;
    const signal = new AbortController().signal;
    const themeOnly = (theme: string, title: string) => payload({ theme, title, type: 'other', issuers: ['另一机关'], matchText: title });
    const match = (eventId: number) => runMatch(deps, eventId, stepContext(t.database));

    beforeAll(async () => {
      t = await startTestApp(kind);
      deps = { ...deliveryDepsFrom(t.gk.services), senders: {} };
    });
    afterAll(async () => t?.close());

    it('recovery re-queues sends past their lease and matching that stopped', async () => {
      const account = await addAccount(t.database, 'recover');
      await subscribe(t.database, { accountId: account }, t.siteId, 'theme', '恢复', 'email');
      const eventId = await addEvent(deps, t.siteId, themeOnly('恢复', '恢复测试'));
      await match(eventId);
      const [row] = await deliveriesOf(t.database, eventId);
      await t.database.db.updateTable('deliveries').set({ status: 'sending', next_attempt_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', row!.id).execute();
      const stuck = await addEvent(deps, t.siteId, themeOnly('恢复', '卡住的匹配'));
      await t.database.db.updateTable('notify_events').set({ created_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', stuck).execute();
      const before = await t.gk.services.jobs.stats();

      await runTick(deps, '2026-11-25T00:00:00.000Z');
      expect((await deliveriesOf(t.database, eventId))[0]).toMatchObject({ status: 'failed', last_error: '发送租约过期（进程中断），重新排队' });
      const jobs = await t.database.db.selectFrom('jobs').select(['name', 'idempotency_key']).where('idempotency_key', 'like', '%@2026-11-25T00:00:00.000Z').execute();
      expect(jobs.map((j) => j.idempotency_key).sort()).toEqual([`notify.match:${stuck}:recover@2026-11-25T00:00:00.000Z`, 'notify.send.email@2026-11-25T00:00:00.000Z']);
      expect((await t.gk.services.jobs.stats()).pending).toBe(before.pending + 2);
      // The same slot again enqueues nothing new; the re-run match finishes the stuck event harmlessly.
      await runTick(deps, '2026-11-25T00:00:00.000Z');
      expect((await t.gk.services.jobs.stats()).pending).toBe(before.pending + 2);
      await match(stuck);
      await match(stuck);
      expect((await deliveriesOf(t.database, stuck)).map((d) => d.channel)).toEqual(['email']);
    });

    it('the tick forgets the SMS cap counters of days before yesterday (Beijing), keeping yesterday and today', async () => {
      const now = new Date('2026-11-25T17:00:00.000Z'); // 2026-11-26 01:00 in Beijing
      const days = ['2026-11-20', '2026-11-24', '2026-11-25', '2026-11-26'];
      await t.database.db.insertInto('sms_daily_quota').values(days.map((day) => ({ address: '13800000001', day, used: 1 }))).execute();
      await t.database.db.insertInto('sms_quota_claims').values(days.map((day, i) => ({ delivery_id: 9_000_000 + i, address: '13800000001', day, created_at: now.toISOString() }))).execute();
      await runTick({ ...deps, now: () => now }, 'prune-sms');
      const left = async (table: 'sms_daily_quota' | 'sms_quota_claims') =>
        (await t.database.db.selectFrom(table).select('day').where('address', '=', '13800000001').orderBy('day').execute()).map((r) => r.day);
      expect(await left('sms_daily_quota')).toEqual(['2026-11-25', '2026-11-26']);
      expect(await left('sms_quota_claims')).toEqual(['2026-11-25', '2026-11-26']);
    });

    it('groups daily deliveries into one digest per recipient and channel, sent once', async () => {
      expect(digestPeriod('daily', new Date('2026-11-24T16:30:00.000Z'))).toBe('daily:2026-11-25');
      expect(digestPeriod('weekly', new Date('2026-11-25T00:00:00.000Z'))).toBeNull(); // a Wednesday
      expect(digestPeriod('weekly', new Date('2026-11-23T00:00:00.000Z'))).toBe('weekly:2026-W48');
      expect(digestPeriod('weekly', new Date('2024-12-30T00:00:00.000Z'))).toBe('weekly:2025-W01');

      const reader = await addAccount(t.database, 'digest-reader');
      const mailer = await addAccount(t.database, 'digest-mail');
      await subscribe(t.database, { accountId: reader }, t.siteId, 'theme', '摘要', 'inbox', 'daily');
      await subscribe(t.database, { accountId: mailer }, t.siteId, 'theme', '摘要', 'email', 'daily');
      await subscribe(t.database, { accountId: mailer }, t.siteId, 'theme', '周摘要', 'email', 'weekly');
      const first = await addEvent(deps, t.siteId, themeOnly('摘要', '第一条政策'));
      const second = await addEvent(deps, t.siteId, themeOnly('摘要', '第二条政策'));
      const weekly = await addEvent(deps, t.siteId, themeOnly('周摘要', '每周一条'));
      for (const id of [first, second, weekly]) await match(id);
      expect((await deliveriesOf(t.database, first)).map((d) => d.status)).toEqual(['digest', 'digest']);

      const slot = '2026-11-25T00:00:00.000Z';
      const context = stepContext(t.database);
      await runDigest(deps, 'daily', slot, context);
      await runDigest(deps, 'daily', slot, context); // the same job re-run: the step is done
      await runDigest(deps, 'weekly', slot, stepContext(t.database)); // not a Monday: nothing
      const digests = await t.database.db.selectFrom('digests').selectAll().orderBy('channel').execute();
      expect(digests.map((d) => [d.recipient_key, d.channel, d.period, d.item_count, d.status])).toEqual([
        [`a:${mailer}`, 'email', 'daily:2026-11-25', 2, 'pending'],
        [`a:${reader}`, 'inbox', 'daily:2026-11-25', 2, 'pending'],
      ]);
      expect((await deliveriesOf(t.database, weekly))[0]!.status).toBe('digest');

      const email = new ScriptedSender('email');
      await runDigestSend({ ...deps, senders: { email } }, signal);
      await runDigestSend({ ...deps, senders: { email } }, signal);
      expect(email.received).toHaveLength(1);
      expect(email.received[0]).toMatchObject({ category: 'digest', address: 'digest-mail@example.com', items: [{ title: '第一条政策' }, { title: '第二条政策' }] });
      expect(email.received[0]!.unsubscribeUrl).toMatch(/^http:\/\/localhost\/unsubscribe\/r\./);
      const inbox = await t.database.db.selectFrom('inbox_messages').selectAll().where('account_id', '=', reader).execute();
      expect(inbox).toHaveLength(1);
      expect(inbox[0]).toMatchObject({ category: '订阅摘要', title: '订阅摘要：2 条新信息' });
      expect(inbox[0]!.body).toContain('第二条政策');
      expect((await t.database.db.selectFrom('digests').select('status').execute()).map((d) => d.status)).toEqual(['sent', 'sent']);
      expect((await deliveriesOf(t.database, second)).map((d) => d.status)).toEqual(['digested', 'digested']);
    });

    it('counts opens: an inbox message read, an e-mail link followed (and refuses a forged link)', async () => {
      const email = 'opens@example.com';
      const citizen = await t.citizenClient(email);
      const account = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
      await subscribe(t.database, { accountId: account }, t.siteId, 'theme', '打开', 'inbox');
      await subscribe(t.database, { accountId: account }, t.siteId, 'theme', '打开', 'email');
      const eventId = await addEvent(deps, t.siteId, themeOnly('打开', '打开率测试'));
      await match(eventId);
      await writeInbox(deps, eventId);
      const message = await t.database.db.selectFrom('inbox_messages').selectAll().where('account_id', '=', account).executeTakeFirstOrThrow();
      expect((await citizen.get(`/space/inbox/${message.id}`)).status).toBe(200);
      const rows = await deliveriesOf(t.database, eventId);
      expect(rows.find((d) => d.channel === 'inbox')!.opened_at).not.toBeNull();

      const mail = rows.find((d) => d.channel === 'email')!;
      expect(mail.opened_at).toBeNull();
      const anonymous = t.client();
      const path = openPath(t.gk.services.secret, mail.id);
      const followed = await anonymous.get(path);
      expect(followed.status).toBe(302);
      expect(followed.location).toBe('/documents/7');
      const opened = (await deliveriesOf(t.database, eventId)).find((d) => d.channel === 'email')!.opened_at;
      expect(opened).not.toBeNull();
      await anonymous.get(path);
      expect((await deliveriesOf(t.database, eventId)).find((d) => d.channel === 'email')!.opened_at).toBe(opened);
      expect((await anonymous.get(`/n/${mail.id}.AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
      expect((await anonymous.get(`/n/${mail.id + 1}.${path.split('.')[1]}`)).status).toBe(404);
      expect((await anonymous.get('/n/not-a-token')).status).toBe(404);
    });

    it('shows per-channel figures and the dead letters to admins; 重新投递 is audited', async () => {
      const account = await addAccount(t.database, 'console-dead');
      await subscribe(t.database, { accountId: account }, t.siteId, 'theme', '控制台', 'email');
      const eventId = await addEvent(deps, t.siteId, themeOnly('控制台', '控制台测试'));
      await match(eventId);
      const [row] = await deliveriesOf(t.database, eventId);
      await t.database.db.updateTable('deliveries').set({ status: 'dead', attempts: 6, last_error: '550 mailbox unavailable' }).where('id', '=', row!.id).execute();

      const editor = await t.staffClient('dl-editor', ['editor']);
      expect((await editor.get('/console/deliveries')).status).toBe(403);
      const admin = await t.staffClient('dl-admin', ['admin']);
      const page = await admin.get('/console/deliveries');
      expect(page.status).toBe(200);
      expect(page.body).toContain('控制台测试');
      expect(page.body).toContain('550 mailbox unavailable');
      expect(page.body).toContain('con***@example.com');

      expect((await admin.submit('/console/deliveries/999999/redeliver', {}, '/console/deliveries')).status).toBe(404);
      expect((await admin.submit('/console/deliveries/abc/redeliver', {}, '/console/deliveries')).status).toBe(404);
      const done = await admin.submit(`/console/deliveries/${row!.id}/redeliver`, {}, '/console/deliveries');
      expect(done.status).toBe(303);
      expect((await deliveriesOf(t.database, eventId))[0]).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'delivery.redeliver').execute();
      expect(audit.map((a) => a.target_id)).toEqual([String(row!.id)]);
    });
  });
}
