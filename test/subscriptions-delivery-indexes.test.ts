import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpenDelivery, OPEN_DELIVERY_STATUSES } from '../src/modules/subscriptions/delivery/deps.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/platform/db/testing.js';
import { ensureSite } from '../src/modules/subscriptions/delivery/fixtures/fanout-seed.js';
import { smsSentToday } from '../src/platform/notify/sms.js';

/*
 * The partial indexes that keep a fan-out's finished rows out of the work queue. SQLite uses a
 * partial index only when the query repeats its WHERE word for word, so a drift between the
 * migration and OPEN_DELIVERY_STATUSES would silently turn every claim into a table scan.
 */

for (const kind of testDialects()) {
  describe(`delivery indexes on ${kind}`, () => {
    let database: TestDatabase;
    beforeAll(async () => void (database = await createTestDatabase(kind)));
    afterAll(async () => database?.close());

    it('has the open-work and SMS-cap indexes partial, and the old full ones gone', async () => {
      const names = kind === 'sqlite'
        ? (await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries'`.execute(database.db)).rows
        : (await sql<{ name: string; sql: string }>`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'deliveries' AND schemaname = current_schema()`.execute(database.db)).rows;
      const byName = new Map(names.map((n) => [n.name, n.sql]));
      expect(byName.has('deliveries_work')).toBe(false);
      expect(byName.has('deliveries_recipient')).toBe(false);
      expect(byName.get('deliveries_open')).toMatch(/WHERE/);
      expect(byName.get('deliveries_sms_sent')).toMatch(/WHERE/);
      if (kind === 'sqlite') expect(byName.get('deliveries_open')).toContain(`WHERE status IN ${OPEN_DELIVERY_STATUSES}`);
    });

    it.runIf(kind === 'sqlite')('is chosen by SQLite for the claim, the dead-letter list and the SMS cap', async () => {
      const plan = async (query: ReturnType<typeof sql>) =>
        (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(database.db)).rows.map((r) => r.detail).join('\n');
      expect(await plan(sql`SELECT id FROM deliveries WHERE channel = 'email' AND status IN ('pending', 'failed') AND ${isOpenDelivery()} LIMIT 10`)).toContain('deliveries_open');
      expect(await plan(sql`SELECT id FROM deliveries d WHERE d.status = 'dead' AND ${isOpenDelivery('d')}`)).toContain('deliveries_open');
      const cap = database.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(sql.raw<boolean>("channel = 'sms' AND status = 'sent'"))
        .where('address', '=', '13800000000')
        .where('sent_at', '>=', '2026-11-25T16:00:00.000Z')
        .compile();
      const capPlan = (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${sql.raw(cap.sql.replace('?', "'13800000000'").replace('?', "'2026-11-25T16:00:00.000Z'"))}`.execute(database.db)).rows;
      expect(capPlan.map((r) => r.detail).join('\n')).toContain('deliveries_sms_sent');
      // And the cap query itself runs on that index's rows: one sent SMS counts, a pending one does not.
      const now = new Date();
      const siteId = await ensureSite(database);
      const event = await database.db
        .insertInto('notify_events')
        .values({ site_id: siteId, kind: 'publication', dedupe_key: 'idx-test', document_id: null, payload: '{}', status: 'matched', match_cursor: 0, matched_count: 0, created_at: now.toISOString(), matched_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = (key: string, status: string) => ({ event_id: event.id, recipient_key: key, channel: 'sms', subscription_id: null, account_id: null, address: '13800000000', frequency: 'immediate', status, attempts: 1, next_attempt_at: null, last_error: null, digest_id: null, created_at: now.toISOString(), sent_at: now.toISOString(), opened_at: null, unsubscribed_at: null });
      await database.db.insertInto('deliveries').values([row('a:1', 'sent'), row('a:2', 'pending')]).execute();
      expect(await smsSentToday(database.db, '13800000000', -1, now)).toBe(1);
    });
  });
}
