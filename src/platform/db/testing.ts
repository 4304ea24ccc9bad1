import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseKind } from './database.js';
import { migrateToLatest } from './migrate.js';

/**
 * Which databases the store tests run on. `npm test` runs SQLite (nothing to install);
 * CI adds PostgreSQL with TEST_DIALECTS=sqlite,postgres and TEST_PG_URL.
 */
export function testDialects(): DatabaseKind[] {
  const wanted = (process.env.TEST_DIALECTS ?? 'sqlite').split(',').map((s) => s.trim()).filter(Boolean);
  return wanted.filter((d): d is DatabaseKind => d === 'sqlite' || d === 'postgres');
}

export const testPgUrl = (): string => process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase extends Database {
  /** sqlite: the file; postgres: the connection URL including the private schema. */
  readonly url: string;
  readonly searchPath: string | undefined;
}

/** A fresh, migrated database: a temp SQLite file, or a private schema in the test PostgreSQL. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-test-'));
    const file = join(dir, 'test.db');
    const database = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(database);
    return {
      ...database,
      url: `sqlite:${file}`,
      searchPath: undefined,
      close: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl() });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ kind: 'postgres', url: testPgUrl(), searchPath: schema });
  await migrateToLatest(database);
  return {
    ...database,
    url: testPgUrl(),
    searchPath: schema,
    close: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: testPgUrl() });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}
