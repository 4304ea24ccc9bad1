import type { Generated } from 'kysely';

/** 主题库: a curated page of policies, interpretations, FAQ entries and service links. */
export interface CollectionsTable {
  id: Generated<number>;
  site_id: number;
  /** The public address: /topics/:slug. */
  slug: string;
  title: string;
  summary: string;
  /** 0 while being prepared; only published collections appear at /topics. */
  published: number;
  /** The inspection warns when neither content nor a review touched the collection for this many days. */
  stale_after_days: number;
  /** Last "checked, still accurate" by staff (resets the staleness clock without changing content). */
  reviewed_at: string | null;
  created_by: number | null;
  created_at: string;
  /** Last change of the collection or any of its items. */
  updated_at: string;
}

export interface CollectionItemsTable {
  id: Generated<number>;
  collection_id: number;
  position: number;
  /** 'document' | 'faq' | 'link'. */
  kind: string;
  document_id: number | null;
  /** FAQ question or service-link title ('' for documents). */
  title: string;
  /** FAQ answer (plain text). */
  body: string;
  /** Service-link address. */
  url: string;
  created_at: string;
}

export interface InspectionRunsTable {
  id: Generated<number>;
  site_id: number;
  /** 'schedule' | 'manual'. */
  trigger: string;
  started_at: string;
  collections: number;
  errors: number;
  warnings: number;
}

export interface InspectionFindingsTable {
  id: Generated<number>;
  run_id: number;
  collection_id: number;
  item_id: number | null;
  /** 'error' | 'warning'. */
  severity: string;
  code: string;
  message: string;
  suggested_fix: string;
}

export interface CollectionsTables {
  collections: CollectionsTable;
  collection_items: CollectionItemsTable;
  inspection_runs: InspectionRunsTable;
  inspection_findings: InspectionFindingsTable;
}
