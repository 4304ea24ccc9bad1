import type { Generated } from 'kysely';

/** A 精准推送 (C3): one published policy, sent to accounts chosen by tags and kind, after someone else approves it. */
export interface PushesTable {
  id: Generated<number>;
  site_id: number;
  document_id: number;
  title: string;
  /** The short text shown in the inbox (≤ 200 characters). */
  message: string;
  /** JSON PushAudience (tagIds, accountKinds, channels). */
  audience: string;
  /** 1 when the composer confirmed 全体用户 (no tag and no kind condition). */
  audience_all: number;
  /** draft | pending_approval | approved | sent | rejected | cancelled */
  status: string;
  created_by: number;
  approved_by: number | null;
  approval_comment: string;
  /** The audience size when it was approved. */
  recipient_count: number | null;
  event_id: number | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  sent_at: string | null;
}

/** A recipient's 有用 / 没用 on a push: one per account, changeable. */
export interface PushRatingsTable {
  id: Generated<number>;
  push_id: number;
  account_id: number;
  useful: number;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

export interface PushTables {
  pushes: PushesTable;
  push_ratings: PushRatingsTable;
}
