import { sql, type RawBuilder, type Transaction } from 'kysely';
import { nowIso, type Queryable } from '../../../platform/db/database.js';
import type { Schema } from '../../../platform/db/schema.js';
import type { JobContext } from '../../../platform/jobs/queue.js';
import type { NotifyEventPayload, PushAudience } from '../notify-event.js';
import { pushAudienceQuery } from './audience.js';
import { EXTERNAL_CHANNELS, INBOX_JOB, isOpenDelivery, loadEvent, sendJobName, type DeliveryDeps, type EventRow } from './deps.js';
import { insertInboxMessages } from './inbox.js';

/*
 * Matching: an event against subscriptions (publication) or an audience (push, relay), in
 * batches of ascending subscription / account id. Each batch is one INSERT … SELECT … ON
 * CONFLICT DO NOTHING, the inbox messages of its immediate inbox rows (born 'sent') and the
 * cursor move, in one transaction: a crash loses at most the open batch, and the unique
 * (event, recipient, channel) key absorbs a batch run twice.
 */

/** The values a publication matches, resolved once per run (keyword hits are tested in JS). */
export interface PublicationCriteria {
  theme: string | null;
  type: string | null;
  issuers: string[];
  tags: string[];
  keywords: string[];
}

const DELIVERY_COLUMNS = sql.raw(
  'event_id, recipient_key, channel, subscription_id, account_id, address, frequency, status, attempts, next_attempt_at, last_error, digest_id, created_at, sent_at, opened_at, unsubscribed_at',
);
const ON_CONFLICT = sql.raw('ON CONFLICT (event_id, recipient_key, channel) DO NOTHING');
const text = (column: RawBuilder<unknown>) => sql`CAST(${column} AS TEXT)`;

export async function publicationCriteria(db: Queryable, siteId: number, payload: NotifyEventPayload): Promise<PublicationCriteria> {
  const keywordRows = await db
    .selectFrom('subscriptions')
    .select('value')
    .distinct()
    .where('site_id', '=', siteId)
    .where('criterion', '=', 'keyword')
    .where('status', '=', 'active')
    .execute();
  const haystack = payload.matchText.toLowerCase();
  const keywords = keywordRows.map((r) => r.value).filter((k) => k.trim() && haystack.includes(k.trim().toLowerCase()));
  // A tag subscription may name the label or the tag's id: accept both.
  const tagIds = payload.tags.length
    ? await db.selectFrom('audience_tags').select('id').where('site_id', '=', siteId).where('label', 'in', payload.tags).execute()
    : [];
  return { theme: payload.theme, type: payload.type, issuers: payload.issuers, tags: [...payload.tags, ...tagIds.map((t) => String(t.id))], keywords };
}

/** (criterion, value) columns against the event: the one rule for subscriptions and webhook filters. */
function criterionRule(criterion: RawBuilder<unknown>, value: RawBuilder<unknown>, c: PublicationCriteria): RawBuilder<unknown> {
  const terms: RawBuilder<unknown>[] = [];
  if (c.theme) terms.push(sql`(${criterion} = 'theme' AND ${value} = ${c.theme})`);
  if (c.type) terms.push(sql`(${criterion} = 'type' AND ${value} = ${c.type})`);
  const list = (name: string, values: string[]) => {
    if (values.length) terms.push(sql`(${criterion} = ${name} AND ${value} IN (${sql.join(values)}))`);
  };
  list('issuer', c.issuers);
  list('tag', c.tags);
  list('keyword', c.keywords);
  return terms.length ? sql`(${sql.join(terms, sql` OR `)})` : sql`(1 = 0)`;
}

/**
 * Several subscriptions of one person may match one event on one channel; the most frequent wins
 * (immediate over daily over weekly), whichever batch each falls in. Only a digest subscription
 * looks for a better one, so the common immediate case costs nothing more.
 */
const frequencyRank = (alias: string) => sql.raw(`CASE ${alias}.frequency WHEN 'immediate' THEN 0 WHEN 'daily' THEN 1 ELSE 2 END`);

const affected = (result: { numAffectedRows?: bigint }) => Number(result.numAffectedRows ?? 0n);

