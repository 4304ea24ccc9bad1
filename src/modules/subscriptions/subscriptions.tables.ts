import type { Generated } from 'kysely';

/** C1: the audience-tag vocabulary (行业、企业规模、区域、人群…), managed by admins per site. */
export interface AudienceTagsTable {
  id: Generated<number>;
  site_id: number;
  /** industry | size | district | group (see subscriptions.vocabulary.ts). */
  category: string;
  /** Also what documents.audience_tags (a JSON list of labels) holds. */
  label: string;
  sort: number;
  retired_at: string | null;
  created_at: string;
}

/** Tags an account chose (or staff set) on its profile: the audience of 精准推送. */
export interface AccountAudienceTagsTable {
  account_id: number;
  tag_id: number;
}

/** Who receives: an account (inbox, its e-mail, its mobile) or an anonymous, double-opt-in e-mail address. */
export interface SubscribersTable {
  id: Generated<number>;
  account_id: number | null;
  /** Only for anonymous subscribers; accounts use their own verified address. */
  email: string | null;
  /** Anonymous e-mail: set when the opt-in link was followed. Accounts: set at creation. */
  confirmed_at: string | null;
  confirm_token_hash: string | null;
  confirm_expires_at: string | null;
  created_at: string;
}

/** Match criteria, not a member list (GOV.UK email-alert-api): one criterion, one channel, one frequency. */
export interface SubscriptionsTable {
  id: Generated<number>;
  site_id: number;
  subscriber_id: number;
  /** theme | tag | issuer | type | keyword */
  criterion: string;
  value: string;
  /** inbox | email | sms */
  channel: string;
  /** immediate | daily | weekly */
  frequency: string;
  /** pending (awaiting opt-in) | active | ended */
  status: string;
  created_at: string;
  confirmed_at: string | null;
  ended_at: string | null;
  /** unsubscribed | account_closed | bounced | replaced */
  ended_reason: string | null;
}

/** Something to tell people about: a publication, a 精准推送, a relay package. */
export interface NotifyEventsTable {
  id: Generated<number>;
  site_id: number;
  /** publication | push | relay */
  kind: string;
  /** e.g. publication:<documentId>:v<version>, push:<pushId>: the same happening never makes two events. */
  dedupe_key: string;
  document_id: number | null;
  /** JSON NotifyEventPayload: what matching and every channel need, frozen at creation. */
  payload: string;
  /** matching | matched | done */
  status: string;
  /** Matching proceeds in batches by subscription id; the last id done. */
  match_cursor: number;
  matched_count: number;
  created_at: string;
  matched_at: string | null;
}

/** One row per (event, recipient, channel): the unique key makes delivery idempotent. */
export interface DeliveriesTable {
  id: Generated<number>;
  event_id: number;
  /** a:<accountId> | s:<subscriberId> (anonymous e-mail) | w:<webhookEndpointId> */
  recipient_key: string;
  /** inbox | email | sms | webhook */
  channel: string;
  subscription_id: number | null;
  account_id: number | null;
  /** E-mail address, mobile number or URL, resolved at match time. */
  address: string | null;
  frequency: string;
  /** pending | sending | sent | failed (will retry) | dead | digest (waits for its digest) | digested | skipped */
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  digest_id: number | null;
  created_at: string;
  sent_at: string | null;
  /** Inbox read or e-mail link followed. */
  opened_at: string | null;
  /** The recipient followed this message's unsubscribe link. */
  unsubscribed_at: string | null;
}

/** One digest per recipient, channel and period (daily:YYYY-MM-DD, weekly:YYYY-Www). */
export interface DigestsTable {
  id: Generated<number>;
  recipient_key: string;
  channel: string;
  period: string;
  status: string;
  item_count: number;
  created_at: string;
  sent_at: string | null;
  attempts: Generated<number>;
  /** While 'sending': the end of the lease; while 'pending': when the next attempt is due (null: now). */
  next_attempt_at: string | null;
  last_error: string | null;
}

/** A third-party platform's endpoint: every matching publication is POSTed to it, HMAC-SHA256 signed. */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  site_id: number;
  /** The organisation account that registered it; null when staff registered it. */
  owner_account_id: number | null;
  name: string;
  url: string;
  /** The signing secret, encrypted with the installation key (it must be readable to sign). */
  secret_enc: string;
  /** Optional filter, as a subscription's criterion/value; null: every publication. */
  criterion: string | null;
  value: string | null;
  /** active | disabled */
  status: string;
  consecutive_failures: number;
  disabled_at: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionsTables {
  webhook_endpoints: WebhookEndpointsTable;
  audience_tags: AudienceTagsTable;
  account_audience_tags: AccountAudienceTagsTable;
  subscribers: SubscribersTable;
  subscriptions: SubscriptionsTable;
  notify_events: NotifyEventsTable;
  deliveries: DeliveriesTable;
  digests: DigestsTable;
}
