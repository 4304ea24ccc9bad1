import { relaxQuery, segmentForIndex, segmentQuery } from '../text/segment.js';
import type { SearchEntry, SearchQuery } from './search.types.js';

/** An entry turned into what both index implementations store. */
export interface PreparedEntry {
  key: string;
  row: {
    key: string;
    site_id: number;
    kind: string;
    title: string;
    doc_number: string | null;
    doc_number_norm: string | null;
    index_number: string | null;
    type: string | null;
    issuers: string;
    theme: string | null;
    validity: string | null;
    year: number | null;
    published_at: string;
    url: string;
    audience: string | null;
    is_public: number;
  };
  body: string;
  /** Tokens of the title and the 文号 (weighted high). */
  titleTokens: string[];
  bodyTokens: string[];
}

const OPENING = /[[(【〔{［（｛〖]/g;
const CLOSING = /[\])】〕}］）｝〗]/g;

/** 文号 for exact comparison: NFKC, no spaces, every bracket pair becomes 〔〕, Latin lower case. */
export function normalizeDocNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').replace(OPENING, '〔').replace(CLOSING, '〕').toLowerCase();
}

/** 索引号 for exact comparison: NFKC, no spaces, upper case. */
export function normalizeIndexNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const blankToNull = (value: string | null | undefined): string | null => (value && value.trim() ? value.trim() : null);

export function prepareEntry(entry: SearchEntry): PreparedEntry {
  const docNumber = blankToNull(entry.docNumber);
  const indexNumber = blankToNull(entry.indexNumber);
  const audience = entry.audience === null ? null : [...new Set(entry.audience)].sort((a, b) => a - b);
  return {
    key: entry.key,
    row: {
      key: entry.key,
      site_id: entry.siteId,
      kind: entry.kind,
      title: entry.title,
      doc_number: docNumber,
      doc_number_norm: docNumber ? normalizeDocNumber(docNumber) : null,
      index_number: indexNumber ? normalizeIndexNumber(indexNumber) : null,
      type: blankToNull(entry.type),
      issuers: JSON.stringify(entry.issuers ?? []),
      theme: blankToNull(entry.theme),
      validity: blankToNull(entry.validity),
      year: entry.year ?? null,
      published_at: entry.publishedAt,
      url: entry.url,
      audience: audience === null ? null : JSON.stringify(audience),
      is_public: audience === null ? 1 : 0,
    },
    body: entry.body,
    titleTokens: [...segmentForIndex(entry.title), ...(docNumber ? segmentForIndex(docNumber) : [])],
    bodyTokens: segmentForIndex(entry.body),
  };
}

/** What a query string means to the index. */
export interface ParsedQuery {
  /** Precise-mode words, matched with AND. Empty when the query has no words. */
  words: string[];
  /** A looser AND of shorter words, tried when `words` finds nothing; null when not looser. */
  relaxed: string[] | null;
  /** Values for the exact 文号 / 索引号 lookup, when the query could be one. */
  exact: { docNumber: string; indexNumber: string } | null;
}

export function parseQuery(q: string): ParsedQuery {
  const words = segmentQuery(q);
  const relaxedWords = relaxQuery(words);
  const relaxed = relaxedWords.join(' ') === words.join(' ') ? null : relaxedWords;
  const trimmed = q.trim();
  // 文号 and 索引号 always carry digits; anything else skips the (cheap, indexed) lookup.
  const exact = trimmed.length <= 100 && /\p{N}/u.test(trimmed) ? { docNumber: normalizeDocNumber(trimmed), indexNumber: normalizeIndexNumber(trimmed) } : null;
  return { words, relaxed, exact };
}

export const MAX_PAGE_SIZE = 50;

export function paging(query: SearchQuery): { limit: number; offset: number } {
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? 10)));
  const page = Math.min(1000, Math.max(1, Math.floor(query.page ?? 1)));
  return { limit: size, offset: (page - 1) * size };
}

/** Words to highlight, longest first; single characters only when there is nothing longer. */
export function highlightWords(words: string[]): string[] {
  const long = words.filter((w) => [...w].length >= 2);
  return [...new Set(long.length > 0 ? long : words)].sort((a, b) => b.length - a.length);
}
