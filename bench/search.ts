/*
 * Search benchmark: N generated documents (default 100,000 × ~3,000 characters) loaded into
 * SQLite (temporary file) and PostgreSQL (private schema), then p50/p99 latency of ~30 typical
 * queries through the SearchIndex API, next to the same match run directly as SQL (the floor).
 *
 *   node bin/run-ts.js bench/search.ts [--docs 100000] [--rounds 20] [--budget 120]
 *     [--skip-sqlite] [--skip-postgres] [--rum] [--pg-url URL] [--keep]
 *     [--reuse-sqlite FILE] [--reuse-pg SCHEMA]   (measure data kept by an earlier --keep run)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createSearchIndex } from '../src/platform/search/index.js';
import { tsqueryLiteral } from '../src/platform/search/postgres-backend.js';
import { parseQuery, prepareEntry, type PreparedEntry } from '../src/platform/search/prepare.js';
import type { SearchEngine } from '../src/platform/search/search-index.js';
import { ftsQuery, TITLE_WEIGHT } from '../src/platform/search/sqlite-backend.js';
import { generateDocument, queries, rng } from './search-data.js';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '20' },
    budget: { type: 'string', default: '120' },
    batch: { type: 'string', default: '500' },
    seed: { type: 'string', default: '20261125' },
    'skip-sqlite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
    rum: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    keep: { type: 'boolean', default: false },
    'reuse-sqlite': { type: 'string' },
    'reuse-pg': { type: 'string' },
  },
});
const DOCS = Number(args.docs);
const ROUNDS = Number(args.rounds);
const BUDGET_MS = Number(args.budget) * 1000;
const BATCH = Number(args.batch);
const SEED = Number(args.seed);
const QUERY_LIST = queries(SEED);

interface Target {
  name: string;
  reused: boolean;
  database: Database;
  index: SearchEngine;
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number): string => n.toFixed(1).padStart(7);
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;

async function openTargets(): Promise<{ targets: Target[]; cleanup: () => Promise<void> }> {
  const targets: Target[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const reuseSqlite = args['reuse-sqlite'];
  const reusePg = args['reuse-pg'];
  if (reuseSqlite) {
    const database = openDatabase({ kind: 'sqlite', file: reuseSqlite });
    targets.push({ name: 'SQLite', reused: true, database, index: createSearchIndex(database) });
    cleanups.push(() => database.close());
  } else if (!args['skip-sqlite']) {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-search-'));
    const database = openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
    await migrateToLatest(database);
    targets.push({ name: 'SQLite', reused: false, database, index: createSearchIndex(database) });
    cleanups.push(async () => {
      await database.close();
      if (!args.keep) rmSync(dir, { recursive: true, force: true });
      else console.log(`kept ${dir}`);
    });
  }
  if (reusePg) {
    const database = openDatabase({ kind: 'postgres', url: args['pg-url'], searchPath: reusePg });
    await sql`drop index if exists search_tokens_rum`.execute(database.db); // left by an earlier --rum
    targets.push({ name: 'PostgreSQL', reused: true, database, index: createSearchIndex(database) });
    cleanups.push(() => database.close());
  } else if (!args['skip-postgres']) {
    const schema = `bench_search_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: args['pg-url'] });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const database = openDatabase({ kind: 'postgres', url: args['pg-url'], searchPath: schema });
    await migrateToLatest(database);
    await sql`drop index search_tokens_tsv`.execute(database.db); // rebuilt after the bulk load
    targets.push({ name: 'PostgreSQL', reused: false, database, index: createSearchIndex(database) });
    cleanups.push(async () => {
      await database.close();
      if (args.keep) return void console.log(`kept schema ${schema}`);
      const client = new pg.Client({ connectionString: args['pg-url'] });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });
  }
  return { targets, cleanup: async () => void (await Promise.all(cleanups.map((c) => c()))) };
}

/** Segments each document once and writes it to every database, in batched transactions. */
async function load(targets: Target[]): Promise<void> {
  const started = process.hrtime.bigint();
  const pending = new Map<Target, Promise<void>>();
  const writeBatch = (t: Target, batch: PreparedEntry[]) =>
    t.database.db.transaction().execute((trx) => t.index.write(trx, batch));
  for (let start = 0; start < DOCS; start += BATCH) {
    const batch: PreparedEntry[] = [];
    for (let i = start; i < Math.min(DOCS, start + BATCH); i++) batch.push(prepareEntry(generateDocument(i, SEED)));
    for (const t of targets) {
      await pending.get(t); // PostgreSQL writes overlap the next batch's segmentation
      const write = writeBatch(t, batch);
      write.catch(() => {}); // awaited on the next turn; keeps the rejection handled meanwhile
      pending.set(t, write);
      if (t.database.kind === 'sqlite') await write;
    }
    const done = Math.min(DOCS, start + BATCH);
    if (done % 10_000 === 0 || done === DOCS) {
      const s = ms(started) / 1000;
      console.log(`  loaded ${done.toLocaleString()} documents in ${s.toFixed(0)} s (ETA ${((s / done) * (DOCS - done)).toFixed(0)} s)`);
    }
  }
  await Promise.all(pending.values());
}

