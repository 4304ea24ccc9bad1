import { randomBytes } from 'node:crypto';
import type { Database } from './database.js';
import { nowIso } from './database.js';

/**
 * The secret that signs CSRF tokens: SESSION_SECRET when set, otherwise generated once and kept
 * in the database so that every web and worker process of the installation agrees on it.
 */
export async function installationSecret(database: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const existing = await database.db.selectFrom('platform_settings').select('value').where('key', '=', 'secret').executeTakeFirst();
  if (existing) return existing.value;
  await database.db
    .insertInto('platform_settings')
    .values({ key: 'secret', value: randomBytes(32).toString('hex'), updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const stored = await database.db.selectFrom('platform_settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return stored.value;
}
