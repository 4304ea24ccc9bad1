import { sql } from 'kysely';
import type { AnyDb } from '../db/columns.js';

/*
 * PostgreSQL token index: search_entries.tsv (tsvector built in TS from the jieba tokens,
 * weight A for the title and the 文号, B for the body), indexed with
 * - RUM (extension `rum`, Debian package postgresql-15-rum) when it can be installed: the
 *   index stores positions and returns matches already ranked (`tsv <=> query`), so a top-10
 *   never reads every match;
 * - GIN otherwise; ranking then reads only a capped candidate set (see postgres-index.ts).
 * The extension goes into schema public (or stays wherever a DBA installed it), never into a
 * private schema, so that dropping a test schema cannot drop it for everybody.
 */

export const TOKEN_INDEX = 'search_entries_tsv';

/** The schema holding the rum extension, or null when it is not installed. */
export async function rumSchema(db: AnyDb): Promise<string | null> {
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'rum'`.execute(db);
  return rows[0]?.schema ?? null;
}

async function rumAvailable(db: AnyDb): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'rum'`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

/** Installs rum if the server has it and we may; never fails the surrounding transaction. */
export async function tryInstallRum(db: AnyDb): Promise<string | null> {
  const existing = await rumSchema(db);
  if (existing || !(await rumAvailable(db))) return existing;
  let savepoint = true;
  try {
    await sql`savepoint search_rum`.execute(db);
  } catch {
    savepoint = false; // not inside a transaction: a failure below aborts nothing
  }
  try {
    await sql`create extension if not exists rum with schema public`.execute(db);
    if (savepoint) await sql`release savepoint search_rum`.execute(db);
  } catch {
    if (savepoint) await sql`rollback to savepoint search_rum`.execute(db);
  }
  return rumSchema(db); // another session may have installed it concurrently
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** (Re)creates the token index: RUM when the extension is there (unless told not to), else GIN. */
export async function createTokenIndex(db: AnyDb, options: { rum?: boolean } = {}): Promise<'rum' | 'gin'> {
  await sql`drop index if exists ${sql.raw(TOKEN_INDEX)}`.execute(db);
  const schema = options.rum === false ? null : await tryInstallRum(db);
  if (schema) {
    await sql`create index ${sql.raw(TOKEN_INDEX)} on search_entries using rum (tsv ${sql.raw(ident(schema))}.rum_tsvector_ops)`.execute(db);
    return 'rum';
  }
  await sql`create index ${sql.raw(TOKEN_INDEX)} on search_entries using gin (tsv)`.execute(db);
  return 'gin';
}

/** Which access method the token index of the current schema uses. */
export async function tokenIndexMethod(db: AnyDb): Promise<'rum' | 'gin' | null> {
  const { rows } = await sql<{ method: string }>`
    select am.amname as method from pg_class c join pg_am am on am.oid = c.relam
    where c.relname = ${TOKEN_INDEX} and c.relnamespace = current_schema()::regnamespace`.execute(db);
  const method = rows[0]?.method;
  return method === 'rum' || method === 'gin' ? method : null;
}
