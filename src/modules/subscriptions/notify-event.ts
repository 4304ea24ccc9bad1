import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/queue.js';

/*
 * The contract between what happens (a publication, a 精准推送, a relay package) and the delivery
 * engine (./delivery): an event row, frozen payload, and a match job enqueued in the same
 * transaction. The engine defines MATCH_JOB; everything else only calls createNotifyEvent.
 */

export const MATCH_JOB = 'notify.match';

export type Criterion = 'theme' | 'tag' | 'issuer' | 'type' | 'keyword';
export type SubscriptionChannel = 'inbox' | 'email' | 'sms';
export type DeliveryChannel = SubscriptionChannel | 'webhook';
export type Frequency = 'immediate' | 'daily' | 'weekly';

/** Who a 精准推送 (or relay package) goes to: accounts chosen by tags and kind, not by subscription. */
export interface PushAudience {
  /** Accounts having ANY of these tags (empty: no tag condition). */
  tagIds: number[];
  /** person | organization (empty: both). */
  accountKinds: string[];
  /** Explicit recipients (e.g. the organisations subscribed to relay packages); when set, tags and kinds still narrow it. */
  accountIds?: number[];
  /** Channels besides the inbox, used only where the recipient chose them in a subscription. */
  channels: DeliveryChannel[];
}

export interface NotifyEventPayload {
  title: string;
  /** Site-relative path of the page the message links to, e.g. /documents/12. */
  path: string;
  /** One or two sentences for the message body. */
  summary: string;
  documentId: number | null;
  docNumber: string | null;
  issuers: string[];
  type: string | null;
  theme: string | null;
  /** Audience-tag labels of the document. */
  tags: string[];
  /** Title + body text (capped) that keyword subscriptions are matched against. */
  matchText: string;
  /** 服务类政策: the only kind that may go out by SMS. */
  serviceType: boolean;
  publishedAt: string;
  /** Set for push and relay events; publication events match subscriptions instead. */
  audience?: PushAudience;
  pushId?: number;
  relayPackageId?: number;
}

export interface NewNotifyEvent {
  siteId: number;
  kind: 'publication' | 'push' | 'relay';
  dedupeKey: string;
  documentId: number | null;
  payload: NotifyEventPayload;
}

/** Writes the event and enqueues its matching in the caller's transaction; the same dedupeKey twice makes one event. */
export async function createNotifyEvent(trx: Queryable, jobs: JobQueue, event: NewNotifyEvent): Promise<{ id: number; duplicate: boolean }> {
  const inserted = await trx
    .insertInto('notify_events')
    .values({
      site_id: event.siteId, kind: event.kind, dedupe_key: event.dedupeKey, document_id: event.documentId,
      payload: JSON.stringify(event.payload), status: 'matching', match_cursor: 0, matched_count: 0, created_at: nowIso(), matched_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx.selectFrom('notify_events').select('id').where('dedupe_key', '=', event.dedupeKey).executeTakeFirstOrThrow();
    return { id: existing.id, duplicate: true };
  }
  await jobs.enqueue(MATCH_JOB, { eventId: inserted.id }, { trx, idempotencyKey: `${MATCH_JOB}:${inserted.id}` });
  return { id: inserted.id, duplicate: false };
}
