import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';

/** Delivery numbers of one channel (of one push, or of one kind of event in a period). */
export interface ChannelStats {
  channel: string;
  matched: number;
  sent: number;
  pending: number;
  failed: number;
  dead: number;
  skipped: number;
  opened: number;
  unsubscribed: number;
}

const counts = {
  matched: sql<number>`count(*)`,
  // A digested delivery went out inside its digest.
  sent: sql<number>`sum(case when d.status in ('sent', 'digested') then 1 else 0 end)`,
  pending: sql<number>`sum(case when d.status in ('pending', 'sending', 'digest') then 1 else 0 end)`,
  failed: sql<number>`sum(case when d.status = 'failed' then 1 else 0 end)`,
  dead: sql<number>`sum(case when d.status = 'dead' then 1 else 0 end)`,
  skipped: sql<number>`sum(case when d.status = 'skipped' then 1 else 0 end)`,
  opened: sql<number>`count(d.opened_at)`,
  unsubscribed: sql<number>`count(d.unsubscribed_at)`,
};
const keys = Object.keys(counts) as (keyof typeof counts)[];

const numbers = <R extends Record<string, unknown>>(row: R) =>
  Object.fromEntries(keys.map((k) => [k, Number(row[k] ?? 0)])) as Omit<ChannelStats, 'channel'>;

const channelOrder = ['inbox', 'email', 'sms', 'webhook'];
const byChannel = (a: { channel: string }, b: { channel: string }) => channelOrder.indexOf(a.channel) - channelOrder.indexOf(b.channel);

export async function pushChannelStats(db: Queryable, eventId: number | null): Promise<ChannelStats[]> {
  if (eventId === null) return [];
  const rows = await db
    .selectFrom('deliveries as d')
    .select((eb) => [eb.ref('d.channel').as('channel'), ...keys.map((k) => counts[k].as(k))])
    .where('d.event_id', '=', eventId)
    .groupBy('d.channel')
    .execute();
  return rows.map((r) => ({ channel: r.channel, ...numbers(r) })).sort(byChannel);
}

export async function pushRatingStats(db: Queryable, pushId: number): Promise<{ useful: number; notUseful: number }> {
  const rows = await db.selectFrom('push_ratings').select(['useful', (eb) => eb.fn.countAll<number>().as('n')]).where('push_id', '=', pushId).groupBy('useful').execute();
  const of = (u: number) => Number(rows.find((r) => Number(r.useful) === u)?.n ?? 0);
  return { useful: of(1), notUseful: of(0) };
}

/** Publication and push events since a date, per kind and channel. */
export async function recentEventStats(db: Queryable, siteId: number, since: string): Promise<(ChannelStats & { kind: string; events: number })[]> {
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('notify_events as e', 'e.id', 'd.event_id')
    .select((eb) => [eb.ref('e.kind').as('kind'), eb.ref('d.channel').as('channel'), sql<number>`count(distinct e.id)`.as('events'), ...keys.map((k) => counts[k].as(k))])
    .where('e.site_id', '=', siteId)
    .where('e.created_at', '>=', since)
    .groupBy(['e.kind', 'd.channel'])
    .execute();
  return rows
    .map((r) => ({ kind: r.kind, channel: r.channel, events: Number(r.events), ...numbers(r) }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || byChannel(a, b));
}

/** How many events of each kind were created since the date (with or without deliveries). */
export async function recentEventCounts(db: Queryable, siteId: number, since: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('notify_events')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('site_id', '=', siteId)
    .where('created_at', '>=', since)
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}
