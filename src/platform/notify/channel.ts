import type { Queryable } from '../db/database.js';

/*
 * One interface for the channels that leave the building (e-mail, SMS, webhooks). The inbox is
 * written by the delivery engine inside its own transaction, so it is exactly-once by
 * construction; these calls cannot join a transaction, so each carries the delivery id as an
 * idempotency key the far side can use (Message-ID, SMS OutId, X-Gongkai-Delivery header).
 */

export interface OutgoingNotice {
  deliveryId: number;
  eventId: number;
  channel: 'email' | 'sms' | 'webhook';
  recipientKey: string;
  accountId: number | null;
  /** E-mail address, mobile number or webhook endpoint id, as resolved at match time. */
  address: string;
  siteId: number;
  siteName: string;
  /** publication | push | relay | digest */
  category: string;
  title: string;
  summary: string;
  /** Absolute URL of the page (with a tracking parameter for opens where the engine wants one). */
  url: string;
  /** Absolute one-click unsubscribe URL (null for push messages to accounts and for webhooks). */
  unsubscribeUrl: string | null;
  serviceType: boolean;
  /** A digest lists several items. */
  items?: { title: string; url: string; summary: string }[];
  /** The event's payload, for webhooks that forward it whole. */
  payload: unknown;
}

export type SendOutcome =
  | { ok: true; providerMessageId?: string }
  /** retry: false means the address itself is bad (a permanent failure). */
  | { ok: false; retry: boolean; error: string }
  /** Not sent on purpose (e.g. the daily SMS cap, a non-service policy by SMS). */
  | { ok: false; skipped: true; reason: string };

export interface ChannelSender {
  readonly channel: 'email' | 'sms' | 'webhook';
  /** Messages per second this channel may send from one process. */
  readonly ratePerSecond: number;
  send(notice: OutgoingNotice, context: { db: Queryable; signal: AbortSignal }): Promise<SendOutcome>;
}
