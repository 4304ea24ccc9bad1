import { sql, type ExpressionBuilder } from 'kysely';
import { nowIso, type Queryable } from '../../../platform/db/database.js';
import type { Schema } from '../../../platform/db/schema.js';
import type { JobContext } from '../../../platform/jobs/queue.js';
import type { OutgoingNotice, SendOutcome } from '../../../platform/notify/index.js';
import type { NotifyEventPayload } from '../notify-event.js';
import { unsubscribePath } from '../unsubscribe-token.js';
import { categoryLabels, clock, isOpenDelivery, type DeliveryDeps, type ExternalChannel } from './deps.js';
import { outcomeColumns } from './send.js';

/*
 * Daily and weekly digests: the 'digest' deliveries of one frequency are grouped per recipient
 * and channel into one digests row for the period (unique), and each digest goes out as ONE
 * message. Grouping is one transaction; an inbox digest is written in the same transaction that
 * marks it sent (exactly once); an e-mail / SMS digest is claimed under a lease, sent, then
 * recorded, and retried with back-off up to maxAttempts before it goes to the dead-letter list.
 */

export const DIGEST_JOB = 'notify.digest';
export const DIGEST_SEND_JOB = 'notify.digest.send';
export type DigestFrequency = 'daily' | 'weekly';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** daily:YYYY-MM-DD or weekly:YYYY-Www (Beijing calendar); weekly digests are only built on Mondays (null otherwise). */
export function digestPeriod(frequency: DigestFrequency, at: Date): string | null {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const date = local.toISOString().slice(0, 10);
  if (frequency === 'daily') return `daily:${date}`;
  if (local.getUTCDay() !== 1) return null;
  // ISO 8601 week: the week that holds this week's Thursday.
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 3));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `weekly:${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Groups the waiting deliveries of one frequency into this period's digests; returns how many were grouped. */
export async function groupDigests(trx: Queryable, frequency: DigestFrequency, period: string): Promise<number> {
  const now = nowIso();
  await sql`
    INSERT INTO digests (recipient_key, channel, period, status, item_count, created_at, sent_at)
    SELECT recipient_key, channel, ${period}, 'pending', count(*), ${now}, NULL
    FROM deliveries WHERE status = 'digest' AND ${isOpenDelivery()} AND frequency = ${frequency}
    GROUP BY recipient_key, channel
    ON CONFLICT (recipient_key, channel, period) DO NOTHING`.execute(trx);
  const digestOf = sql`(SELECT g.id FROM digests g WHERE g.recipient_key = deliveries.recipient_key AND g.channel = deliveries.channel AND g.period = ${period})`;
  const result = await sql`
    UPDATE deliveries SET status = 'digested', digest_id = ${digestOf}
    WHERE status = 'digest' AND ${isOpenDelivery()} AND frequency = ${frequency} AND ${digestOf} IS NOT NULL`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** The notify.digest job (daily 08:00, weekly on Monday 08:00 Beijing time). */
export async function runDigest(deps: DeliveryDeps, frequency: DigestFrequency, slot: string, ctx: Pick<JobContext, 'once'>): Promise<void> {
  const period = digestPeriod(frequency, new Date(slot));
  if (!period) return;
  await ctx.once('group', async (trx) => {
    await groupDigests(trx, frequency, period);
    await deps.jobs.enqueue(DIGEST_SEND_JOB, {}, { trx, idempotencyKey: `${DIGEST_SEND_JOB}:${period}` });
  });
}

interface DigestItem {
  id: number;
  account_id: number | null;
  address: string | null;
  site_id: number;
  payload: string;
}

function digestNotice(deps: DeliveryDeps, digest: { id: number; recipient_key: string; channel: string }, items: DigestItem[]): OutgoingNotice {
  const first = items[0]!;
  const site = deps.site(first.site_id);
  const parsed = items.map((i) => JSON.parse(i.payload) as NotifyEventPayload);
  return {
    deliveryId: first.id,
    eventId: 0,
    channel: digest.channel as ExternalChannel,
    recipientKey: digest.recipient_key,
    accountId: first.account_id,
    address: first.address ?? '',
    siteId: first.site_id,
    siteName: site.name,
    category: 'digest',
    title: `${site.name}订阅摘要：${items.length} 条新信息`,
    summary: parsed.map((p) => p.title).join('；').slice(0, 200),
    url: `${site.base}/space/inbox`,
    unsubscribeUrl: `${site.base}${unsubscribePath(deps.secret, { recipientKey: digest.recipient_key })}`,
    serviceType: parsed.every((p) => p.serviceType),
    items: parsed.map((p) => ({ title: p.title, url: `${site.base}${p.path}`, summary: p.summary })),
    payload: { digestId: digest.id },
  };
}

const itemsOf = (db: Queryable, digestId: number) =>
  db
    .selectFrom('deliveries as d')
    .innerJoin('notify_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.account_id', 'd.address', 'e.site_id', 'e.payload'])
    .where('d.digest_id', '=', digestId)
    .orderBy('d.id')
    .execute();

async function sendInboxDigest(deps: DeliveryDeps, digest: { id: number; recipient_key: string; channel: string }): Promise<void> {
  await deps.database.db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('digests').set({ status: 'sent', sent_at: nowIso() }).where('id', '=', digest.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const items = await itemsOf(trx, digest.id);
    const first = items[0];
    if (!first?.account_id) return;
    const titles = items.map((i) => `· ${(JSON.parse(i.payload) as NotifyEventPayload).title}`);
    await trx
      .insertInto('inbox_messages')
      .values({
        site_id: first.site_id, account_id: first.account_id, category: categoryLabels.digest!, title: `订阅摘要：${items.length} 条新信息`,
        body: titles.join('\n'), link: items.length === 1 ? (JSON.parse(first.payload) as NotifyEventPayload).path : null, created_at: nowIso(), read_at: null, delivery_id: null,
      })
      .execute();
  });
}

/** Pending digests whose next attempt has come (null: never tried, or put back by hand). */
export const digestDue = (now: Date) => (eb: ExpressionBuilder<Schema, 'digests'>) =>
  eb.and([eb('status', '=', 'pending'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now.toISOString())])]);

/** As for a single delivery, except that a digest to retry waits as 'pending'. */
async function recordDigestOutcome(deps: DeliveryDeps, digestId: number, attemptsBefore: number, outcome: SendOutcome): Promise<void> {
  await deps.database.db.updateTable('digests').set(outcomeColumns(deps, attemptsBefore, outcome, 'pending')).where('id', '=', digestId).execute();
}

/** Claims the digest under a lease (recovery puts it back if this worker dies), sends it, records the outcome. */
async function sendExternalDigest(deps: DeliveryDeps, digest: { id: number; recipient_key: string; channel: string }, signal: AbortSignal): Promise<void> {
  const sender = deps.senders[digest.channel as ExternalChannel];
  if (!sender) return;
  const now = clock(deps);
  const leaseUntil = new Date(now.getTime() + deps.settings.leaseSeconds * 1000).toISOString();
  const claimed = await deps.database.db
    .updateTable('digests')
    .set({ status: 'sending', next_attempt_at: leaseUntil })
    .where('id', '=', digest.id)
    .where(digestDue(now))
    .returning('attempts')
    .executeTakeFirst();
  if (!claimed) return;
  const items = await itemsOf(deps.database.db, digest.id);
  let outcome: SendOutcome;
  try {
    outcome = items.length ? await sender.send(digestNotice(deps, digest, items), { db: deps.database.db, signal }) : { ok: false, skipped: true, reason: '无内容' };
  } catch (error) {
    outcome = { ok: false, retry: true, error: error instanceof Error ? error.message : String(error) };
  }
  await recordDigestOutcome(deps, digest.id, claimed.attempts, outcome);
}

/** The notify.digest.send job: every due pending digest of a channel that can be sent here. */
export async function runDigestSend(deps: DeliveryDeps, signal: AbortSignal): Promise<void> {
  const channels = ['inbox', ...Object.keys(deps.senders)];
  while (!signal.aborted) {
    const batch = await deps.database.db
      .selectFrom('digests')
      .select(['id', 'recipient_key', 'channel'])
      .where(digestDue(clock(deps)))
      .where('channel', 'in', channels)
      .orderBy('id')
      .limit(deps.settings.sendBatch)
      .execute();
    if (!batch.length) return;
    for (const digest of batch) {
      if (digest.channel === 'inbox') await sendInboxDigest(deps, digest);
      else await sendExternalDigest(deps, digest, signal);
    }
  }
}
