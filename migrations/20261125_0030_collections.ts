import { withId, type AnyDb } from '../src/platform/db/columns.js';

/** 主题库 (A3): curated collections, their ordered items, and the daily inspection's runs and findings. */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('collections'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('slug', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stale_after_days', 'integer', (c) => c.notNull())
    .addColumn('reviewed_at', 'varchar(32)')
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('collections_site_slug', ['site_id', 'slug'])
    .execute();

  await withId(db, db.schema.createTable('collection_items'))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    // A deleted document leaves the item behind (null) for the inspection to report.
    .addColumn('document_id', 'integer', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collection_items_order').on('collection_items').columns(['collection_id', 'position']).execute();
  await db.schema.createIndex('collection_items_document').on('collection_items').column('document_id').execute();

  await withId(db, db.schema.createTable('inspection_runs'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('collections', 'integer', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull())
    .addColumn('warnings', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_runs_site').on('inspection_runs').columns(['site_id', 'id']).execute();

  await withId(db, db.schema.createTable('inspection_findings'))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('inspection_runs.id').onDelete('cascade'))
    .addColumn('collection_id', 'integer', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('item_id', 'integer')
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('suggested_fix', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inspection_findings_run').on('inspection_findings').columns(['run_id', 'collection_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['inspection_findings', 'inspection_runs', 'collection_items', 'collections']) await db.schema.dropTable(t).execute();
}
