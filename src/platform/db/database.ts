import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Schema } from './schema.js';

export type DatabaseKind = 'sqlite' | 'postgres';
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; searchPath?: string };

/** The one handle every store receives: the typed query builder and which dialect is underneath. */
export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<Schema>;
  /** PostgreSQL only: the private schema this handle works in (tests), else undefined. */
  readonly schema?: string | undefined;
  close(): Promise<void>;
}

export type Queryable = Kysely<Schema> | Transaction<Schema>;

// PostgreSQL returns BIGINT (COUNT(*), bigserial) as strings; every id and count here fits a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

export function openDatabase(target: DatabaseTarget): Database {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { kind: 'sqlite', db, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(target.searchPath ? { options: `-c search_path=${target.searchPath}` } : {}),
  });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', db, schema: target.searchPath, close: () => db.destroy() };
}

export function nowIso(): string {
  return new Date().toISOString();
}
