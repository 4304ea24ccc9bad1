import { sql } from 'kysely';
import type { Config } from '../../../config/config.js';
import type { Database } from '../../../platform/db/database.js';
import type { JobLogger, JobQueue } from '../../../platform/jobs/queue.js';
import type { ChannelSenders } from '../../../platform/notify/index.js';
import type { NotifyEventPayload } from '../notify-event.js';

export type DeliverySettings = Config['delivery'];

/** A site as the engine needs it for links and the sender line. */
export interface DeliverySite {
  name: string;
  /** Absolute base URL without a trailing slash. */
  base: string;
}

/** What the engine needs, narrower than Services so a bare worker (crash test, bench) can run it. */
export interface DeliveryDeps {
  database: Database;
  jobs: JobQueue;
  logger: JobLogger;
  settings: DeliverySettings;
  /** Signs open-tracking and unsubscribe links. */
  secret: string;
  senders: ChannelSenders;
  site(siteId: number): DeliverySite;
  now?: () => Date;
}

export const clock = (deps: DeliveryDeps): Date => (deps.now ? deps.now() : new Date());

export const categoryLabels: Record<string, string> = { publication: '政策订阅', push: '精准推送', relay: '政策知识点', digest: '订阅摘要' };

export interface EventRow {
  id: number;
  site_id: number;
  kind: string;
  status: string;
  match_cursor: number;
  matched_count: number;
  payload: NotifyEventPayload;
}

export async function loadEvent(database: Database, eventId: number): Promise<EventRow | undefined> {
  const row = await database.db.selectFrom('notify_events').select(['id', 'site_id', 'kind', 'status', 'match_cursor', 'matched_count', 'payload']).where('id', '=', eventId).executeTakeFirst();
  return row ? { ...row, payload: JSON.parse(row.payload) as NotifyEventPayload } : undefined;
}

export const INBOX_JOB = 'notify.inbox';
export const sendJobName = (channel: string) => `notify.send.${channel}`;
export const EXTERNAL_CHANNELS = ['email', 'sms', 'webhook'] as const;
export type ExternalChannel = (typeof EXTERNAL_CHANNELS)[number];

/**
 * The statuses still in work, or waiting in the dead-letter list. The partial index
 * `deliveries_open` (migration 20261126_0061) holds only these rows, so the millions of 'sent'
 * rows a fan-out leaves never enter it. SQLite uses a partial index only when the query repeats
 * the index's WHERE term word for word, so every query over open work ANDs this exact text.
 */
export const OPEN_DELIVERY_STATUSES = "('pending', 'sending', 'failed', 'digest', 'dead')";
export const isOpenDelivery = (alias?: string) => sql.raw<boolean>(`${alias ? `${alias}.` : ''}status IN ${OPEN_DELIVERY_STATUSES}`);
