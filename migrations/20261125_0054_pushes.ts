import { sql } from 'kysely';
import { withId, type AnyDb } from '../src/platform/db/columns.js';

/** C3 精准推送: push campaigns (compose → approve by someone else → send) and their recipients' ratings. */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('pushes'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('audience_all', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('approved_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('approval_comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recipient_count', 'integer')
    .addColumn('event_id', 'integer', (c) => c.references('notify_events.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('submitted_at', 'varchar(32)')
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('sent_at', 'varchar(32)')
    // Nobody approves their own push, whatever the code above this table does.
    .addCheckConstraint('pushes_approver_not_creator', sql`approved_by is null or approved_by <> created_by`)
    .execute();
  await db.schema.createIndex('pushes_site').on('pushes').columns(['site_id', 'status', 'id']).execute();

  await withId(db, db.schema.createTable('push_ratings'))
    .addColumn('push_id', 'integer', (c) => c.notNull().references('pushes.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('useful', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('push_ratings_one_per_account', ['push_id', 'account_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('push_ratings').execute();
  await db.schema.dropTable('pushes').execute();
}
