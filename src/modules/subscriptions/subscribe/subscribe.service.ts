import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import { randomToken, sha256 } from '../../../platform/tokens.js';
import { documentTypes } from '../../documents/documents.vocabulary.js';
import type { UnsubscribeTarget } from '../unsubscribe-token.js';
import { criteria, frequencies, subscriptionChannels } from '../subscriptions.vocabulary.js';
import { changeSchema, subscriptionSchema, type SubscriptionInput } from './subscribe.schemas.js';
import { loadSubscribeSettings } from './subscribe.settings.js';
import * as store from './subscribe.store.js';
import type { SubscriptionRow } from './subscribe.store.js';
import { checkValue } from './subscribe.values.js';

/*
 * C2: subscriptions are match criteria (GOV.UK email-alert-api): criterion + value, per channel and
 * frequency. Accounts are confirmed at once; an anonymous e-mail address stays `pending` until its
 * opt-in link is followed. Ending keeps the row, so subscribing again reactivates it.
 */

export type { SubscriptionRow };

/** How a subscription reads to people: 主题「土地管理」. */
export function describeSubscription(s: { criterion: string; value: string }): string {
  const value = s.criterion === 'type' ? (documentTypes as Record<string, string>)[s.value] ?? s.value : s.value;
  return `${(criteria as Record<string, string>)[s.criterion] ?? s.criterion}「${value}」`;
}

const howReceived = (s: { channel: string; frequency: string }) =>
  `${(subscriptionChannels as Record<string, string>)[s.channel] ?? s.channel} · ${(frequencies as Record<string, string>)[s.frequency] ?? s.frequency}`;

/** Checks a subscription form without saving anything. */
export async function checkSubscription(db: Queryable, siteId: number, raw: Record<string, unknown>): Promise<Outcome<SubscriptionInput>> {
  const parsed = subscriptionSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const problem = await checkValue(db, siteId, parsed.data.criterion, parsed.data.value);
  return problem ? invalid({ value: problem }) : ok(parsed.data);
}

/** Adds (or brings back) a subscription of a subscriber; refuses past the per-subscriber limit. */
async function upsert(trx: Queryable, siteId: number, subscriberId: number, input: SubscriptionInput, status: 'pending' | 'active'): Promise<Outcome<number>> {
  const key = { siteId, subscriberId, criterion: input.criterion, value: input.value, channel: input.channel };
  const existing = await store.findByKey(trx, key);
  if (existing && existing.status !== 'ended') {
    if (existing.frequency !== input.frequency) await store.setFrequency(trx, existing.id, input.frequency);
    return ok(existing.id);
  }
  const { maxPerSubscriber } = await loadSubscribeSettings(trx);
  if ((await store.countLive(trx, siteId, subscriberId)) >= maxPerSubscriber) return invalid({ '': `每人最多保留 ${maxPerSubscriber} 项订阅，请先退订不再需要的订阅` });
  if (existing) {
    await store.reactivate(trx, existing.id, input.frequency, status);
    return ok(existing.id);
  }
  return ok(await store.insertSubscription(trx, key, input.frequency, status));
}

