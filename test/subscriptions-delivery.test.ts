import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryDepsFrom } from '../src/modules/subscriptions/delivery/index.js';
import type { DeliveryDeps } from '../src/modules/subscriptions/delivery/deps.js';
import { addAccount, addEvent, count, deliveriesOf, payload, ScriptedSender, stepContext, subscribe } from '../src/modules/subscriptions/delivery/fixtures/engine-harness.js';
import { writeInbox } from '../src/modules/subscriptions/delivery/inbox.js';
import { runMatch } from '../src/modules/subscriptions/delivery/match.js';
import { runSender } from '../src/modules/subscriptions/delivery/send.js';
import { testDialects } from '../src/platform/db/testing.js';
import { library } from './support/library.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* The delivery engine on the real database: publication events, matching, the inbox, sending with retries. */

for (const kind of testDialects()) {
  describe(`delivery engine on ${kind}`, () => {
    let t: TestApp;
    let deps: DeliveryDeps;
    const signal = new AbortController().signal;

    beforeAll(async () => {
      t = await startTestApp(kind);
      deps = { ...deliveryDepsFrom(t.gk.services), senders: {}, settings: { ...t.gk.services.config.delivery, matchBatch: 2, inboxBatch: 2 } };
    });
    afterAll(async () => t?.close());

    const match = (eventId: number) => runMatch(deps, eventId, stepContext(t.database));
    /** An event only subscribers of this theme (and unfiltered webhooks) match. */
    const themeOnly = (theme: string, title: string) => payload({ theme, title, type: 'other', issuers: ['另一机关'], matchText: title });

    it('makes one publication event per published version, none for 定向公开 or drafts', async () => {
      const lib = library(t);
      const [id] = await lib.publish({ title: '关于城市更新的若干意见', theme: '城乡建设', body: '为推进城市更新，现提出如下意见。'.repeat(10) });
      const events = await t.database.db.selectFrom('notify_events').selectAll().where('document_id', '=', id!).execute();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'publication', dedupe_key: `publication:${id}:v1`, status: 'matching' });
      const body = JSON.parse(events[0]!.payload) as ReturnType<typeof payload>;
      expect(body).toMatchObject({ title: '关于城市更新的若干意见', path: `/documents/${id}`, theme: '城乡建设', issuers: ['上海市规划和自然资源局'], serviceType: false });
      expect(body.summary.length).toBeLessThanOrEqual(81);
      expect(body.matchText).toContain('为推进城市更新');

      // Republishing the same version (the hook runs again) makes no second event.
      await t.database.db.transaction().execute((trx) => t.gk.services.documentHooks.published(trx, id!));
      expect(await count(t.database, 'deliveries')).toBe(0);
      expect((await t.database.db.selectFrom('notify_events').select('id').where('document_id', '=', id!).execute()).length).toBe(1);

      const citizen = await t.addCitizen('targeted@example.com');
      const targeted = await lib.targeted('定向公开的批复', [citizen]);
      const draft = await lib.insert('草稿文件');
      const none = await t.database.db.selectFrom('notify_events').select('id').where('document_id', 'in', [targeted, draft]).execute();
      expect(none).toEqual([]);
    });

    it('matches every criterion, one delivery per recipient and channel, and a re-run adds nothing', async () => {
      const site = t.siteId;
      const [theme, type, issuer, tag, keyword, several, unrelated, ended] = await Promise.all(
        ['theme', 'type', 'issuer', 'tag', 'keyword', 'several', 'unrelated', 'ended'].map((n) => addAccount(t.database, `m-${n}`, { mobile: n === 'several' ? '13800000000' : null })),
      );
      await subscribe(t.database, { accountId: theme! }, site, 'theme', '规划');
      await subscribe(t.database, { accountId: type! }, site, 'type', 'normative');
      await subscribe(t.database, { accountId: issuer! }, site, 'issuer', '上海市规划和自然资源局');
      await subscribe(t.database, { accountId: tag! }, site, 'tag', '小微企业');
      await subscribe(t.database, { accountId: keyword! }, site, 'keyword', '容积率');
      await subscribe(t.database, { accountId: keyword! }, site, 'keyword', '不相干的词');
      for (const [criterion, value] of [['theme', '规划'], ['type', 'normative'], ['keyword', '城市更新']]) await subscribe(t.database, { accountId: several! }, site, criterion!, value!);
      await subscribe(t.database, { accountId: several! }, site, 'theme', '规划', 'email');
      await subscribe(t.database, { accountId: several! }, site, 'issuer', '上海市规划和自然资源局', 'sms', 'daily');
      await subscribe(t.database, { accountId: unrelated! }, site, 'theme', '交通');
      await subscribe(t.database, { accountId: ended! }, site, 'theme', '规划', 'inbox', 'immediate', 'ended');
      await subscribe(t.database, { email: 'anon@example.com' }, site, 'keyword', '城市更新', 'email');
      const otherSite = await t.addSite('other', '另一个站点', 'other.example');
      await subscribe(t.database, { accountId: unrelated! }, otherSite, 'theme', '规划');

      const eventId = await addEvent(deps, site, payload({ tags: ['小微企业'] }));
      await match(eventId);
      const rows = await deliveriesOf(t.database, eventId);
      const anon = await t.database.db.selectFrom('subscribers').select('id').where('email', '=', 'anon@example.com').executeTakeFirstOrThrow();
      expect(rows.map((r) => [r.recipient_key, r.channel, r.status])).toEqual(
        [
          [`a:${theme}`, 'inbox', 'sent'], [`a:${type}`, 'inbox', 'sent'], [`a:${issuer}`, 'inbox', 'sent'], [`a:${tag}`, 'inbox', 'sent'],
          [`a:${keyword}`, 'inbox', 'sent'], [`a:${several}`, 'email', 'pending'], [`a:${several}`, 'inbox', 'sent'], [`a:${several}`, 'sms', 'digest'],
          [`s:${anon.id}`, 'email', 'pending'],
        ].sort((a, b) => (a[0]! + a[1]).localeCompare(b[0]! + b[1])),
      );
      expect(rows.find((r) => r.channel === 'email' && r.recipient_key === `a:${several}`)?.address).toBe('m-several@example.com');
      expect(rows.find((r) => r.channel === 'sms')?.address).toBe('13800000000');
      expect(rows.find((r) => r.recipient_key === `s:${anon.id}`)?.address).toBe('anon@example.com');
      const event = await t.database.db.selectFrom('notify_events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
      expect(event).toMatchObject({ status: 'matched', matched_count: rows.length });

      // A crash after the batches committed but before the job ended: run the batches again from the start.
      await t.database.db.updateTable('notify_events').set({ status: 'matching', match_cursor: 0 }).where('id', '=', eventId).execute();
      await match(eventId);
      expect(await deliveriesOf(t.database, eventId)).toEqual(rows);
    });

    it('writes each inbox message once, in the matching batch, with its delivery born sent', async () => {
      const accounts = await Promise.all([1, 2, 3, 4, 5].map((n) => addAccount(t.database, `inbox-${n}`)));
      for (const id of accounts) await subscribe(t.database, { accountId: id }, t.siteId, 'theme', '自然资源');
      const eventId = await addEvent(deps, t.siteId, themeOnly('自然资源', '自然资源确权登记办法'));
      await match(eventId);
      const ofEvent = () => t.database.db.selectFrom('inbox_messages').selectAll().where('title', '=', '自然资源确权登记办法').execute();
      expect(await ofEvent()).toHaveLength(5);
      // Nothing is left for the writer, and no inbox job was queued for this event.
      expect(await writeInbox(deps, eventId)).toBe(0);
      expect(await t.database.db.selectFrom('jobs').select('id').where('idempotency_key', '=', `notify.inbox:${eventId}`).execute()).toHaveLength(0);
      // Rows put back to pending (staff, or a writer that crashed between message and status) gain no second message.
      await t.database.db.updateTable('deliveries').set({ status: 'pending' }).where('event_id', '=', eventId).execute();
      expect(await writeInbox(deps, eventId)).toBe(0);
      // A pending row without its message (written by an older version) gets exactly one.
      const first = (await ofEvent())[0]!;
      await t.database.db.deleteFrom('inbox_messages').where('id', '=', first.id).execute();
      await t.database.db.updateTable('deliveries').set({ status: 'pending' }).where('id', '=', first.delivery_id!).execute();
      expect(await writeInbox(deps, eventId)).toBe(1);
      const messages = await ofEvent();
      expect(messages.map((m) => m.account_id).sort((a, b) => a - b)).toEqual([...accounts].sort((a, b) => a - b));
      expect(messages[0]).toMatchObject({ category: '政策订阅', link: '/documents/7', site_id: t.siteId });
      expect(new Set(messages.map((m) => m.delivery_id)).size).toBe(5);
      const statuses = (await deliveriesOf(t.database, eventId)).map((d) => d.status);
      expect(statuses).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    });

    it('gives a person matched by several subscriptions on one channel the most frequent of them, across batches', async () => {
      const person = await addAccount(t.database, 'frequency-many');
      const mixed = await addAccount(t.database, 'frequency-digests');
      // The digest subscriptions get the lower ids, so with batches of two they are matched first.
      await subscribe(t.database, { accountId: person }, t.siteId, 'theme', '频率', 'inbox', 'daily');
      await subscribe(t.database, { accountId: mixed }, t.siteId, 'theme', '频率', 'email', 'weekly');
      await subscribe(t.database, { accountId: person }, t.siteId, 'keyword', '测试通知', 'inbox', 'weekly');
      await subscribe(t.database, { accountId: mixed }, t.siteId, 'keyword', '频率测试', 'email', 'daily');
      await subscribe(t.database, { accountId: person }, t.siteId, 'keyword', '频率测试', 'inbox', 'immediate');
      // A better subscription that does not match this event changes nothing.
      await subscribe(t.database, { accountId: mixed }, t.siteId, 'theme', '无关主题', 'email', 'immediate');
      const eventId = await addEvent(deps, t.siteId, themeOnly('频率', '频率测试通知'));
      await match(eventId);
      const rows = await deliveriesOf(t.database, eventId);
      expect(rows.map((r) => [r.recipient_key, r.channel, r.frequency, r.status])).toEqual([
        [`a:${mixed}`, 'email', 'daily', 'digest'],
        [`a:${person}`, 'inbox', 'immediate', 'sent'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)));
      expect(await count(t.database, 'inbox_messages', sql`title = '频率测试通知'`)).toBe(1);
    });

    it('matches webhook endpoints by their filter and push audiences by tags and chosen channels', async () => {
      const now = new Date().toISOString();
      const endpoint = (name: string, criterion: string | null, value: string | null) =>
        t.database.db
          .insertInto('webhook_endpoints')
          .values({ site_id: t.siteId, owner_account_id: null, name, url: 'https://hook.example/x', secret_enc: 'x', criterion, value, status: 'active', consecutive_failures: 0, disabled_at: null, disabled_reason: null, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
      const all = await endpoint('全部', null, null);
      const filtered = await endpoint('仅规划', 'theme', '规划');
      await endpoint('仅交通', 'theme', '交通');
      const eventId = await addEvent(deps, t.siteId, payload({ theme: '规划', title: 'webhook 测试' }));
      await match(eventId);
      const hooks = (await deliveriesOf(t.database, eventId)).filter((d) => d.channel === 'webhook');
      expect(hooks.map((h) => h.recipient_key).sort()).toEqual([`w:${all.id}`, `w:${filtered.id}`].sort());
      expect(hooks.find((h) => h.recipient_key === `w:${all.id}`)?.address).toBe(String(all.id));

      const tagRow = await t.database.db
        .insertInto('audience_tags')
        .values({ site_id: t.siteId, category: 'industry', label: '建筑业', sort: 0, retired_at: null, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [builder, chooser, other] = await Promise.all(['builder', 'chooser', 'other'].map((n) => addAccount(t.database, `push-${n}`, { kind: 'organization' })));
      for (const id of [builder!, chooser!]) await t.database.db.insertInto('account_audience_tags').values({ account_id: id, tag_id: tagRow.id }).execute();
      await subscribe(t.database, { accountId: chooser! }, t.siteId, 'theme', '随便什么', 'email');
      void other;
      const pushId = await addEvent(deps, t.siteId, payload({ title: '精准推送', audience: { tagIds: [tagRow.id], accountKinds: ['organization'], channels: ['email'] } }), 'push');
      await match(pushId);
      const pushed = (await deliveriesOf(t.database, pushId)).map((d) => [d.recipient_key, d.channel]);
      expect(pushed).toEqual([[`a:${builder}`, 'inbox'], [`a:${chooser}`, 'email'], [`a:${chooser}`, 'inbox']].sort((a, b) => (a[0]! + a[1]).localeCompare(b[0]! + b[1])));
    });

    it('sends external channels with retries, back-off and dead letters; leaves them pending without a sender', async () => {
      // Senders take every due row of their channel: set aside what the tests above left pending.
      await t.database.db.updateTable('deliveries').set({ status: 'skipped' }).where('status', 'in', ['pending', 'failed']).execute();
      let now = new Date('2026-11-25T00:00:00.000Z');
      const email = new ScriptedSender('email', [
        { ok: false, retry: true, error: '421 try later' },
        { ok: false, retry: true, error: '421 try later' },
        { ok: false, retry: true, error: '421 try later' },
      ]);
      const sms = new ScriptedSender('sms', [{ ok: false, skipped: true, reason: '超过每日条数上限' }]);
      const timed: DeliveryDeps = { ...deps, now: () => now, senders: {}, settings: { ...deps.settings, maxAttempts: 3, backoffSeconds: 10 } };
      const account = await addAccount(t.database, 'retry', { mobile: '13900000000' });
      const subscriptionId = await subscribe(t.database, { accountId: account }, t.siteId, 'theme', '测绘', 'email');
      await subscribe(t.database, { accountId: account }, t.siteId, 'theme', '测绘', 'sms');
      const eventId = await addEvent(deps, t.siteId, themeOnly('测绘', '测绘资质管理'));
      await match(eventId);

      expect(await runSender(timed, 'email', signal)).toBe(0);
      // (the webhook endpoints of the test above also match: this test looks at e-mail and SMS)
      const personal = async (id: number) => (await deliveriesOf(t.database, id)).filter((d) => d.channel !== 'webhook');
      expect((await personal(eventId)).map((d) => d.status)).toEqual(['pending', 'pending']);

      timed.senders = { email, sms };
      const state = async () => (await deliveriesOf(t.database, eventId)).find((d) => d.channel === 'email')!;
      await runSender(timed, 'email', signal);
      expect(await state()).toMatchObject({ status: 'failed', attempts: 1, next_attempt_at: '2026-11-25T00:00:10.000Z', last_error: '421 try later' });
      await runSender(timed, 'email', signal);
      expect(email.received).toHaveLength(1); // not due yet
      now = new Date('2026-11-25T00:00:10.000Z');
      await runSender(timed, 'email', signal);
      expect(await state()).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: '2026-11-25T00:00:30.000Z' });
      now = new Date('2026-11-25T00:00:30.000Z');
      await runSender(timed, 'email', signal);
      expect(await state()).toMatchObject({ status: 'dead', attempts: 3 });

      const notice = email.received[0]!;
      expect(notice).toMatchObject({ channel: 'email', address: 'retry@example.com', title: '测绘资质管理', category: 'publication', accountId: account });
      expect(notice.url).toMatch(new RegExp(`^http://localhost/n/${notice.deliveryId}\\.[A-Za-z0-9_-]{22}$`));
      expect(notice.unsubscribeUrl).toMatch(new RegExp(`^http://localhost/unsubscribe/s\\.${subscriptionId}\\.[^?]+\\?d=${notice.deliveryId}$`));

      await runSender(timed, 'sms', signal);
      expect((await deliveriesOf(t.database, eventId)).find((d) => d.channel === 'sms')).toMatchObject({ status: 'skipped', last_error: '超过每日条数上限' });

      // A permanent failure goes to the dead letters at once; a success is recorded as sent.
      const permanent = new ScriptedSender('email', [{ ok: false, retry: false, error: '550 no such user' }]);
      const second = await addEvent(deps, t.siteId, themeOnly('测绘', '第二次'));
      await match(second);
      await runSender({ ...timed, senders: { email: permanent } }, 'email', signal);
      expect((await deliveriesOf(t.database, second)).find((d) => d.channel === 'email')).toMatchObject({ status: 'dead', attempts: 1, last_error: '550 no such user' });
      const third = await addEvent(deps, t.siteId, themeOnly('测绘', '第三次'));
      await match(third);
      await runSender({ ...timed, senders: { email: new ScriptedSender('email') } }, 'email', signal);
      expect((await deliveriesOf(t.database, third)).find((d) => d.channel === 'email')).toMatchObject({ status: 'sent', attempts: 1, sent_at: now.toISOString() });
      expect(await count(t.database, 'deliveries', sql`status = 'sending'`)).toBe(0);
    });
  });
}
