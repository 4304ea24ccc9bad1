import { withId, type AnyDb } from '../src/platform/db/columns.js';

/*
 * 政策知识点 (relay packages, issue 5 item 5): organisations registered as relay points per site,
 * the packages staff compose for a policy, who received each at publication (a snapshot, so a
 * later change of membership does not rewrite history) and what the organisations relayed.
 */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('relay_members'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('relay_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('area', 'varchar(60)', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('subscribed', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('decided_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('decision_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('relay_members_site_account', ['site_id', 'account_id'])
    .execute();
  await db.schema.createIndex('relay_members_site_status').on('relay_members').columns(['site_id', 'status', 'subscribed']).execute();

  await withId(db, db.schema.createTable('relay_packages'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('interpretation_ids', 'text', (c) => c.notNull())
    .addColumn('faq', 'text', (c) => c.notNull())
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('published_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('published_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('relay_packages_site').on('relay_packages').columns(['site_id', 'status', 'id']).execute();

  await db.schema.createTable('relay_recipients')
    .addColumn('package_id', 'integer', (c) => c.notNull().references('relay_packages.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('relay_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('relay_recipients_pk', ['package_id', 'account_id'])
    .execute();
  await db.schema.createIndex('relay_recipients_account').on('relay_recipients').columns(['account_id', 'package_id']).execute();

  await withId(db, db.schema.createTable('relay_reports'))
    .addColumn('package_id', 'integer', (c) => c.notNull().references('relay_packages.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('relayed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('reach', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('relay_reports_package').on('relay_reports').columns(['package_id', 'account_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['relay_reports', 'relay_recipients', 'relay_packages', 'relay_members']) await db.schema.dropTable(table).execute();
}
