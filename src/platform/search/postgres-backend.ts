import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import type { TokenWriter } from './entries-store.js';
import { audienceToken, filterGroups, metaTokens, PUBLIC_TOKEN, RESTRICTED_TOKEN } from './meta-tokens.js';
import type { PreparedEntry } from './prepare.js';
import type { Found, Page, SearchBackend } from './search-index.js';
import type { SearchQuery } from './search.types.js';

/*
 * PostgreSQL: search_tokens(id, tsv) and search_ranks(id, rank_tsv), narrow tables beside
 * search_entries (a count of 100,000 matches visits every heap page of search_tokens).
 * - tsv: every token, written literally from TS (no text-search parser in between, so both
 *   sides see exactly the same lexemes) — title and 文号 at weight A, body at B, and the filter
 *   tokens (meta-tokens.ts) without positions — under a GIN index. Filters and permissions are
 *   part of the tsquery, so the index answers them and no search_entries row is read.
 * - rank_tsv: the title, 文号 and first RANK_BODY_TOKENS body tokens; small enough to stay
 *   inline, so ranking never detoasts the large tsv (ts_rank over a 3,000-character document's
 *   tsv costs ~12 µs, over rank_tsv ~1 µs); in its own table so that search_tokens stays narrow.
 * One query per search: the matches (a GIN bitmap scan, no recheck, no detoasting), their
 * count, and the newest rankCap of them ranked by ts_rank on rank_tsv (title 10 : body 1);
 * for a broad query (规划: every document) relevance is thus computed among the newest rankCap
 * matches, and pages beyond them continue newest first. Every search runs in a transaction
 * with jit and sequential scans off (the planner does not know that `tsv @@ q` on a row
 * detoasts a large value, and JIT compilation alone costs ~100 ms on a broad query) and
 * work_mem raised so that 100,000 matched ids stay in memory.
 * RUM was measured and is not used: see docs in README.md next to this file.
 */

export const RANK_CAP = 1000;
/** Body tokens kept in rank_tsv. */
export const RANK_BODY_TOKENS = 128;
/** ts_rank weights {D, C, B, A}: title and 文号 (A) 10 : body (B) 1, as bm25 on SQLite. */
const RANK_WEIGHTS = '{0.1, 0.1, 0.1, 1.0}';
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 255;

