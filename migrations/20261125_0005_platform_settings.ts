import type { AnyDb } from '../src/platform/db/columns.js';

/** Installation-wide settings shared by every process (e.g. the generated cookie-signing secret). */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('platform_settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('platform_settings').execute();
}
