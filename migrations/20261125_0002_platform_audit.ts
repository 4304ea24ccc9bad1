import { isPostgres, type AnyDb } from '../src/platform/db/columns.js';

export async function up(db: AnyDb): Promise<void> {
  const table = isPostgres(db)
    ? db.schema.createTable('audit_log').addColumn('seq', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('audit_log').addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
  await table
    .addColumn('site_id', 'integer')
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_label', 'varchar(200)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('audit_log_site_at').on('audit_log').columns(['site_id', 'at']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
