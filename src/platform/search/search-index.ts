import { sql } from 'kysely';
import type { Database, Queryable } from '../db/database.js';
import { removeEntry, saveEntries, type TokenWriter } from './entries-store.js';
import { and, filterConditions, RESULT_COLUMNS, type ResultRow } from './filters.js';
import { highlightWords, paging, parseQuery, prepareEntry, type PreparedEntry } from './prepare.js';
import type { SearchEntry, SearchIndex, SearchQuery, SearchResult } from './search.types.js';
import { makeSnippet } from './snippet.js';

export interface Page {
  limit: number;
  offset: number;
}

export interface Found {
  total: number;
  ids: number[];
}

/** What differs between SQLite and PostgreSQL: the token index. */
export interface SearchBackend {
  readonly tokens: TokenWriter;
  /**
   * Entries with every word (no words: all entries) that pass the query's filters and the
   * viewer's permission, except excludeIds: how many, and the ids of one page, by relevance
   * (see the backends for how broad queries are capped) or newest first.
   */
  match(query: SearchQuery, words: string[], page: Page, excludeIds: number[]): Promise<Found>;
}

const EXACT_LIMIT = 20;

/** The dialect-independent half: exact 文号 / 索引号 hits first, loosening, paging, snippets. */
export class SearchEngine implements SearchIndex {
  constructor(
    private readonly database: Database,
    private readonly backend: SearchBackend,
  ) {}

  async upsert(db: Queryable, entry: SearchEntry): Promise<void> {
    await this.write(db, [prepareEntry(entry)]);
  }

  /** Many entries at once (re-indexing, imports): batched statements. */
  async upsertMany(db: Queryable, entries: SearchEntry[]): Promise<void> {
    await this.write(db, entries.map(prepareEntry));
  }

  /** Writes prepared entries (bulk loaders prepare once for several databases); a repeated key: the last wins. */
  async write(db: Queryable, prepared: PreparedEntry[]): Promise<void> {
    const distinct = [...new Map(prepared.map((p) => [p.key, p])).values()];
    if (distinct.length === 0) return;
    if (db.isTransaction) await saveEntries(db, distinct, this.backend.tokens);
    else await db.transaction().execute((trx) => saveEntries(trx, distinct, this.backend.tokens));
  }

  async remove(db: Queryable, key: string): Promise<void> {
    if (db.isTransaction) await removeEntry(db, key, this.backend.tokens);
    else await db.transaction().execute((trx) => removeEntry(trx, key, this.backend.tokens));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const parsed = parseQuery(query.q);
    const { limit, offset } = paging(query);
    const exactRows = parsed.exact ? await this.exact(query, parsed.exact.docNumber, parsed.exact.indexNumber) : [];
    const exactOnPage = exactRows.slice(offset, offset + limit);
    let total = exactRows.length;
    let ids: number[] = [];
    let matchedWords = parsed.words;
    const blank = query.q.trim() === '';
    if (parsed.words.length > 0 || (blank && exactRows.length === 0)) {
      const page = { limit: limit - exactOnPage.length, offset: Math.max(0, offset - exactRows.length) };
      const excluded = exactRows.map((r) => r.id);
      let found = await this.match(query, parsed.words, page, excluded);
      if (found.total === 0 && exactRows.length === 0 && parsed.relaxed) {
        found = await this.match(query, parsed.relaxed, page, excluded);
        matchedWords = parsed.relaxed;
      }
      total += found.total;
      ids = found.ids;
    }
    const rows = [...exactOnPage, ...(await this.rows(ids))];
    const bodies = await this.bodies(rows.map((r) => r.id));
    const words = highlightWords(matchedWords);
    return {
      total,
      items: rows.map((r) => ({
        key: r.key,
        siteId: Number(r.site_id),
        title: r.title,
        docNumber: r.doc_number,
        publishedAt: r.published_at,
        url: r.url,
        snippet: makeSnippet(bodies.get(r.id) ?? '', words),
      })),
    };
  }

  private match(query: SearchQuery, words: string[], page: Page, excluded: number[]): Promise<Found> {
    return this.backend.match(query, words, page, excluded);
  }

  private async exact(query: SearchQuery, docNumber: string, indexNumber: string): Promise<ResultRow[]> {
    const where = and(filterConditions(this.database.kind, query));
    const { rows } = await sql<ResultRow>`
      select ${RESULT_COLUMNS} from search_entries e
      where (e.doc_number_norm = ${docNumber} or e.index_number = ${indexNumber}) and ${where}
      order by e.id desc limit ${EXACT_LIMIT}`.execute(this.database.db);
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  private async rows(ids: number[]): Promise<ResultRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await sql<ResultRow>`select ${RESULT_COLUMNS} from search_entries e where e.id in (${sql.join(ids)})`.execute(this.database.db);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    return ids.map((id) => byId.get(id)).filter((r): r is ResultRow => r !== undefined);
  }

  private async bodies(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.database.db.selectFrom('search_bodies').select(['id', 'body']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [Number(r.id), r.body]));
  }
}
