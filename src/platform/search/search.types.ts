import type { Queryable } from '../db/database.js';

/** One searchable thing. Any module feeds the index: documents now, FAQs and consultations later. */
export interface SearchEntry {
  /** Unique across the index, e.g. 'document:123'. */
  key: string;
  siteId: number;
  /** 'document' | 'interpretation' | … */
  kind: string;
  title: string;
  /** Plain text. */
  body: string;
  /** 文号: searchable exactly (brackets normalised) and as tokens. */
  docNumber?: string | null;
  /** 索引号: exact match. */
  indexNumber?: string | null;
  type?: string | null;
  issuers?: string[];
  theme?: string | null;
  validity?: string | null;
  year?: number | null;
  /** ISO timestamp. */
  publishedAt: string;
  url: string;
  /** null = public; otherwise the account ids allowed to see it (定向公开). */
  audience: number[] | null;
}

export interface SearchQuery {
  q: string;
  /** undefined = every site (city-wide). */
  siteIds?: number[];
  kind?: string;
  type?: string;
  issuer?: string;
  year?: number;
  validity?: string;
  theme?: string;
  order?: 'relevance' | 'date';
  /** 1-based. */
  page?: number;
  /** Default 10, at most 50. */
  pageSize?: number;
  viewerAccountId?: number | null;
}

export interface SearchHit {
  key: string;
  /** The site the entry belongs to (a city-wide search spans several). */
  siteId: number;
  title: string;
  docNumber: string | null;
  publishedAt: string;
  url: string;
  /** HTML-escaped text with <mark>…</mark> around matched words. */
  snippet: string;
}

export interface SearchResult {
  total: number;
  items: SearchHit[];
}

export interface SearchIndex {
  /** Adds or replaces the entry with this key, inside the caller's transaction. */
  upsert(db: Queryable, entry: SearchEntry): Promise<void>;
  remove(db: Queryable, key: string): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
}
