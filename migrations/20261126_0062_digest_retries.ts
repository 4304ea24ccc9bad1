import { sql } from 'kysely';
import type { AnyDb } from '../src/platform/db/columns.js';

/*
 * Digests sent by e-mail / SMS get what single deliveries have: a sending lease
 * (next_attempt_at = lease end while 'sending'), retries with back-off (next_attempt_at = when
 * due while 'pending'), and the dead-letter list ('dead', last_error). digests_work serves the
 * sender's "pending and due" and the tick's "sending past its lease"; deliveries_digest finds a
 * digest's items (and its site) without scanning every delivery.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('digests').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('digests').addColumn('next_attempt_at', 'varchar(32)').execute();
  await db.schema.alterTable('digests').addColumn('last_error', 'text').execute();
  await db.schema.createIndex('digests_work').on('digests').columns(['status', 'next_attempt_at']).execute();
  await sql`CREATE INDEX deliveries_digest ON deliveries (digest_id) WHERE digest_id IS NOT NULL`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('deliveries_digest').execute();
  await db.schema.dropIndex('digests_work').execute();
  for (const column of ['last_error', 'next_attempt_at', 'attempts']) {
    await db.schema.alterTable('digests').dropColumn(column).execute();
  }
}
