import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { OutgoingNotice, SendOutcome } from '../../../platform/notify/index.js';
import { unsubscribePath } from '../unsubscribe-token.js';
import { clock, isOpenDelivery, loadEvent, type DeliveryDeps, type EventRow, type ExternalChannel } from './deps.js';
import { openPath } from './opens.js';
import { TokenBucket } from './token-bucket.js';

/*
 * E-mail, SMS and webhooks leave the building, so they cannot join our transaction: a delivery is
 * claimed ('sending', next_attempt_at = end of the lease), sent with its id as the far side's
 * idempotency key, then its outcome recorded. A worker killed between send and record leaves
 * the row 'sending'; recovery puts it back after the lease (at-least-once, deduplicated far side).
 */

export interface ClaimedDelivery {
  id: number;
  event_id: number;
  recipient_key: string;
  channel: string;
  subscription_id: number | null;
  account_id: number | null;
  address: string | null;
  attempts: number;
}

/** Claims up to `limit` due deliveries of a channel; PostgreSQL skips rows another worker holds. */
export async function claimDue(deps: DeliveryDeps, channel: ExternalChannel, limit: number): Promise<ClaimedDelivery[]> {
  const now = clock(deps);
  const leaseUntil = new Date(now.getTime() + deps.settings.leaseSeconds * 1000).toISOString();
  const skipLocked = deps.database.kind === 'postgres' ? sql.raw('FOR UPDATE SKIP LOCKED') : sql.raw('');
  const { rows } = await sql<ClaimedDelivery>`
    UPDATE deliveries SET status = 'sending', next_attempt_at = ${leaseUntil}
    WHERE id IN (
      SELECT id FROM deliveries
      WHERE channel = ${channel} AND status IN ('pending', 'failed') AND ${isOpenDelivery()} AND (next_attempt_at IS NULL OR next_attempt_at <= ${now.toISOString()})
      LIMIT ${limit} ${skipLocked})
    RETURNING id, event_id, recipient_key, channel, subscription_id, account_id, address, attempts`.execute(deps.database.db);
  return rows;
}

/** Back-off before the next attempt after `attempts` failed ones: base · 2^(attempts-1). */
export const retryDelayMs = (deps: DeliveryDeps, attempts: number) => deps.settings.backoffSeconds * 1000 * 2 ** (attempts - 1);

/**
 * The columns an attempt's outcome sets, for a delivery or a digest: ok → sent; skipped; retryable
 * → `retryStatus` again after the back-off, until maxAttempts; else dead.
 */
export function outcomeColumns(deps: DeliveryDeps, attemptsBefore: number, outcome: SendOutcome, retryStatus: 'failed' | 'pending') {
  const now = clock(deps);
  const attempts = attemptsBefore + 1;
  if (outcome.ok) return { status: 'sent', sent_at: now.toISOString(), attempts, next_attempt_at: null, last_error: null };
  if ('skipped' in outcome) return { status: 'skipped', attempts, next_attempt_at: null, last_error: outcome.reason.slice(0, 2000) };
  if (outcome.retry && attempts < deps.settings.maxAttempts) {
    const next = new Date(now.getTime() + retryDelayMs(deps, attempts)).toISOString();
    return { status: retryStatus, attempts, next_attempt_at: next, last_error: outcome.error.slice(0, 2000) };
  }
  return { status: 'dead', attempts, next_attempt_at: null, last_error: outcome.error.slice(0, 2000) };
}

export async function recordOutcome(deps: DeliveryDeps, row: ClaimedDelivery, outcome: SendOutcome, db: Queryable = deps.database.db): Promise<void> {
  await db.updateTable('deliveries').set(outcomeColumns(deps, row.attempts, outcome, 'failed')).where('id', '=', row.id).execute();
}

export function noticeFor(deps: DeliveryDeps, event: EventRow, row: ClaimedDelivery): OutgoingNotice {
  const site = deps.site(event.site_id);
  const channel = row.channel as ExternalChannel;
  // Only e-mail links are tracked: an SMS must stay short, a webhook receiver is no reader.
  const url = channel === 'email' ? `${site.base}${openPath(deps.secret, row.id)}` : `${site.base}${event.payload.path}`;
  const unsubscribeUrl = row.subscription_id !== null && channel !== 'webhook' ? `${site.base}${unsubscribePath(deps.secret, { subscriptionId: row.subscription_id })}?d=${row.id}` : null;
  return {
    deliveryId: row.id,
    eventId: event.id,
    channel,
    recipientKey: row.recipient_key,
    accountId: row.account_id,
    address: row.address ?? '',
    siteId: event.site_id,
    siteName: site.name,
    category: event.kind,
    title: event.payload.title,
    summary: event.payload.summary,
    url,
    unsubscribeUrl,
    serviceType: event.payload.serviceType,
    payload: event.payload,
  };
}

const buckets = new Map<string, TokenBucket>();
const warnedMissing = new Set<string>();

/** The notify.send.<channel> job: claims and sends until nothing of this channel is due. */
export async function runSender(deps: DeliveryDeps, channel: ExternalChannel, signal: AbortSignal): Promise<number> {
  const sender = deps.senders[channel];
  if (!sender) {
    // The rows stay pending: configuring the channel later sends them.
    if (!warnedMissing.has(channel)) deps.logger.warn({ channel }, '该渠道未配置发送方，投递保持待发送');
    warnedMissing.add(channel);
    return 0;
  }
  let bucket = buckets.get(channel);
  if (!bucket) buckets.set(channel, (bucket = new TokenBucket(sender.ratePerSecond)));
  const events = new Map<number, EventRow | undefined>();
  let sent = 0;
  while (!signal.aborted) {
    const rows = await claimDue(deps, channel, deps.settings.sendBatch);
    if (!rows.length) break;
    const outcomes = await Promise.all(
      rows.map(async (row): Promise<SendOutcome> => {
        if (!events.has(row.event_id)) events.set(row.event_id, await loadEvent(deps.database, row.event_id));
        const event = events.get(row.event_id);
        if (!event) return { ok: false, retry: false, error: '通知事件不存在' };
        await bucket.take(signal);
        try {
          return await sender.send(noticeFor(deps, event, row), { db: deps.database.db, signal });
        } catch (error) {
          return { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    // One commit for the batch, not one per message: commits, not SMTP, were the limit. A crash
    // before it leaves the batch 'sending'; recovery resends it after the lease (same Message-ID).
    await deps.database.db.transaction().execute(async (trx) => {
      for (const [i, row] of rows.entries()) await recordOutcome(deps, row, outcomes[i]!, trx);
    });
    sent += outcomes.filter((o) => o.ok).length;
  }
  return sent;
}
