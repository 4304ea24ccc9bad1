import type { SearchQuery } from './search.types.js';

/*
 * Filters and permissions as index tokens. Every entry also carries tokens such as _pub (public),
 * _aud_7 (visible to account 7), _site_3, _type_规章, _year_2024 …; a query ANDs its words with
 * groups of these (each group an OR of alternatives). Counting, ranking and ordering then stay
 * inside the token index: no join to search_entries for a 100,000-match query. Text tokens never
 * contain "_" (segment.ts turns it into a space), so the two vocabularies cannot collide.
 */

/** FNV-1a, 2 × 32 bits, for values that are not plain words. */
function hash(value: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5) >>> 0;
  }
  return `h${a.toString(36)}${b.toString(36)}`;
}

const WORD = /^[\p{L}\p{N}]+$/u;

/** A filter value as a token suffix: itself when it is one word (most are), else a hash. */
export function valueToken(value: string | number): string {
  const normalized = String(value).normalize('NFKC').toLowerCase().trim();
  return WORD.test(normalized) && normalized.length <= 40 ? normalized : hash(normalized);
}

/** Every public entry carries _pub; every 定向公开 entry _restricted and _aud_<account> per account. */
export const PUBLIC_TOKEN = '_pub';
export const RESTRICTED_TOKEN = '_restricted';
export const audienceToken = (accountId: number): string => `_aud_${accountId}`;

export interface MetaSource {
  site_id: number;
  kind: string;
  type: string | null;
  theme: string | null;
  validity: string | null;
  year: number | null;
  issuers: string;
  audience: string | null;
}

/** The filter tokens of an entry. */
export function metaTokens(row: MetaSource): string[] {
  const audience = row.audience === null ? null : (JSON.parse(row.audience) as number[]);
  const tokens = audience === null ? [PUBLIC_TOKEN] : [RESTRICTED_TOKEN, ...audience.map(audienceToken)];
  tokens.push(`_site_${row.site_id}`, `_kind_${valueToken(row.kind)}`);
  if (row.type !== null) tokens.push(`_type_${valueToken(row.type)}`);
  if (row.theme !== null) tokens.push(`_theme_${valueToken(row.theme)}`);
  if (row.validity !== null) tokens.push(`_valid_${valueToken(row.validity)}`);
  if (row.year !== null) tokens.push(`_year_${row.year}`);
  for (const issuer of JSON.parse(row.issuers) as string[]) tokens.push(`_issuer_${valueToken(issuer)}`);
  return tokens;
}

/**
 * The filter token groups a query requires (permissions apart): every group must match, any
 * token of a group will do. Returns null when the query cannot match anything (no sites).
 */
export function filterGroups(query: SearchQuery): string[][] | null {
  const groups: string[][] = [];
  if (query.siteIds) {
    if (query.siteIds.length === 0) return null;
    groups.push([...new Set(query.siteIds)].map((id) => `_site_${Math.trunc(id)}`));
  }
  if (query.kind) groups.push([`_kind_${valueToken(query.kind)}`]);
  if (query.type) groups.push([`_type_${valueToken(query.type)}`]);
  if (query.theme) groups.push([`_theme_${valueToken(query.theme)}`]);
  if (query.validity) groups.push([`_valid_${valueToken(query.validity)}`]);
  if (query.year !== undefined && query.year !== null) groups.push([`_year_${Math.trunc(query.year)}`]);
  if (query.issuer) groups.push([`_issuer_${valueToken(query.issuer)}`]);
  return groups;
}