async function matchSubscriptions(trx: Queryable, event: EventRow, c: PublicationCriteria, cursor: number, upper: number): Promise<number> {
  const s = (column: string) => sql.raw(`s.${column}`);
  const now = nowIso();
  const result = await sql`
    INSERT INTO deliveries (${DELIVERY_COLUMNS})
    SELECT ${event.id},
      CASE WHEN sb.account_id IS NULL THEN 's:' || ${text(sql.raw('sb.id'))} ELSE 'a:' || ${text(sql.raw('sb.account_id'))} END,
      s.channel, s.id, sb.account_id,
      CASE s.channel WHEN 'email' THEN COALESCE(a.email, sb.email) WHEN 'sms' THEN a.mobile ELSE NULL END,
      s.frequency,
      CASE WHEN s.frequency <> 'immediate' THEN 'digest' WHEN s.channel = 'inbox' THEN 'sent' ELSE 'pending' END,
      CASE WHEN s.frequency = 'immediate' AND s.channel = 'inbox' THEN 1 ELSE 0 END,
      NULL, NULL, NULL, ${now},
      CASE WHEN s.frequency = 'immediate' AND s.channel = 'inbox' THEN ${now} ELSE NULL END,
      NULL, NULL
    FROM subscriptions s
    JOIN subscribers sb ON sb.id = s.subscriber_id
    LEFT JOIN accounts a ON a.id = sb.account_id
    WHERE s.id > ${cursor} AND s.id <= ${upper} AND s.site_id = ${event.site_id} AND s.status = 'active'
      AND (sb.account_id IS NULL OR a.status = 'active')
      AND (s.channel <> 'inbox' OR sb.account_id IS NOT NULL)
      AND ${criterionRule(s('criterion'), s('value'), c)}
      AND (s.frequency = 'immediate' OR NOT EXISTS (
        SELECT 1 FROM subscriptions s2
        WHERE s2.subscriber_id = s.subscriber_id AND s2.site_id = s.site_id AND s2.channel = s.channel AND s2.status = 'active'
          AND ${frequencyRank('s2')} < ${frequencyRank('s')} AND ${criterionRule(sql.raw('s2.criterion'), sql.raw('s2.value'), c)}))
    ORDER BY s.id
    ${ON_CONFLICT}`.execute(trx);
  return affected(result);
}

async function matchWebhooks(trx: Queryable, event: EventRow, c: PublicationCriteria): Promise<number> {
  const result = await sql`
    INSERT INTO deliveries (${DELIVERY_COLUMNS})
    SELECT ${event.id}, 'w:' || ${text(sql.raw('w.id'))}, 'webhook', NULL, w.owner_account_id, ${text(sql.raw('w.id'))},
      'immediate', 'pending', 0, NULL, NULL, NULL, ${nowIso()}, NULL, NULL, NULL
    FROM webhook_endpoints w
    WHERE w.site_id = ${event.site_id} AND w.status = 'active'
      AND (w.criterion IS NULL OR ${criterionRule(sql.raw('w.criterion'), sql.raw('w.value'), c)})
    ${ON_CONFLICT}`.execute(trx);
  return affected(result);
}

/**
 * A push or relay package goes to the audience's inboxes, and on e-mail / SMS only to those who
 * chose that channel in an active subscription on this site (any criterion): the simple rule.
 */
async function matchAudience(trx: Queryable, event: EventRow, audience: PushAudience, cursor: number, upper: number): Promise<number> {
  const accounts = pushAudienceQuery(trx, audience).where('accounts.id', '>', cursor).where('accounts.id', '<=', upper);
  const now = nowIso();
  let inserted = affected(
    await sql`
      INSERT INTO deliveries (${DELIVERY_COLUMNS})
      SELECT ${event.id}, 'a:' || ${text(sql.raw('a.id'))}, 'inbox', NULL, a.id, NULL, 'immediate', 'sent', 1, NULL, NULL, NULL, ${now}, ${now}, NULL, NULL
      FROM ${accounts} AS a WHERE 1 = 1
      ${ON_CONFLICT}`.execute(trx),
  );
  for (const channel of audience.channels.filter((ch): ch is 'email' | 'sms' => ch === 'email' || ch === 'sms')) {
    const address = sql.raw(channel === 'email' ? 'a.email' : 'a.mobile');
    inserted += affected(
      await sql`
        INSERT INTO deliveries (${DELIVERY_COLUMNS})
        SELECT ${event.id}, 'a:' || ${text(sql.raw('a.id'))}, ${channel}, NULL, a.id, ${address}, 'immediate', 'pending', 0, NULL, NULL, NULL, ${now}, NULL, NULL, NULL
        FROM ${accounts} AS a
        WHERE ${address} IS NOT NULL AND EXISTS (
          SELECT 1 FROM subscribers sb JOIN subscriptions s ON s.subscriber_id = sb.id
          WHERE sb.account_id = a.id AND s.site_id = ${event.site_id} AND s.channel = ${channel} AND s.status = 'active')
        ${ON_CONFLICT}`.execute(trx),
    );
  }
  return inserted;
}

/** The last id of the next batch of candidates (subscriptions, or audience accounts), or null past the end. */
async function nextUpper(trx: Queryable, event: EventRow, cursor: number, batch: number): Promise<number | null> {
  const audience = event.payload.audience;
  const ids = audience
    ? pushAudienceQuery(trx, audience).clearSelect().select('accounts.id as id').where('accounts.id', '>', cursor).orderBy('accounts.id').limit(batch)
    : trx.selectFrom('subscriptions').select('id').where('id', '>', cursor).orderBy('id').limit(batch);
  const row = await trx.selectFrom(ids.as('b')).select((eb) => eb.fn.max('b.id').as('upper')).executeTakeFirst();
  return row?.upper === null || row?.upper === undefined ? null : Number(row.upper);
}