const quoteLexeme = (word: string): string => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** A tsvector literal: 'word':1A,7A,30B … and the filter tokens without positions. */
export function tsvectorLiteral(titleTokens: string[], bodyTokens: string[], meta: string[] = []): string {
  const positions = new Map<string, string[]>();
  const add = (tokens: string[], weight: string, first: number) =>
    tokens.forEach((token, i) => {
      const list = positions.get(token) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${Math.min(MAX_POSITION, first + i)}${weight}`);
      positions.set(token, list);
    });
  add(titleTokens, 'A', 1);
  add(bodyTokens, 'B', titleTokens.length + 1);
  const lexemes = [...positions].map(([token, list]) => `${quoteLexeme(token)}:${list.join(',')}`);
  return [...lexemes, ...meta.map(quoteLexeme)].join(' ');
}

/**
 * The viewer's permission added to a tsquery: NOT one of the few restricted entries the viewer
 * is not in the audience of (cheaper for the index than an AND with _pub, which every public
 * entry carries). With no words and no filters, the positive form is needed.
 */
export function visibleQuery(tsquery: string, viewer: number | null): string {
  const audience = viewer === null ? null : quoteLexeme(audienceToken(Math.trunc(viewer)));
  if (tsquery === '') return audience ? `${quoteLexeme(PUBLIC_TOKEN)} | ${audience}` : quoteLexeme(PUBLIC_TOKEN);
  const hidden = audience ? `!(${quoteLexeme(RESTRICTED_TOKEN)} & !${audience})` : `!${quoteLexeme(RESTRICTED_TOKEN)}`;
  return `${tsquery} & ${hidden}`;
}

/** A tsquery literal: every word, and every filter group (alternatives ORed). */
export function tsqueryLiteral(words: string[], groups: string[][] = []): string {
  const parts = words.map(quoteLexeme);
  for (const group of groups) parts.push(group.length === 1 ? quoteLexeme(group[0]!) : `(${group.map(quoteLexeme).join(' | ')})`);
  return parts.join(' & ');
}

const pgTokens: TokenWriter = {
  async insert(db: Queryable, rows: { id: number; entry: PreparedEntry }[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map(({ id, entry }) => {
      return sql`(${id}, ${tsvectorLiteral(entry.titleTokens, entry.bodyTokens, metaTokens(entry.row))}::tsvector)`;
    });
    await sql`insert into search_tokens (id, tsv) values ${sql.join(values)}`.execute(db);
    const ranks = rows.map(({ id, entry }) => sql`(${id}, ${tsvectorLiteral(entry.titleTokens, entry.bodyTokens.slice(0, RANK_BODY_TOKENS))}::tsvector)`);
    await sql`insert into search_ranks (id, rank_tsv) values ${sql.join(ranks)}`.execute(db);
  },
  async remove(db: Queryable, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await sql`delete from search_tokens where id in (${sql.join(ids)})`.execute(db);
    await sql`delete from search_ranks where id in (${sql.join(ids)})`.execute(db);
  },
};

interface Row {
  total: number;
  ids: (number | string)[] | null;
  edge?: number | string | null;
}

export class PostgresBackend implements SearchBackend {
  readonly tokens = pgTokens;

  constructor(
    private readonly db: Kysely<Schema>,
    readonly rankCap = RANK_CAP,
  ) {}

  async match(query: SearchQuery, words: string[], page: Page, excludeIds: number[]): Promise<Found> {
    const groups = filterGroups(query);
    if (!groups) return { total: 0, ids: [] };
    const except = excludeIds.length > 0 ? sql` and t.id not in (${sql.join(excludeIds)})` : sql``;
    const where = sql`t.tsv @@ ${visibleQuery(tsqueryLiteral(words, groups), query.viewerAccountId ?? null)}::tsquery${except}`;
    const matches = sql`select t.id from search_tokens t where ${where}`;
    const { limit, offset } = page;
    return this.db.transaction().execute(async (trx) => {
      await sql`select set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true),
        set_config('work_mem', '32MB', true)`.execute(trx);
      const one = async (query: RawBuilder<Row>): Promise<Row> => (await query.execute(trx)).rows[0]!;
      if (limit <= 0) {
        const row = await one(sql<Row>`select count(*)::int as total, null as ids from (${matches}) m`);
        return { total: row.total, ids: [] };
      }
      if (query.order === 'date' || words.length === 0) {
        const row = await one(sql<Row>`with m as materialized (${matches})
          select (select count(*) from m)::int as total, array(select id from m order by id desc limit ${limit} offset ${offset}) as ids`);
        return { total: row.total, ids: (row.ids ?? []).map(Number) };
      }
      const row = await one(sql<Row>`with m as materialized (${matches}),
          c as (select id from m order by id desc limit ${this.rankCap})
        select (select count(*) from m)::int as total, (select min(id) from c) as edge,
          array(select s.id from c join search_ranks s on s.id = c.id
            order by ts_rank(${sql.lit(RANK_WEIGHTS)}::float4[], s.rank_tsv, ${tsqueryLiteral(words)}::tsquery) desc, s.id desc
            limit ${limit} offset ${offset}) as ids`);
      const ids = (row.ids ?? []).map(Number);
      const rest = limit - ids.length;
      if (rest > 0 && row.total > this.rankCap && row.edge !== null && row.edge !== undefined) {
        const older = await sql<{ id: number }>`select t.id from search_tokens t where ${where} and t.id < ${Number(row.edge)}
          order by t.id desc limit ${rest} offset ${Math.max(0, offset - this.rankCap)}`.execute(trx);
        ids.push(...older.rows.map((r) => Number(r.id)));
      }
      return { total: row.total, ids };
    });
  }
}
