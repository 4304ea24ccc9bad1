import { sql } from 'kysely';
import { withId, type AnyDb } from '../src/platform/db/columns.js';

/*
 * C1–C4 core: the audience-tag vocabulary, subscribers and their subscriptions (match criteria,
 * not member lists), notification events and the delivery rows whose unique key makes every
 * delivery idempotent. Push campaigns, webhooks and relay packages add their own tables.
 */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('audience_tags'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('category', 'varchar(24)', (c) => c.notNull())
    .addColumn('label', 'varchar(40)', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('audience_tags_site_label', ['site_id', 'label'])
    .execute();

  await db.schema.createTable('account_audience_tags')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('audience_tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('account_audience_tags_pk', ['account_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('account_audience_tags_tag').on('account_audience_tags').columns(['tag_id', 'account_id']).execute();

  await withId(db, db.schema.createTable('subscribers'))
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade').unique())
    .addColumn('email', 'varchar(254)')
    .addColumn('confirmed_at', 'varchar(32)')
    .addColumn('confirm_token_hash', 'varchar(64)')
    .addColumn('confirm_expires_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscribers_email').on('subscribers').column('email').unique().where(sql.ref('account_id'), 'is', null).execute();

  await withId(db, db.schema.createTable('subscriptions'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    .addColumn('criterion', 'varchar(16)', (c) => c.notNull())
    .addColumn('value', 'varchar(100)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('frequency', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('confirmed_at', 'varchar(32)')
    .addColumn('ended_at', 'varchar(32)')
    .addColumn('ended_reason', 'varchar(32)')
    .addUniqueConstraint('subscriptions_one_per_criterion', ['subscriber_id', 'site_id', 'criterion', 'value', 'channel'])
    .execute();
  await db.schema.createIndex('subscriptions_match').on('subscriptions').columns(['site_id', 'criterion', 'value', 'status', 'id']).execute();

  await withId(db, db.schema.createTable('notify_events'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(120)', (c) => c.notNull().unique())
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('match_cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('matched_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('matched_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('notify_events_status').on('notify_events').columns(['status', 'id']).execute();

  await withId(db, db.schema.createTable('deliveries'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('notify_events.id').onDelete('cascade'))
    .addColumn('recipient_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('subscription_id', 'integer')
    .addColumn('account_id', 'integer')
    .addColumn('address', 'varchar(500)')
    .addColumn('frequency', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)')
    .addColumn('last_error', 'text')
    .addColumn('digest_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .addColumn('opened_at', 'varchar(32)')
    .addColumn('unsubscribed_at', 'varchar(32)')
    .addUniqueConstraint('deliveries_once', ['event_id', 'recipient_key', 'channel'])
    .execute();
  await db.schema.createIndex('deliveries_work').on('deliveries').columns(['status', 'channel', 'next_attempt_at']).execute();
  await db.schema.createIndex('deliveries_recipient').on('deliveries').columns(['recipient_key', 'created_at']).execute();

  await withId(db, db.schema.createTable('digests'))
    .addColumn('recipient_key', 'varchar(300)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('period', 'varchar(24)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .addUniqueConstraint('digests_once', ['recipient_key', 'channel', 'period'])
    .execute();

  await withId(db, db.schema.createTable('webhook_endpoints'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('owner_account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('url', 'varchar(500)', (c) => c.notNull())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('criterion', 'varchar(16)')
    .addColumn('value', 'varchar(100)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disabled_at', 'varchar(32)')
    .addColumn('disabled_reason', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_endpoints_site').on('webhook_endpoints').columns(['site_id', 'status']).execute();

  // 服务类政策: the only documents that may be pushed by SMS (C3).
  await db.schema.alterTable('documents').addColumn('service_policy', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // An inbox message written by a delivery points back to it, at most once.
  await db.schema.alterTable('inbox_messages').addColumn('delivery_id', 'integer').execute();
  await db.schema.createIndex('inbox_messages_delivery').on('inbox_messages').column('delivery_id').unique().execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('service_policy').execute();
  await db.schema.dropIndex('inbox_messages_delivery').execute();
  await db.schema.alterTable('inbox_messages').dropColumn('delivery_id').execute();
  for (const table of ['webhook_endpoints', 'digests', 'deliveries', 'notify_events', 'subscriptions', 'subscribers', 'account_audience_tags', 'audience_tags']) {
    await db.schema.dropTable(table).execute();
  }
}
