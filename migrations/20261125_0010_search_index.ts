import { sql } from 'kysely';
import { isPostgres, notNull, type AnyDb } from '../src/platform/db/columns.js';

/**
 * The search index fed by every module (platform/search): entries and their bodies in normal
 * tables, tokens in an FTS5 table (SQLite) or in search_tokens (tsvector, GIN index) and
 * search_ranks (a small tsvector for ranking) on PostgreSQL, no extension needed.
 * Entry ids are chosen in publication order by the application (entries-store.ts).
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('search_entries')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('site_id', 'integer', notNull)
    .addColumn('kind', 'varchar(40)', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('doc_number', 'text')
    .addColumn('doc_number_norm', 'varchar(200)')
    .addColumn('index_number', 'varchar(200)')
    .addColumn('type', 'varchar(64)')
    .addColumn('issuers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('theme', 'varchar(200)')
    .addColumn('validity', 'varchar(40)')
    .addColumn('year', 'integer')
    .addColumn('published_at', 'varchar(32)', notNull)
    .addColumn('url', 'text', notNull)
    .addColumn('audience', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('search_entries_doc_number').on('search_entries').column('doc_number_norm').execute();
  await db.schema.createIndex('search_entries_index_number').on('search_entries').column('index_number').execute();
  await db.schema
    .createTable('search_bodies')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('body', 'text', notNull)
    .execute();
  if (pg) {
    await sql`create table search_tokens (id bigint primary key, tsv tsvector not null)`.execute(db);
    await sql`create index search_tokens_tsv on search_tokens using gin (tsv)`.execute(db);
    await sql`create table search_ranks (id bigint primary key, rank_tsv tsvector not null)`.execute(db);
  } else {
    // Contentless: the tokens are indexed, not stored; rows are deleted by rowid (= search_entries.id).
    // meta holds filter tokens such as _site_3 ("_" is a token character only for them).
    // (detail=column would make the index ~4× smaller, but bm25 then scores every row 0.)
    await sql`create virtual table search_fts using fts5(title, body, meta, content='', contentless_delete=1,
      tokenize="unicode61 remove_diacritics 0 tokenchars '_'")`.execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop table search_ranks`.execute(db);
    await sql`drop table search_tokens`.execute(db);
  } else await sql`drop table search_fts`.execute(db);
  await db.schema.dropTable('search_bodies').execute();
  await db.schema.dropTable('search_entries').execute();
}
