import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { NotifyEventPayload } from '../notify-event.js';
import { isOpenDelivery } from './deps.js';

/** Queries behind /console/deliveries: per-event counts and the dead-letter list of one site. */

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'dead', 'skipped', 'digest', 'digested'] as const;

export interface EventSummary {
  id: number;
  kind: string;
  status: string;
  title: string;
  matched: number;
  createdAt: string;
  /** channel → status → count, plus 'opened'. */
  channels: Record<string, Record<string, number>>;
}

export async function recentEvents(db: Queryable, siteId: number, limit: number): Promise<EventSummary[]> {
  const events = await db
    .selectFrom('notify_events')
    .select(['id', 'kind', 'status', 'payload', 'matched_count', 'created_at'])
    .where('site_id', '=', siteId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (!events.length) return [];
  const counts = await db
    .selectFrom('deliveries')
    .select(['event_id', 'channel', 'status'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('opened_at').as('opened')])
    .where('event_id', 'in', events.map((e) => e.id))
    .groupBy(['event_id', 'channel', 'status'])
    .execute();
  return events.map((e) => {
    const channels: EventSummary['channels'] = {};
    for (const c of counts.filter((row) => row.event_id === e.id)) {
      const byStatus = (channels[c.channel] ??= {});
      byStatus[c.status] = (byStatus[c.status] ?? 0) + Number(c.n);
      byStatus.opened = (byStatus.opened ?? 0) + Number(c.opened);
    }
    return { id: e.id, kind: e.kind, status: e.status, title: (JSON.parse(e.payload) as NotifyEventPayload).title, matched: e.matched_count, createdAt: e.created_at, channels };
  });
}

export async function deadLetters(db: Queryable, siteId: number, limit: number) {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('notify_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.event_id', 'd.channel', 'd.recipient_key', 'd.address', 'd.attempts', 'd.last_error', 'e.payload'])
    .where('e.site_id', '=', siteId)
    .where('d.status', '=', 'dead')
    .where(isOpenDelivery('d'))
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}

/** Puts one dead delivery of this site back to pending; false when there is none such. */
export async function redeliver(trx: Queryable, siteId: number, deliveryId: number): Promise<{ channel: string; eventId: number } | undefined> {
  const row = await trx
    .selectFrom('deliveries as d')
    .innerJoin('notify_events as e', 'e.id', 'd.event_id')
    .select(['d.channel', 'd.event_id'])
    .where('d.id', '=', deliveryId)
    .where('e.site_id', '=', siteId)
    .where('d.status', '=', 'dead')
    .executeTakeFirst();
  if (!row) return undefined;
  await sql`UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = NULL, last_error = NULL WHERE id = ${deliveryId} AND status = 'dead'`.execute(trx);
  return { channel: row.channel, eventId: row.event_id };
}

/** A digest belongs to a site when one of its items' events does (a digest of several sites shows on each). */
const digestOfSite = (siteId: number, digestId: 'g.id' | 'digests.id') =>
  sql<boolean>`EXISTS (SELECT 1 FROM deliveries d INNER JOIN notify_events e ON e.id = d.event_id WHERE d.digest_id = ${sql.ref(digestId)} AND e.site_id = ${siteId})`;

/** The dead digests of one site, with the address of their first item. */
export async function deadDigests(db: Queryable, siteId: number, limit: number) {
  return db
    .selectFrom('digests as g')
    .select(['g.id', 'g.channel', 'g.period', 'g.item_count', 'g.attempts', 'g.last_error'])
    .select((eb) => eb.selectFrom('deliveries as d').select('d.address').whereRef('d.digest_id', '=', 'g.id').orderBy('d.id').limit(1).as('address'))
    .where('g.status', '=', 'dead')
    .where(digestOfSite(siteId, 'g.id'))
    .orderBy('g.id', 'desc')
    .limit(limit)
    .execute();
}

/** Puts one dead digest of this site back to pending, due now; false when there is none such. */
export async function redeliverDigest(trx: Queryable, siteId: number, digestId: number): Promise<{ channel: string } | undefined> {
  return trx
    .updateTable('digests')
    .set({ status: 'pending', attempts: 0, next_attempt_at: null, last_error: null })
    .where('id', '=', digestId)
    .where('status', '=', 'dead')
    .where(digestOfSite(siteId, 'digests.id'))
    .returning('channel')
    .executeTakeFirst();
}