/** A signed-in person or organisation subscribes (active at once). */
export async function subscribe(database: Database, siteId: number, accountId: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<number>> {
  const valid = await checkSubscription(database.db, siteId, raw);
  if (!valid.ok) return valid;
  const input = valid.value;
  const contact = await store.accountContact(database.db, accountId);
  if (input.channel === 'sms' && !contact?.mobile) return invalid({ channel: '您的账号没有手机号，不能用短信接收。请先在“账号资料”中填写手机号' });
  if (input.channel === 'email' && !contact?.email) return invalid({ channel: '您的账号没有电子邮箱，不能用邮件接收。请先在“账号资料”中填写电子邮箱' });
  return database.db.transaction().execute(async (trx) => {
    const subscriberId = await store.accountSubscriber(trx, accountId);
    const outcome = await upsert(trx, siteId, subscriberId, input, 'active');
    if (outcome.ok) {
      await appendAudit(trx, actor, { action: 'subscription.create', targetType: 'subscription', targetId: outcome.value, summary: `订阅${describeSubscription(input)}（${howReceived(input)}）` });
    }
    return outcome;
  });
}

/**
 * An anonymous e-mail subscription: pending, with a fresh opt-in token (only its SHA-256 kept).
 * The caller mails the token and answers the same whatever happened, so nobody learns whether
 * an address is subscribed.
 */
export async function subscribeByEmail(database: Database, siteId: number, email: string, raw: Record<string, unknown>, now = new Date()): Promise<Outcome<{ token: string; description: string; hours: number }>> {
  const valid = await checkSubscription(database.db, siteId, { ...raw, channel: 'email' });
  if (!valid.ok) return valid;
  const input = valid.value;
  const { confirmHours } = await loadSubscribeSettings(database.db);
  const token = randomToken();
  return database.db.transaction().execute(async (trx) => {
    const subscriberId = await store.emailSubscriber(trx, email);
    const outcome = await upsert(trx, siteId, subscriberId, input, 'pending');
    // Past the limit the answer is the same as ever, and no mail goes out (the limit is not revealed here).
    if (!outcome.ok) return outcome.errors.value ? outcome : invalid<{ token: string; description: string; hours: number }>({ '': 'limit' });
    await store.setConfirmToken(trx, subscriberId, sha256(token), new Date(now.getTime() + confirmHours * 3_600_000).toISOString());
    return ok({ token, description: describeSubscription(input), hours: confirmHours });
  });
}

/** Follows an opt-in link: every pending subscription of that address becomes active. */
export async function confirm(database: Database, token: string, now = new Date()): Promise<Outcome<{ activated: number }>> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return invalid({ '': 'invalid' });
  return database.db.transaction().execute(async (trx) => {
    const subscriber = await store.findByConfirmHash(trx, sha256(token));
    if (!subscriber) return invalid({ '': 'invalid' });
    if (!subscriber.confirm_expires_at || subscriber.confirm_expires_at < now.toISOString()) return invalid({ '': 'expired' });
    return ok({ activated: await store.markConfirmed(trx, Number(subscriber.id)) });
  });
}

/** A valid token's subscription before it is confirmed (for the confirm page); undefined when invalid or expired. */
export async function confirmTokenIsValid(database: Database, token: string, now = new Date()): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  const subscriber = await store.findByConfirmHash(database.db, sha256(token));
  return Boolean(subscriber?.confirm_expires_at && subscriber.confirm_expires_at >= now.toISOString());
}

export async function listForAccount(db: Queryable, siteId: number, accountId: number): Promise<SubscriptionRow[]> {
  const subscriberId = await store.findAccountSubscriber(db, accountId);
  return subscriberId ? store.listSubscriptions(db, siteId, subscriberId) : [];
}

async function ownSubscription(db: Queryable, siteId: number, accountId: number, id: number): Promise<SubscriptionRow | undefined> {
  const subscriberId = await store.findAccountSubscriber(db, accountId);
  const row = await store.findSubscription(db, id);
  return row && subscriberId !== undefined && row.subscriber_id === subscriberId && row.site_id === siteId && row.status !== 'ended' ? row : undefined;
}