async function finishSqlite(t: Target): Promise<void> {
  const t0 = process.hrtime.bigint();
  await sql`insert into search_fts (search_fts) values ('optimize')`.execute(t.database.db);
  await sql`analyze`.execute(t.database.db);
  console.log(`  SQLite: FTS5 'optimize' (merge segments) + analyze: ${(ms(t0) / 1000).toFixed(1)} s`);
}

async function buildGin(t: Target): Promise<void> {
  const t0 = process.hrtime.bigint();
  await sql`set maintenance_work_mem = '512MB'`.execute(t.database.db);
  await sql`create index search_tokens_tsv on search_tokens using gin (tsv)`.execute(t.database.db);
  await sql`vacuum analyze search_tokens`.execute(t.database.db);
  await sql`vacuum analyze search_ranks`.execute(t.database.db);
  await sql`vacuum analyze search_entries`.execute(t.database.db);
  console.log(`  PostgreSQL: GIN index built + vacuum analyze: ${(ms(t0) / 1000).toFixed(1)} s`);
}

/** For comparison only: a RUM index (ranks inside the index) on the same tokens; null when unavailable. */
async function addRum(t: Target): Promise<string | null> {
  const db = t.database.db;
  try {
    await sql`create extension if not exists rum with schema public`.execute(db);
  } catch (error) {
    console.log(`  (no RUM comparison: ${String(error)}; apt-get install -y postgresql-15-rum)`);
    return null;
  }
  const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
    join pg_namespace n on n.oid = e.extnamespace where e.extname = 'rum'`.execute(db);
  const schema = rows[0]!.schema;
  const t0 = process.hrtime.bigint();
  await sql`set maintenance_work_mem = '512MB'`.execute(db);
  await sql`create index search_tokens_rum on search_tokens using rum (tsv ${sql.raw(`"${schema}"`)}.rum_tsvector_ops)`.execute(db);
  await sql`analyze search_tokens`.execute(db);
  console.log(`  PostgreSQL: RUM index built (for the comparison): ${(ms(t0) / 1000).toFixed(1)} s`);
  return schema;
}

type Runner = (q: string) => Promise<unknown>;

/** The same match directly as SQL, top 10 by the index's own ranking, no count, no filters. */
function floorRunner(t: Target, rumSchema?: string): Runner {
  const db = t.database.db;
  const tsq = (q: string) => sql`${tsqueryLiteral(parseQuery(q).words)}::tsquery`;
  if (t.database.kind === 'sqlite') {
    return (q) => sql`select rowid from search_fts where search_fts match ${ftsQuery(parseQuery(q).words)}
      order by bm25(search_fts, ${sql.lit(TITLE_WEIGHT)}, 1.0, 0.0) limit 10`.execute(db);
  }
  if (rumSchema) {
    const op = sql.raw(`OPERATOR("${rumSchema}".<=>)`);
    return (q) => sql`select id from search_tokens where tsv @@ ${tsq(q)} order by tsv ${op} ${tsq(q)} limit 10`.execute(db);
  }
  return (q) => sql`select id from search_tokens where tsv @@ ${tsq(q)} order by ts_rank(tsv, ${tsq(q)}) desc limit 10`.execute(db);
}

interface Figures {
  names: string[];
  samples: number[][];
  perQuery: Map<string, { samples: number[][]; total: number }>;
}

/** Runs every runner on every query, interleaved, in shuffled rounds; totals come from the API. */
async function measure(t: Target, runners: [string, Runner][]): Promise<Figures> {
  const figures: Figures = { names: runners.map(([n]) => n), samples: runners.map(() => []), perQuery: new Map() };
  for (const q of QUERY_LIST) {
    const total = (await t.index.search({ q })).total; // breadth, and warm-up
    for (const [, run] of runners) await run(q);
    figures.perQuery.set(q, { samples: runners.map(() => []), total });
  }
  const random = rng(SEED);
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS && ms(started) < BUDGET_MS; round++) {
    for (const q of [...QUERY_LIST].sort(() => random() - 0.5)) {
      const entry = figures.perQuery.get(q)!;
      for (const [i, [, run]] of runners.entries()) {
        const t0 = process.hrtime.bigint();
        await run(q);
        entry.samples[i]!.push(ms(t0));
        figures.samples[i]!.push(ms(t0));
      }
    }
  }
  return figures;
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

function report(label: string, f: Figures): string {
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`\n${label}: ${f.samples[0]!.length} samples each — p50 per query (ms); load average now ${load} (${cpus().length} cores)`);
  console.log(`  ${'query'.padEnd(24)} ${'matches'.padStart(8)} ${f.names.map((n) => n.padStart(9)).join(' ')}`);
  for (const [q, e] of f.perQuery) {
    const width = [...q].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    const cells = e.samples.map((xs) => fmt(percentile(sorted(xs), 0.5)).padStart(9));
    console.log(`  ${q}${' '.repeat(Math.max(1, 25 - width))}${String(e.total).padStart(8)} ${cells.join(' ')}`);
  }
  const stats = f.samples.map((xs) => [percentile(sorted(xs), 0.5), percentile(sorted(xs), 0.99)] as const);
  const parts = f.names.map((n, i) => `${n} p50 ${fmt(stats[i]![0])} ms  p99 ${fmt(stats[i]![1])} ms`);
  if (stats.length === 2) parts.push(`ratio p50 ${(stats[0]![0] / stats[1]![0]).toFixed(2)}×  p99 ${(stats[0]![1] / stats[1]![1]).toFixed(2)}×`);
  const line = `${label.padEnd(30)} ${parts.join(' | ')}`;
  console.log(`  ${line}`);
  return line;
}

async function main(): Promise<void> {
  console.log(`Search benchmark: ${DOCS.toLocaleString()} documents, ${QUERY_LIST.length} queries × ${ROUNDS} rounds (budget ${BUDGET_MS / 1000} s per run)`);
  const { targets, cleanup } = await openTargets();
  const summary: string[] = [];
  const stop = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const fresh = targets.filter((t) => !t.reused);
    if (fresh.length > 0) console.log(`Loading into ${fresh.map((t) => t.name).join(' and ')} (batches of ${BATCH})…`);
    if (fresh.length > 0) await load(fresh);
    for (const t of targets) {
      const api: Runner = (q) => t.index.search({ q, pageSize: 10 });
      if (t.database.kind === 'sqlite') {
        if (!t.reused) await finishSqlite(t);
        summary.push(report('SQLite FTS5', await measure(t, [['API', api], ['floor', floorRunner(t)]])));
        continue;
      }
      if (!t.reused) await buildGin(t);
      summary.push(report('PostgreSQL GIN', await measure(t, [['API', api], ['floor', floorRunner(t)]])));
      const rum = args.rum ? await addRum(t) : null;
      if (rum) summary.push(report('PostgreSQL RUM (floor only)', await measure(t, [['RUM floor', floorRunner(t, rum)]])));
    }
    console.log('\nSummary (floor = the same words matched directly in SQL, top 10 by the index ranking, no count, no filters):');
    for (const line of summary) console.log(`  ${line}`);
  } finally {
    process.removeListener('SIGINT', stop);
    await cleanup();
  }
}

await main();
