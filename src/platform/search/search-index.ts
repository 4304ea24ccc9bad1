import { sql } from 'kysely';
import type { Database, Queryable } from '../db/database.js';
import { and, filterConditions, RESULT_COLUMNS, type ResultRow } from './filters.js';
import { highlightWords, paging, parseQuery, prepareEntry, type PreparedEntry } from './prepare.js';
import type { SearchEntry, SearchIndex, SearchQuery, SearchResult } from './search.types.js';
import { makeSnippet } from './snippet.js';

export interface Page {
  limit: number;
  offset: number;
}

/** What differs between SQLite and PostgreSQL: writing tokens and matching them. */
export interface SearchBackend {
  /** Inserts or replaces entries (distinct keys); called inside a transaction. */
  write(db: Queryable, entries: PreparedEntry[]): Promise<void>;
  remove(db: Queryable, key: string): Promise<void>;
  /** Entries containing every word (no words: every entry), filtered, ranked by relevance or date, and their count. */
  match(query: SearchQuery, words: string[], page: Page, excludeIds: number[]): Promise<{ total: number; rows: ResultRow[] }>;
}

const EXACT_LIMIT = 20;

/** The dialect-independent half: exact 文号 / 索引号 hits first, paging, loosening, snippets. */
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
    if (db.isTransaction) await this.backend.write(db, distinct);
    else await db.transaction().execute((trx) => this.backend.write(trx, distinct));
  }

  async remove(db: Queryable, key: string): Promise<void> {
    if (db.isTransaction) await this.backend.remove(db, key);
    else await db.transaction().execute((trx) => this.backend.remove(trx, key));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const parsed = parseQuery(query.q);
    const { limit, offset } = paging(query);
    const exactRows = parsed.exact ? await this.exact(query, parsed.exact.docNumber, parsed.exact.indexNumber) : [];
    const exactOnPage = exactRows.slice(offset, offset + limit);
    let total = exactRows.length;
    let rows: ResultRow[] = exactOnPage;
    let matchedWords = parsed.words;
    if (parsed.words.length > 0) {
      const page = { limit: limit - exactOnPage.length, offset: Math.max(0, offset - exactRows.length) };
      const excluded = exactRows.map((r) => r.id);
      let found = await this.backend.match(query, parsed.words, page, excluded);
      if (found.total === 0 && exactRows.length === 0 && parsed.relaxed) {
        found = await this.backend.match(query, parsed.relaxed, page, excluded);
        matchedWords = parsed.relaxed;
      }
      total += found.total;
      rows = [...exactOnPage, ...found.rows];
    } else if (exactRows.length === 0 && query.q.trim() === '') {
      ({ total, rows } = await this.backend.match(query, [], { limit, offset }, []));
    }
    const bodies = await this.bodies(rows.map((r) => r.id));
    const words = highlightWords(matchedWords);
    return {
      total,
      items: rows.map((r) => ({
        key: r.key,
        title: r.title,
        docNumber: r.doc_number,
        publishedAt: r.published_at,
        url: r.url,
        snippet: makeSnippet(bodies.get(r.id) ?? '', words),
      })),
    };
  }

  private async exact(query: SearchQuery, docNumber: string, indexNumber: string): Promise<ResultRow[]> {
    const where = and(filterConditions(this.database.kind, query));
    const { rows } = await sql<ResultRow>`
      select ${RESULT_COLUMNS} from search_entries e
      where (e.doc_number_norm = ${docNumber} or e.index_number = ${indexNumber}) and ${where}
      order by e.published_at desc, e.id desc limit ${EXACT_LIMIT}`.execute(this.database.db);
    return rows;
  }

  private async bodies(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.database.db.selectFrom('search_bodies').select(['id', 'body']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.body]));
  }
}