/** Changes how a subscription arrives. A new channel replaces the row (the channel is part of its key). */
export async function changeFrequency(database: Database, siteId: number, accountId: number, id: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<number>> {
  const row = await ownSubscription(database.db, siteId, accountId, id);
  if (!row) return invalid({ '': 'not_found' });
  const parsed = changeSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const { channel, frequency } = parsed.data;
  if (channel === row.channel) {
    if (channel === 'sms' && frequency !== 'immediate') return invalid({ frequency: '短信只能即时接收，不提供汇总' });
    await database.db.transaction().execute(async (trx) => {
      await store.setFrequency(trx, row.id, frequency);
      await appendAudit(trx, actor, { action: 'subscription.change', targetType: 'subscription', targetId: row.id, summary: `${describeSubscription(row)}改为${howReceived({ channel, frequency })}` });
    });
    return ok(row.id);
  }
  const added = await subscribe(database, siteId, accountId, { criterion: row.criterion, value: row.value, channel, frequency }, actor);
  if (!added.ok) return added;
  await database.db.transaction().execute(async (trx) => {
    await store.endSubscriptions(trx, { ids: [row.id] }, 'replaced');
    await appendAudit(trx, actor, { action: 'subscription.replace', targetType: 'subscription', targetId: row.id, summary: `${describeSubscription(row)}改由${howReceived({ channel, frequency })}接收` });
  });
  return ok(added.value);
}

export async function cancelOwn(database: Database, siteId: number, accountId: number, id: number, actor: AuditActor): Promise<Outcome<true>> {
  const row = await ownSubscription(database.db, siteId, accountId, id);
  if (!row) return invalid({ '': 'not_found' });
  await database.db.transaction().execute(async (trx) => {
    await store.endSubscriptions(trx, { ids: [row.id] }, 'unsubscribed');
    await appendAudit(trx, actor, { action: 'subscription.cancel', targetType: 'subscription', targetId: row.id, summary: `退订${describeSubscription(row)}（${howReceived(row)}）` });
  });
  return ok(true);
}

/** When an account closes: every subscription it holds ends. Runs in the caller's transaction. */
export async function endAllForAccount(trx: Queryable, accountId: number, reason = 'account_closed'): Promise<number> {
  const subscriberId = await store.findAccountSubscriber(trx, accountId);
  return subscriberId === undefined ? 0 : store.endSubscriptions(trx, { subscriberId }, reason);
}

/** The live subscriptions an unsubscribe token names (subscription, account or anonymous subscriber). */
export async function unsubscribeTargets(db: Queryable, target: UnsubscribeTarget): Promise<SubscriptionRow[] | undefined> {
  if ('subscriptionId' in target) {
    const row = await store.findSubscription(db, target.subscriptionId);
    return row ? [row].filter((r) => r.status !== 'ended') : undefined;
  }
  if (!/^[as]:\d{1,10}$/.test(target.recipientKey)) return undefined;
  const subscriberId = await subscriberOfRecipient(db, target.recipientKey);
  // A signed key whose subscriber is gone (or never subscribed) has nothing left to end.
  return subscriberId === undefined ? [] : store.listLiveOfSubscriber(db, subscriberId);
}

/** a:<accountId> or s:<subscriberId> (the delivery engine's recipient keys). */
async function subscriberOfRecipient(db: Queryable, key: string): Promise<number | undefined> {
  const match = /^([as]):(\d{1,10})$/.exec(key);
  if (!match) return undefined;
  if (match[1] === 'a') return store.findAccountSubscriber(db, Number(match[2]));
  return (await store.findSubscriber(db, Number(match[2]))) ? Number(match[2]) : undefined;
}

/** One-click unsubscribe; `deliveryId` (the message the link came in) is marked for the statistics. */
export async function unsubscribe(database: Database, target: UnsubscribeTarget, deliveryId?: number): Promise<Outcome<{ ended: number }>> {
  return database.db.transaction().execute(async (trx) => {
    const rows = await unsubscribeTargets(trx, target);
    if (rows === undefined) return invalid({ '': 'not_found' });
    const ended = await store.endSubscriptions(trx, { ids: rows.map((r) => r.id) }, 'unsubscribed');
    if (deliveryId) {
      const subscriptionIds = 'subscriptionId' in target ? [target.subscriptionId] : rows.map((r) => r.id);
      await store.markDeliveryUnsubscribed(trx, deliveryId, { subscriptionIds, recipientKey: 'recipientKey' in target ? target.recipientKey : undefined });
    }
    return ok({ ended });
  });
}
