import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '../../src/platform/db/testing.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** DATABASE_URL for a test database; for PostgreSQL it carries the private schema as a search_path. */
export function databaseUrlOf(database: TestDatabase): string {
  if (!database.searchPath) return database.url;
  const separator = database.url.includes('?') ? '&' : '?';
  return `${database.url}${separator}options=${encodeURIComponent(`-c search_path=${database.searchPath}`)}`;
}

/** Runs `node bin/gongkai.js …` as a user would, with only the environment given here. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 25_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'bin/gongkai.js'), ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