async function lastDeliveryId(trx: Queryable): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM deliveries`.execute(trx);
  return Number(rows[0]?.id ?? 0);
}

/** One batch (or, past the last one, the finish); a no-op when another runner has moved the cursor. */
async function matchStep(deps: DeliveryDeps, trx: Transaction<Schema>, event: EventRow, criteria: PublicationCriteria | null, cursor: number): Promise<void> {
  const locked = deps.database.kind === 'postgres' ? sql.raw(' FOR UPDATE') : sql.raw('');
  const { rows } = await sql<{ status: string; match_cursor: number }>`SELECT status, match_cursor FROM notify_events WHERE id = ${event.id}${locked}`.execute(trx);
  const current = rows[0];
  if (!current || current.status !== 'matching' || Number(current.match_cursor) !== cursor) return;
  const upper = await nextUpper(trx, event, cursor, deps.settings.matchBatch);
  if (upper !== null) {
    // Ids only grow and this event's batches run one at a time (the lock above; SQLite has one
    // writer), so the batch's rows are those of the event above the largest id seen before it.
    const before = await lastDeliveryId(trx);
    const inserted = event.payload.audience ? await matchAudience(trx, event, event.payload.audience, cursor, upper) : await matchSubscriptions(trx, event, criteria!, cursor, upper);
    await insertInboxMessages(trx, event, sql`d.id > ${before} AND d.status = 'sent'`);
    await enqueueBatchSenders(deps, trx, event.id, before);
    await sql`UPDATE notify_events SET match_cursor = ${upper}, matched_count = matched_count + ${inserted} WHERE id = ${event.id}`.execute(trx);
    return;
  }
  const webhooks = criteria ? await matchWebhooks(trx, event, criteria) : 0;
  await sql`UPDATE notify_events SET status = 'matched', matched_at = ${nowIso()}, matched_count = matched_count + ${webhooks} WHERE id = ${event.id}`.execute(trx);
  await enqueueSending(deps, trx, event.id);
}

const hasDeliveries = async (trx: Queryable, eventId: number, channel: string) =>
  !!(await trx.selectFrom('deliveries').select('id').where('event_id', '=', eventId).where('channel', '=', channel).limit(1).executeTakeFirst());

const hasPendingInbox = async (trx: Queryable, eventId: number) =>
  !!(await trx
    .selectFrom('deliveries')
    .select('id')
    .where('channel', '=', 'inbox')
    .where('status', '=', 'pending')
    .where(isOpenDelivery())
    .where('event_id', '=', eventId)
    .limit(1)
    .executeTakeFirst());

/**
 * E-mail and SMS need not wait for the last batch: a batch that made rows of a channel wakes
 * its sender at once (a sender drains every due row of the channel, whatever batch made it).
 */
async function enqueueBatchSenders(deps: DeliveryDeps, trx: Queryable, eventId: number, before: number): Promise<void> {
  for (const channel of EXTERNAL_CHANNELS) {
    const made = await trx.selectFrom('deliveries').select('id').where('event_id', '=', eventId).where('channel', '=', channel).where('id', '>', before).where('status', '=', 'pending').limit(1).executeTakeFirst();
    if (made) await deps.jobs.enqueue(sendJobName(channel), {}, { trx, idempotencyKey: `${sendJobName(channel)}:event:${eventId}:after:${before}` });
  }
}

/** The inbox writer (only for inbox rows still pending) and the senders of the channels this event uses; their keys make a second enqueue a no-op. */
export async function enqueueSending(deps: DeliveryDeps, trx: Queryable, eventId: number): Promise<void> {
  if (await hasPendingInbox(trx, eventId)) await deps.jobs.enqueue(INBOX_JOB, { eventId }, { trx, idempotencyKey: `${INBOX_JOB}:${eventId}` });
  for (const channel of EXTERNAL_CHANNELS) {
    if (!(await hasDeliveries(trx, eventId, channel))) continue;
    await deps.jobs.enqueue(sendJobName(channel), {}, { trx, idempotencyKey: `${sendJobName(channel)}:event:${eventId}` });
  }
}

/** The notify.match job: every batch, then the finish. Safe to run twice, in parallel or after a crash. */
export async function runMatch(deps: DeliveryDeps, eventId: number, ctx: Pick<JobContext, 'once' | 'signal'>): Promise<void> {
  const first = await loadEvent(deps.database, eventId);
  if (!first || first.status !== 'matching') return;
  const criteria = first.payload.audience ? null : await publicationCriteria(deps.database.db, first.site_id, first.payload);
  for (;;) {
    if (ctx.signal.aborted) throw new Error('匹配被中止，稍后重试');
    const event = await loadEvent(deps.database, eventId);
    if (!event || event.status !== 'matching') return;
    await ctx.once(`batch:${event.match_cursor}`, (trx) => matchStep(deps, trx, event, criteria, event.match_cursor));
  }
}
