import { sql } from 'kysely';
import type { AnyDb } from '../src/platform/db/columns.js';

/*
 * A fan-out to a million inboxes writes a million delivery rows that are finished at birth
 * ('sent'). Indexes that only serve open work should not carry them:
 * - deliveries_work (status, channel, next_attempt_at) becomes deliveries_open, partial over the
 *   open statuses (the text must equal OPEN_DELIVERY_STATUSES in delivery/deps.ts: SQLite matches
 *   a partial index's WHERE word for word);
 * - deliveries_recipient (recipient_key, created_at) served no query (the SMS daily cap has its
 *   own counter, migration 20261126_0063).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('deliveries_work').execute();
  await sql`CREATE INDEX deliveries_open ON deliveries (channel, status, next_attempt_at) WHERE status IN ('pending', 'sending', 'failed', 'digest', 'dead')`.execute(db);
  await db.schema.dropIndex('deliveries_recipient').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.createIndex('deliveries_recipient').on('deliveries').columns(['recipient_key', 'created_at']).execute();
  await db.schema.dropIndex('deliveries_open').execute();
  await db.schema.createIndex('deliveries_work').on('deliveries').columns(['status', 'channel', 'next_attempt_at']).execute();
}
