/**
 * The search index's own tables. search_entries holds what results show and filters use; the
 * plain-text body (for snippets) sits in search_bodies so that the entries table stays small
 * and fast to join. The token index itself is dialect-specific and not typed here: the FTS5
 * table search_fts (SQLite) or search_tokens (id, tsv) with a GIN or RUM index (PostgreSQL).
 */
export interface SearchEntriesTable {
  /** Chosen in publication order (entries-store.ts), not generated. */
  id: number;
  key: string;
  site_id: number;
  kind: string;
  title: string;
  doc_number: string | null;
  /** 文号 with its brackets normalised, for exact lookup. */
  doc_number_norm: string | null;
  index_number: string | null;
  type: string | null;
  /** JSON array of issuing organs. */
  issuers: string;
  theme: string | null;
  validity: string | null;
  year: number | null;
  published_at: string;
  url: string;
  /** JSON array of account ids, or null when public. */
  audience: string | null;
  is_public: number;
}

export interface SearchBodiesTable {
  id: number;
  body: string;
}

export interface SearchTables {
  search_entries: SearchEntriesTable;
  search_bodies: SearchBodiesTable;
}
