import { sql, type Kysely } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { RESULT_COLUMNS, type ResultRow } from './filters.js';
import { filterGroups, metaTokens } from './meta-tokens.js';
import type { PreparedEntry } from './prepare.js';
import type { Page, SearchBackend } from './search-index.js';
import type { SearchQuery } from './search.types.js';

/*
 * SQLite: the contentless FTS5 table search_fts(title, body, meta) holds the jieba tokens and
 * the filter tokens (meta-tokens.ts); its rowid is search_entries.id, which on SQLite is
 * chosen in publication order: published milliseconds × 1024 + a free slot. So
 * - counting, filtering and permissions never leave FTS5;
 * - order by date is FTS5's own rowid order: the newest 10 of 100,000 matches cost nothing;
 * - relevance (bm25, title and 文号 weighted 10 : 1 over the body) is computed over all matches
 *   when there are at most RANK_CAP of them, else over the newest RANK_CAP matches, followed by
 *   the older ones newest first. bm25 over every match of a word found in every document costs
 *   ~100 ms at 100,000 documents; over 5,000 it costs a few.
 */

export const TITLE_WEIGHT = 10;
export const RANK_CAP = 5000;
const SLOTS = 1024;

/** An FTS5 string literal: quoted, so no operator can be injected. */
const quote = (token: string): string => `"${token.replace(/"/g, '""')}"`;

/** The FTS5 query: every word, and every filter group (alternatives ORed). */
export function ftsQuery(words: string[], groups: string[][] = []): string {
  const parts = words.map(quote);
  for (const group of groups) parts.push(group.length === 1 ? quote(group[0]!) : `(${group.map(quote).join(' OR ')})`);
  return parts.join(' AND ');
}

function slotOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) >>> 0;
  return h % SLOTS;
}

export class SqliteBackend implements SearchBackend {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly rankCap = RANK_CAP,
  ) {}

  async write(db: Queryable, entries: PreparedEntry[]): Promise<void> {
    for (const entry of entries) await this.writeOne(db, entry);
  }

  private async writeOne(db: Queryable, entry: PreparedEntry): Promise<void> {
    const existing = await db.selectFrom('search_entries').select(['id', 'published_at']).where('key', '=', entry.key).executeTakeFirst();
    let id: number;
    if (existing && existing.published_at === entry.row.published_at) {
      id = existing.id;
      await sql`delete from search_fts where rowid = ${id}`.execute(db);
      await db.updateTable('search_entries').set(entry.row).where('id', '=', id).execute();
      await db.updateTable('search_bodies').set({ body: entry.body }).where('id', '=', id).execute();
    } else {
      if (existing) await this.removeId(db, existing.id); // a new date moves the entry in rowid order
      id = await this.freeId(db, entry);
      await db.insertInto('search_entries').values({ ...entry.row, id }).execute();
      await db.insertInto('search_bodies').values({ id, body: entry.body }).execute();
    }
    await sql`insert into search_fts (rowid, title, body, meta) values (${id}, ${entry.titleTokens.join(' ')},
      ${entry.bodyTokens.join(' ')}, ${metaTokens(entry.row).join(' ')})`.execute(db);
  }

  /** published ms × 1024 + a free slot (from a hash of the key, then upwards). */
  private async freeId(db: Queryable, entry: PreparedEntry): Promise<number> {
    const ms = Date.parse(entry.row.published_at);
    let id = (Number.isFinite(ms) && ms > 0 ? ms : 0) * SLOTS + slotOf(entry.key);
    for (;;) {
      const taken = await db.selectFrom('search_entries').select('id').where('id', '=', id).executeTakeFirst();
      if (!taken) return id;
      id += 1;
    }
  }

  private async removeId(db: Queryable, id: number): Promise<void> {
    await sql`delete from search_fts where rowid = ${id}`.execute(db);
    await db.deleteFrom('search_bodies').where('id', '=', id).execute();
    await db.deleteFrom('search_entries').where('id', '=', id).execute();
  }

  async remove(db: Queryable, key: string): Promise<void> {
    const existing = await db.selectFrom('search_entries').select('id').where('key', '=', key).executeTakeFirst();
    if (existing) await this.removeId(db, existing.id);
  }

  async match(query: SearchQuery, words: string[], page: Page, excludeIds: number[]): Promise<{ total: number; rows: ResultRow[] }> {
    const groups = filterGroups(query);
    if (!groups) return { total: 0, rows: [] };
    const match = ftsQuery(words, groups);
    const where = excludeIds.length > 0 ? sql`search_fts match ${match} and rowid not in (${sql.join(excludeIds)})` : sql`search_fts match ${match}`;
    const count = await sql<{ n: number }>`select count(*) as n from search_fts where ${where}`.execute(this.db);
    const total = Number(count.rows[0]?.n ?? 0);
    if (page.limit <= 0 || total <= page.offset) return { total, rows: [] };
    const ids = query.order === 'date' || words.length === 0 ? await this.newest(where, page) : await this.ranked(where, total, page);
    return { total, rows: await this.entries(ids) };
  }

  private async newest(where: ReturnType<typeof sql>, page: Page, before?: number): Promise<number[]> {
    const bound = before === undefined ? sql`` : sql` and rowid < ${before}`;
    const { rows } = await sql<{ id: number }>`select rowid as id from search_fts where ${where}${bound}
      order by rowid desc limit ${page.limit} offset ${page.offset}`.execute(this.db);
    return rows.map((r) => r.id);
  }

  private async ranked(where: ReturnType<typeof sql>, total: number, page: Page): Promise<number[]> {
    const bm25 = sql`bm25(search_fts, ${sql.lit(TITLE_WEIGHT)}, 1.0, 0.0)`;
    if (total <= this.rankCap) {
      const { rows } = await sql<{ id: number }>`select rowid as id from search_fts where ${where}
        order by ${bm25}, rowid desc limit ${page.limit} offset ${page.offset}`.execute(this.db);
      return rows.map((r) => r.id);
    }
    // The oldest of the newest RANK_CAP matches: FTS5 reads doclists newest first, so this is cheap.
    const { rows: edge } = await sql<{ id: number }>`select rowid as id from search_fts where ${where}
      order by rowid desc limit 1 offset ${this.rankCap - 1}`.execute(this.db);
    const floor = edge[0]!.id;
    const ids: number[] = [];
    if (page.offset < this.rankCap) {
      const { rows } = await sql<{ id: number }>`select rowid as id from search_fts where ${where} and rowid >= ${floor}
        order by ${bm25}, rowid desc limit ${page.limit} offset ${page.offset}`.execute(this.db);
      ids.push(...rows.map((r) => r.id));
    }
    const rest = page.limit - ids.length;
    if (rest > 0) ids.push(...(await this.newest(where, { limit: rest, offset: Math.max(0, page.offset - this.rankCap) }, floor)));
    return ids;
  }

  private async entries(ids: number[]): Promise<ResultRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await sql<ResultRow>`select ${RESULT_COLUMNS} from search_entries e where e.id in (${sql.join(ids)})`.execute(this.db);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ResultRow => r !== undefined);
  }
}
