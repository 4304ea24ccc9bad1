import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpenDelivery, OPEN_DELIVERY_STATUSES } from '../src/modules/subscriptions/delivery/deps.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../src/platform/db/testing.js';

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

    it('has the open-work index partial, and the old full ones gone', async () => {
      const names = kind === 'sqlite'
        ? (await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries'`.execute(database.db)).rows
        : (await sql<{ name: string; sql: string }>`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'deliveries' AND schemaname = current_schema()`.execute(database.db)).rows;
      const byName = new Map(names.map((n) => [n.name, n.sql]));
      expect(byName.has('deliveries_work')).toBe(false);
      expect(byName.has('deliveries_recipient')).toBe(false);
      expect(byName.get('deliveries_open')).toMatch(/WHERE/);
      if (kind === 'sqlite') expect(byName.get('deliveries_open')).toContain(`WHERE status IN ${OPEN_DELIVERY_STATUSES}`);
    });

    it.runIf(kind === 'sqlite')('is chosen by SQLite for the claim and the dead-letter list', async () => {
      const plan = async (query: ReturnType<typeof sql>) =>
        (await sql<{ detail: string }>`EXPLAIN QUERY PLAN ${query}`.execute(database.db)).rows.map((r) => r.detail).join('\n');
      expect(await plan(sql`SELECT id FROM deliveries WHERE channel = 'email' AND status IN ('pending', 'failed') AND ${isOpenDelivery()} LIMIT 10`)).toContain('deliveries_open');
      expect(await plan(sql`SELECT id FROM deliveries d WHERE d.status = 'dead' AND ${isOpenDelivery('d')}`)).toContain('deliveries_open');
    });
  });
}
