import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import { and, filterConditions, RESULT_COLUMNS, type ResultRow } from './filters.js';
import { tokenIndexMethod, rumSchema } from './postgres-setup.js';
import type { PreparedEntry } from './prepare.js';
import type { Page, SearchBackend } from './search-index.js';
import type { SearchQuery } from './search.types.js';

/*
 * PostgreSQL: search_entries.tsv holds the jieba tokens as a tsvector written literally from TS
 * (no text-search parser in between, so both sides see exactly the same lexemes): positions in
 * token order, weight A for the title and 文号, B for the body.
 * Relevance ranking:
 * - 'rum': the RUM index returns matches in rank order (`tsv <=> query`), reading only the top.
 * - 'capped': (GIN) ts_rank over at most CANDIDATE_CAP matches, the newest ones; exact for
 *   queries with fewer matches, "most relevant among the newest N" for very broad ones.
 */

export type PgRanking = 'auto' | 'rum' | 'capped';

export const CANDIDATE_CAP = 2000;
const MAX_POSITION = 16383;
/** Rows per multi-row INSERT (17 parameters each, far below PostgreSQL's 65535). */
const INSERT_CHUNK = 100;
const MAX_POSITIONS_PER_LEXEME = 255;

const quoteLexeme = (word: string): string => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** A tsvector literal: 'word':1A,7A,30B … */
export function tsvectorLiteral(titleTokens: string[], bodyTokens: string[]): string {
  const positions = new Map<string, string[]>();
  const add = (tokens: string[], weight: string, first: number) =>
    tokens.forEach((token, i) => {
      const list = positions.get(token) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${Math.min(MAX_POSITION, first + i)}${weight}`);
      positions.set(token, list);
    });
  add(titleTokens, 'A', 1);
  add(bodyTokens, 'B', titleTokens.length + 1);
  return [...positions].map(([token, list]) => `${quoteLexeme(token)}:${list.join(',')}`).join(' ');
}

/** A tsquery literal: 'a' & 'b' & 'c'. */
export const tsqueryLiteral = (words: string[]): string => words.map(quoteLexeme).join(' & ');

export class PostgresBackend implements SearchBackend {
  private rum: Promise<string | null> | undefined;

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly ranking: PgRanking = 'auto',
    private readonly rankCap = CANDIDATE_CAP,
  ) {}

  /** The schema of the rum operators when ranking inside a RUM index, else null. */
  private rumOperatorSchema(): Promise<string | null> {
    this.rum ??= (async () => {
      if (this.ranking === 'capped') return null;
      const method = await tokenIndexMethod(this.db);
      if (method !== 'rum') {
        if (this.ranking === 'rum') throw new Error('search_entries_tsv is not a RUM index');
        return null;
      }
      return rumSchema(this.db);
    })();
    return this.rum;
  }

  async write(db: Queryable, entries: PreparedEntry[]): Promise<void> {
    const existing = await db
      .selectFrom('search_entries')
      .select(['id', 'key'])
      .where('key', 'in', entries.map((e) => e.key))
      .execute();
    const ids = new Map(existing.map((r) => [r.key, r.id]));
    const withTsv = (e: PreparedEntry) => ({ ...e.row, tsv: sql`${tsvectorLiteral(e.titleTokens, e.bodyTokens)}::tsvector` }) as never;
    for (const entry of entries) {
      const id = ids.get(entry.key);
      if (id === undefined) continue;
      await db.updateTable('search_entries').set(withTsv(entry)).where('id', '=', id).execute();
      await db.updateTable('search_bodies').set({ body: entry.body }).where('id', '=', id).execute();
    }
    const fresh = entries.filter((e) => !ids.has(e.key));
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      const chunk = fresh.slice(i, i + INSERT_CHUNK);
      const inserted = await db.insertInto('search_entries').values(chunk.map(withTsv)).returning(['id', 'key']).execute();
      const idOf = new Map(inserted.map((r) => [r.key, r.id]));
      await db
        .insertInto('search_bodies')
        .values(chunk.map((e) => ({ id: idOf.get(e.key)!, body: e.body })))
        .execute();
    }
  }

  async remove(db: Queryable, key: string): Promise<void> {
    const existing = await db.selectFrom('search_entries').select('id').where('key', '=', key).executeTakeFirst();
    if (!existing) return;
    await db.deleteFrom('search_bodies').where('id', '=', existing.id).execute();
    await db.deleteFrom('search_entries').where('id', '=', existing.id).execute();
  }

  async match(query: SearchQuery, words: string[], page: Page, excludeIds: number[]): Promise<{ total: number; rows: ResultRow[] }> {
    const tsq = sql`${tsqueryLiteral(words)}::tsquery`;
    const filters = filterConditions('postgres', query, excludeIds);
    const where = and(words.length > 0 ? [sql`e.tsv @@ ${tsq}`, ...filters] : filters);
    const countQuery = sql<{ n: number }>`select count(*)::int as n from search_entries e where ${where}`.execute(this.db);
    const rowsQuery = page.limit <= 0 ? Promise.resolve({ rows: [] as ResultRow[] }) : this.rows(words.length > 0 ? query : { ...query, order: 'date' }, tsq, where, page);
    const [count, { rows }] = await Promise.all([countQuery, rowsQuery]);
    return { total: Number(count.rows[0]?.n ?? 0), rows };
  }

  private async rows(query: SearchQuery, tsq: ReturnType<typeof sql>, where: ReturnType<typeof sql>, page: Page): Promise<{ rows: ResultRow[] }> {
    if (query.order === 'date') {
      return sql<ResultRow>`select ${RESULT_COLUMNS} from search_entries e where ${where}
        order by e.published_at desc, e.id desc limit ${page.limit} offset ${page.offset}`.execute(this.db);
    }
    const schema = await this.rumOperatorSchema();
    if (schema) {
      const distance = sql.raw(`OPERATOR("${schema.replace(/"/g, '""')}".<=>)`);
      return sql<ResultRow>`select ${RESULT_COLUMNS} from search_entries e where ${where}
        order by e.tsv ${distance} ${tsq}, e.id desc limit ${page.limit} offset ${page.offset}`.execute(this.db);
    }
    return sql<ResultRow>`select c.id, c.key, c.title, c.doc_number, c.published_at, c.url from (
        select ${RESULT_COLUMNS}, e.tsv from search_entries e where ${where}
        order by e.published_at desc, e.id desc limit ${this.rankCap}
      ) c order by ts_rank(c.tsv, ${tsq}) desc, c.published_at desc, c.id desc
      limit ${page.limit} offset ${page.offset}`.execute(this.db);
  }
}
