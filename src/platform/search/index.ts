import type { Database } from '../db/database.js';
import { PostgresBackend } from './postgres-backend.js';
import { SearchEngine } from './search-index.js';
import { SqliteBackend } from './sqlite-backend.js';

export type { SearchEntry, SearchHit, SearchIndex, SearchQuery, SearchResult } from './search.types.js';
export { prepareEntry, normalizeDocNumber, normalizeIndexNumber } from './prepare.js';
export { escapeHtml, makeSnippet } from './snippet.js';

export interface SearchIndexOptions {
  /** Relevance is computed over at most this many matches, the newest (tests lower it). */
  rankCap?: number;
}

/** The search index for this database: FTS5 on SQLite, tsvector (RUM or GIN) on PostgreSQL. */
export function createSearchIndex(database: Database, options: SearchIndexOptions = {}): SearchEngine {
  const backend =
    database.kind === 'postgres'
      ? new PostgresBackend(database.db, options.rankCap)
      : new SqliteBackend(database.db, options.rankCap);
  return new SearchEngine(database, backend);
}
