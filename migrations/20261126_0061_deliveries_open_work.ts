import { sql } from 'kysely';
import type { AnyDb } from '../src/platform/db/columns.js';

/*
 * A fan-out to a million inboxes writes a million delivery rows that are finished at birth
 * ('sent'). Indexes that only serve open work should not carry them:
 * - deliveries_work (status, channel, next_attempt_at) becomes deliveries_open, partial over the
 *   open statuses (the text must equal OPEN_DELIVERY_STATUSES in delivery/deps.ts: SQLite matches
 *   a partial index's WHERE word for word);
 * - deliveries_recipient (recipient_key, created_at) served no query; the SMS daily cap per
 *   number gets the index it needs, over sent SMS rows only.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('deliveries_work').execute();
  await sql`CREATE INDEX deliveries_open ON deliveries (channel, status, next_attempt_at) WHERE status IN ('pending', 'sending', 'failed', 'digest', 'dead')`.execute(db);
  await db.schema.dropIndex('deliveries_recipient').execute();
  await sql`CREATE INDEX deliveries_sms_sent ON deliveries (address, sent_at) WHERE channel = 'sms' AND status = 'sent'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('deliveries_sms_sent').execute();
  await db.schema.createIndex('deliveries_recipient').on('deliveries').columns(['recipient_key', 'created_at']).execute();
  await db.schema.dropIndex('deliveries_open').execute();
  await db.schema.createIndex('deliveries_work').on('deliveries').columns(['status', 'channel', 'next_attempt_at']).execute();
}
