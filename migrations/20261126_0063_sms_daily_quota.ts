import type { AnyDb } from '../src/platform/db/columns.js';

/*
 * The SMS daily cap per number as a counter reserved atomically before each send (see
 * src/platform/notify/sms.ts), instead of a count of sent deliveries that two workers could both
 * read as "one left". Claims record which delivery holds a slot, so a retry does not count twice.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('sms_daily_quota')
    .addColumn('address', 'varchar(32)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_daily_quota_pk', ['address', 'day'])
    .execute();
  await db.schema.createIndex('sms_daily_quota_day').on('sms_daily_quota').column('day').execute();

  await db.schema.createTable('sms_quota_claims')
    .addColumn('delivery_id', 'integer', (c) => c.primaryKey())
    .addColumn('address', 'varchar(32)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_quota_claims_day').on('sms_quota_claims').column('day').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('sms_quota_claims').execute();
  await db.schema.dropTable('sms_daily_quota').execute();
}
