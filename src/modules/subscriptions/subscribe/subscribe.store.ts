import type { Selectable } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import type { SubscriptionsTable } from '../subscriptions.tables.js';

/** Every column but ended_reason, which no page shows. */
const subscriptionColumns = ['id', 'site_id', 'subscriber_id', 'criterion', 'value', 'channel', 'frequency', 'status', 'created_at', 'confirmed_at', 'ended_at'] as const;

export type SubscriptionRow = Pick<Selectable<SubscriptionsTable>, (typeof subscriptionColumns)[number]>;

/** The subscriber row of an account, created (confirmed at once) on first use. */
export async function accountSubscriber(db: Queryable, accountId: number): Promise<number> {
  const now = nowIso();
  await db
    .insertInto('subscribers')
    .values({ account_id: accountId, email: null, confirmed_at: now, confirm_token_hash: null, confirm_expires_at: null, created_at: now })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  const row = await db.selectFrom('subscribers').select('id').where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function findAccountSubscriber(db: Queryable, accountId: number): Promise<number | undefined> {
  const row = await db.selectFrom('subscribers').select('id').where('account_id', '=', accountId).executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** The anonymous subscriber of an e-mail address, created unconfirmed on first use. */
export async function emailSubscriber(db: Queryable, email: string): Promise<number> {
  const existing = await db.selectFrom('subscribers').select('id').where('account_id', 'is', null).where('email', '=', email).executeTakeFirst();
  if (existing) return Number(existing.id);
  const row = await db
    .insertInto('subscribers')
    .values({ account_id: null, email, confirmed_at: null, confirm_token_hash: null, confirm_expires_at: null, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setConfirmToken(db: Queryable, subscriberId: number, hash: string, expiresAt: string): Promise<void> {
  await db.updateTable('subscribers').set({ confirm_token_hash: hash, confirm_expires_at: expiresAt }).where('id', '=', subscriberId).execute();
}

export function findByConfirmHash(db: Queryable, hash: string) {
  return db.selectFrom('subscribers').select(['id', 'email', 'confirm_expires_at']).where('confirm_token_hash', '=', hash).executeTakeFirst();
}

export async function markConfirmed(db: Queryable, subscriberId: number): Promise<number> {
  const now = nowIso();
  await db.updateTable('subscribers').set({ confirmed_at: now, confirm_token_hash: null, confirm_expires_at: null }).where('id', '=', subscriberId).execute();
  const result = await db.updateTable('subscriptions').set({ status: 'active', confirmed_at: now }).where('subscriber_id', '=', subscriberId).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function listSubscriptions(db: Queryable, siteId: number, subscriberId: number, includeEnded = false): Promise<SubscriptionRow[]> {
  let q = db.selectFrom('subscriptions').select(subscriptionColumns).where('site_id', '=', siteId).where('subscriber_id', '=', subscriberId);
  if (!includeEnded) q = q.where('status', '!=', 'ended');
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Every live subscription of a subscriber, on every site (a recipient-wide unsubscribe). */
export function listLiveOfSubscriber(db: Queryable, subscriberId: number): Promise<SubscriptionRow[]> {
  return db.selectFrom('subscriptions').select(subscriptionColumns).where('subscriber_id', '=', subscriberId).where('status', '!=', 'ended').orderBy('id').execute();
}

export function findSubscription(db: Queryable, id: number): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('subscriptions').select(subscriptionColumns).where('id', '=', id).executeTakeFirst();
}

export async function countLive(db: Queryable, siteId: number, subscriberId: number): Promise<number> {
  const row = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('site_id', '=', siteId)
    .where('subscriber_id', '=', subscriberId)
    .where('status', '!=', 'ended')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface SubscriptionKey {
  siteId: number;
  subscriberId: number;
  criterion: string;
  value: string;
  channel: string;
}

export function findByKey(db: Queryable, k: SubscriptionKey): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('subscriptions')
    .select(subscriptionColumns)
    .where('site_id', '=', k.siteId)
    .where('subscriber_id', '=', k.subscriberId)
    .where('criterion', '=', k.criterion)
    .where('value', '=', k.value)
    .where('channel', '=', k.channel)
    .executeTakeFirst();
}

export async function insertSubscription(db: Queryable, k: SubscriptionKey, frequency: string, status: 'pending' | 'active'): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('subscriptions')
    .values({
      site_id: k.siteId, subscriber_id: k.subscriberId, criterion: k.criterion, value: k.value, channel: k.channel, frequency, status,
      created_at: now, confirmed_at: status === 'active' ? now : null, ended_at: null, ended_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Brings an ended subscription back (the unique key allows one row per criterion, value and channel). */
export async function reactivate(db: Queryable, id: number, frequency: string, status: 'pending' | 'active'): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ frequency, status, ended_at: null, ended_reason: null, confirmed_at: status === 'active' ? nowIso() : null })
    .where('id', '=', id)
    .execute();
}

export async function setFrequency(db: Queryable, id: number, frequency: string): Promise<void> {
  await db.updateTable('subscriptions').set({ frequency }).where('id', '=', id).execute();
}

/** Ends live subscriptions by id or by subscriber; returns how many ended. */
export async function endSubscriptions(db: Queryable, where: { ids?: number[]; subscriberId?: number }, reason: string): Promise<number> {
  let q = db.updateTable('subscriptions').set({ status: 'ended', ended_at: nowIso(), ended_reason: reason }).where('status', '!=', 'ended');
  if (where.ids) q = q.where('id', 'in', where.ids.length ? where.ids : [-1]);
  if (where.subscriberId !== undefined) q = q.where('subscriber_id', '=', where.subscriberId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function findSubscriber(db: Queryable, id: number) {
  return db.selectFrom('subscribers').select(['id', 'account_id', 'email', 'confirmed_at']).where('id', '=', id).executeTakeFirst();
}

/** Records that the recipient followed this delivery's unsubscribe link (first time only). */
export async function markDeliveryUnsubscribed(db: Queryable, deliveryId: number, match: { subscriptionIds: number[]; recipientKey?: string }): Promise<void> {
  let q = db.updateTable('deliveries').set({ unsubscribed_at: nowIso() }).where('id', '=', deliveryId).where('unsubscribed_at', 'is', null);
  q = q.where((eb) => {
    const ors = [eb('subscription_id', 'in', match.subscriptionIds.length ? match.subscriptionIds : [-1])];
    if (match.recipientKey) ors.push(eb('recipient_key', '=', match.recipientKey));
    return eb.or(ors);
  });
  await q.execute();
}

export function accountContact(db: Queryable, accountId: number) {
  return db.selectFrom('accounts').select(['id', 'email', 'mobile', 'name']).where('id', '=', accountId).executeTakeFirst();
}
