import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../migrations');
const migrationFile = /^(\d{8}_\d{4}_[a-z0-9_]+)\.ts$/;

/** One ordered timeline: migrations/YYYYMMDD_NNNN_module_what.ts, applied in name order. */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of readdirSync(migrationsDir).sort()) {
      const match = migrationFile.exec(file);
      if (!match?.[1]) continue;
      const module = (await import(pathToFileURL(join(migrationsDir, file)).href)) as Migration;
      migrations[match[1]] = module;
    }
    return migrations;
  }
}

export interface MigrationReport {
  applied: string[];
}

export async function migrateToLatest(database: Database): Promise<MigrationReport> {
  // Kysely looks for its bookkeeping tables across all schemas; pin them to ours when we have one.
  const migrator = new Migrator({
    db: database.db,
    provider: new FolderMigrationProvider(),
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '(未知)';
    throw new Error(`数据库迁移 ${failed} 失败: ${String(result.error)}`, { cause: result.error });
  }
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
