/*
 * Search benchmark: N generated documents (default 100,000 × ~3,000 characters) loaded into
 * SQLite (temporary file) and PostgreSQL (private schema), then p50/p99 latency of ~30 typical
 * queries through the SearchIndex API, next to the same match run directly as SQL (the floor).
 *
 *   node bin/run-ts.js bench/search.ts [--docs 100000] [--rounds 20] [--budget 120]
 *     [--skip-sqlite] [--skip-postgres] [--pg-index both|rum|gin] [--pg-url URL] [--keep]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createSearchIndex } from '../src/platform/search/index.js';
import { createTokenIndex, rumSchema, TOKEN_INDEX } from '../src/platform/search/postgres-setup.js';
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
    'pg-index': { type: 'string', default: 'both' },
    'pg-url': { type: 'string', default: process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    keep: { type: 'boolean', default: false },
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
  database: Database;
  index: SearchEngine;
}

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number): string => n.toFixed(1).padStart(7);
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;

async function openTargets(): Promise<{ targets: Target[]; cleanup: () => Promise<void> }> {
  const targets: Target[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  if (!args['skip-sqlite']) {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-search-'));
    const database = openDatabase({ kind: 'sqlite', file: join(dir, 'bench.db') });
    await migrateToLatest(database);
    targets.push({ name: 'SQLite', database, index: createSearchIndex(database) });
    cleanups.push(async () => {
      await database.close();
      if (!args.keep) rmSync(dir, { recursive: true, force: true });
      else console.log(`kept ${dir}`);
    });
  }
  if (!args['skip-postgres']) {
    const schema = `bench_search_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: args['pg-url'] });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const database = openDatabase({ kind: 'postgres', url: args['pg-url'], searchPath: schema });
    await migrateToLatest(database);
    await sql`drop index ${sql.raw(TOKEN_INDEX)}`.execute(database.db); // rebuilt after the bulk load
    targets.push({ name: 'PostgreSQL', database, index: createSearchIndex(database) });
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

async function buildPgIndex(t: Target, rum: boolean): Promise<'rum' | 'gin'> {
  const t0 = process.hrtime.bigint();
  await sql`set maintenance_work_mem = '512MB'`.execute(t.database.db);
  const method = await createTokenIndex(t.database.db, { rum });
  await sql`vacuum analyze search_entries`.execute(t.database.db);
  console.log(`  PostgreSQL: ${method.toUpperCase()} index built + vacuum analyze: ${(ms(t0) / 1000).toFixed(1)} s`);
  return method;
}

type Runner = (q: string) => Promise<unknown>;

/** The same query directly on the database: the top 10 ids by the index's own ranking. */
function floorRunner(t: Target, pgMethod: 'rum' | 'gin' | null, rumAt: string | null): Runner {
  const db = t.database.db;
  if (t.database.kind === 'sqlite') {
    return (q) => sql`select rowid from search_fts where search_fts match ${ftsQuery(parseQuery(q).words)}
      order by bm25(search_fts, ${sql.lit(TITLE_WEIGHT)}, 1.0) limit 10`.execute(db);
  }
  if (pgMethod === 'rum') {
    const op = sql.raw(`OPERATOR("${rumAt}".<=>)`);
    return (q) => sql`select id from search_entries where tsv @@ ${tsqueryLiteral(parseQuery(q).words)}::tsquery
      order by tsv ${op} ${tsqueryLiteral(parseQuery(q).words)}::tsquery limit 10`.execute(db);
  }
  return (q) => sql`select id from search_entries where tsv @@ ${tsqueryLiteral(parseQuery(q).words)}::tsquery
    order by ts_rank(tsv, ${tsqueryLiteral(parseQuery(q).words)}::tsquery) desc limit 10`.execute(db);
}

interface Figures {
  api: number[];
  floor: number[];
  perQuery: Map<string, { api: number[]; floor: number[]; total: number }>;
}

async function measure(t: Target, api: SearchEngine, floor: Runner): Promise<Figures> {
  const figures: Figures = { api: [], floor: [], perQuery: new Map() };
  for (const q of QUERY_LIST) {
    const total = (await api.search({ q })).total; // warm-up and breadth
    await floor(q);
    figures.perQuery.set(q, { api: [], floor: [], total });
  }
  const random = rng(SEED);
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS && ms(started) < BUDGET_MS; round++) {
    const order = [...QUERY_LIST].sort(() => random() - 0.5);
    for (const q of order) {
      const entry = figures.perQuery.get(q)!;
      let t0 = process.hrtime.bigint();
      await api.search({ q, pageSize: 10 });
      entry.api.push(ms(t0));
      t0 = process.hrtime.bigint();
      await floor(q);
      entry.floor.push(ms(t0));
    }
  }
  for (const entry of figures.perQuery.values()) {
    figures.api.push(...entry.api);
    figures.floor.push(...entry.floor);
  }
  return figures;
}

function report(label: string, f: Figures): string {
  const api = [...f.api].sort((a, b) => a - b);
  const floor = [...f.floor].sort((a, b) => a - b);
  console.log(`\n${label}: ${api.length} samples each`);
  console.log('  query                          matches   API p50  floor p50   API max');
  for (const [q, e] of f.perQuery) {
    const a = [...e.api].sort((x, y) => x - y);
    const fl = [...e.floor].sort((x, y) => x - y);
    console.log(`  ${q.padEnd(28, '　').slice(0, 28)} ${String(e.total).padStart(8)} ${fmt(percentile(a, 0.5))} ${fmt(percentile(fl, 0.5))} ${fmt(a.at(-1)!)}`);
  }
  const [a50, a99, f50, f99] = [percentile(api, 0.5), percentile(api, 0.99), percentile(floor, 0.5), percentile(floor, 0.99)];
  const line = `${label.padEnd(34)} API p50 ${fmt(a50)} ms  p99 ${fmt(a99)} ms | floor p50 ${fmt(f50)} ms  p99 ${fmt(f99)} ms | API/floor p50 ${(a50 / f50).toFixed(2)}×  p99 ${(a99 / f99).toFixed(2)}×`;
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
    console.log(`Loading into ${targets.map((t) => t.name).join(' and ')} (batches of ${BATCH})…`);
    await load(targets);
    for (const t of targets) {
      if (t.database.kind === 'sqlite') {
        await finishSqlite(t);
        summary.push(report('SQLite FTS5 + bm25', await measure(t, t.index, floorRunner(t, null, null))));
        continue;
      }
      const wanted = args['pg-index'];
      if (wanted !== 'gin') {
        const method = await buildPgIndex(t, true);
        if (method === 'rum') {
          const at = await rumSchema(t.database.db);
          const api = createSearchIndex(t.database, { pgRanking: 'rum' });
          summary.push(report('PostgreSQL RUM (rank in index)', await measure(t, api, floorRunner(t, 'rum', at))));
        } else console.log('  (rum extension not available: apt-get install -y postgresql-15-rum)');
      }
      if (wanted !== 'rum') {
        await buildPgIndex(t, false);
        const api = createSearchIndex(t.database, { pgRanking: 'capped' });
        summary.push(report('PostgreSQL GIN (capped ts_rank)', await measure(t, api, floorRunner(t, 'gin', null))));
      }
    }
    console.log('\nSummary (floor = the same match run directly as SQL, top 10 by the index ranking):');
    for (const line of summary) console.log(`  ${line}`);
  } finally {
    process.removeListener('SIGINT', stop);
    await cleanup();
  }
}

await main();
