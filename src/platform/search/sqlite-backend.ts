import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import type { TokenWriter } from './entries-store.js';
import { audienceToken, filterGroups, metaTokens, PUBLIC_TOKEN, RESTRICTED_TOKEN } from './meta-tokens.js';
import type { PreparedEntry } from './prepare.js';
import type { Found, Page, SearchBackend } from './search-index.js';
import type { SearchQuery } from './search.types.js';

/*
 * SQLite: the contentless FTS5 table search_fts(title, body, meta) holds the jieba tokens and
 * the filter tokens (meta-tokens.ts); its rowid is the entry id, in publication order. So
 * counting, filtering and permissions never leave FTS5, and "newest first" is FTS5's own
 * descending rowid order. Relevance is bm25 with the title (and 文号) weighted 10 : 1 over the
 * body; bm25 over every match of a word found in all 100,000 documents costs ~100 ms, hence
 * the cap on how many matches are ranked (see match()).
 */

export const TITLE_WEIGHT = 10;
export const RANK_CAP = 2000;

/** An FTS5 string literal: quoted, so no operator can be injected. */
const quote = (token: string): string => `"${token.replace(/"/g, '""')}"`;

const anyOf = (group: string[]): string => (group.length === 1 ? quote(group[0]!) : `(${group.map(quote).join(' OR ')})`);

/**
 * The FTS5 query: every word, every filter group (alternatives ORed), and the viewer's
 * permission. With words, permission is a NOT over the few restricted entries rather than an
 * AND with _pub: bm25 scans the whole doclist of every phrase in the query to weigh it, and
 * _pub's doclist is the whole index.
 */
export function ftsQuery(words: string[], groups: string[][] = [], viewer?: number | null): string {
  const parts = [...words.map(quote), ...groups.map(anyOf)];
  if (viewer === undefined) return parts.join(' AND ');
  if (words.length === 0) return [...parts, anyOf([PUBLIC_TOKEN, ...(viewer === null ? [] : [audienceToken(viewer)])])].join(' AND ');
  const hidden = viewer === null ? quote(RESTRICTED_TOKEN) : `(${quote(RESTRICTED_TOKEN)} NOT ${quote(audienceToken(viewer))})`;
  return `(${parts.join(' AND ')}) NOT ${hidden}`;
}

const sqliteTokens: TokenWriter = {
  async insert(db: Queryable, rows: { id: number; entry: PreparedEntry }[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map(
      ({ id, entry }) =>
        sql`(${id}, ${entry.titleTokens.join(' ')}, ${entry.bodyTokens.join(' ')}, ${metaTokens(entry.row).join(' ')})`,
    );
    await sql`insert into search_fts (rowid, title, body, meta) values ${sql.join(values)}`.execute(db);
  },
  async remove(db: Queryable, ids: number[]): Promise<void> {
    if (ids.length > 0) await sql`delete from search_fts where rowid in (${sql.join(ids)})`.execute(db);
  },
};

/** One search's FTS5 condition, and the four reads the capped ranking needs. */
class SqliteMatcher {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly where: RawBuilder<unknown>,
  ) {}

  private async ids(query: RawBuilder<unknown>): Promise<number[]> {
    const { rows } = await sql<{ id: number }>`${query}`.execute(this.db);
    return rows.map((r) => r.id);
  }

  async count(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*) as n from search_fts where ${this.where}`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }

  newest(page: Page, before?: number): Promise<number[]> {
    const below = before === undefined ? sql`` : sql` and rowid < ${before}`;
    return this.ids(sql`select rowid as id from search_fts where ${this.where}${below}
      order by rowid desc limit ${page.limit} offset ${page.offset}`);
  }

  async nth(n: number): Promise<number | null> {
    const [id] = await this.ids(sql`select rowid as id from search_fts where ${this.where} order by rowid desc limit 1 offset ${n - 1}`);
    return id ?? null;
  }

  ranked(page: Page, from?: number): Promise<number[]> {
    const above = from === undefined ? sql`` : sql` and rowid >= ${from}`;
    return this.ids(sql`select rowid as id from search_fts where ${this.where}${above}
      order by bm25(search_fts, ${sql.lit(TITLE_WEIGHT)}, 1.0, 0.0), rowid desc limit ${page.limit} offset ${page.offset}`);
  }
}

export class SqliteBackend implements SearchBackend {
  readonly tokens = sqliteTokens;

  constructor(
    private readonly db: Kysely<Schema>,
    readonly rankCap = RANK_CAP,
  ) {}

  /**
   * Relevance over every match when there are at most rankCap; otherwise over the newest
   * rankCap matches, followed by the older ones newest first.
   */
  async match(query: SearchQuery, words: string[], page: Page, excludeIds: number[]): Promise<Found> {
    const groups = filterGroups(query);
    if (!groups) return { total: 0, ids: [] };
    const viewer = query.viewerAccountId === undefined || query.viewerAccountId === null ? null : Math.trunc(query.viewerAccountId);
    const match = ftsQuery(words, groups, viewer);
    const where = excludeIds.length > 0 ? sql`search_fts match ${match} and rowid not in (${sql.join(excludeIds)})` : sql`search_fts match ${match}`;
    const m = new SqliteMatcher(this.db, where);
    const total = await m.count();
    if (page.limit <= 0 || total <= page.offset) return { total, ids: [] };
    if (query.order === 'date' || words.length === 0) return { total, ids: await m.newest(page) };
    if (total <= this.rankCap) return { total, ids: await m.ranked(page) };
    const edge = await m.nth(this.rankCap);
    if (edge === null) return { total, ids: await m.ranked(page) }; // deleted meanwhile
    const ids = page.offset < this.rankCap ? await m.ranked(page, edge) : [];
    const rest = page.limit - ids.length;
    if (rest > 0) ids.push(...(await m.newest({ limit: rest, offset: Math.max(0, page.offset - this.rankCap) }, edge)));
    return { total, ids };
  }
}
