import { seededRandom } from '../src/platform/random.js';
/*
 * Annual-report benchmark: N generated disclosure applications (default 100,000, received over
 * 2023–2026, every applicant column and reply type, ~10 % still open) plus appeals (2 % of cases)
 * and a policy library of 2,000 documents, on SQLite (temporary file) and PostgreSQL (private
 * schema in the test database, as the tests use), then the time to compute the 2025 report.
 *
 *   node bin/run-ts.js bench/annual-report.ts [--cases 100000] [--rounds 7] [--skip-sqlite] [--skip-postgres]
 *
 * Printed per database: load time (not part of the report), then min / median of
 *   - computeReport: tables 2, 3 and 4 plus the data-problem scan (what the console page and CLI run);
 *   - table 3 alone through the SQL aggregate;
 *   - table 3 by streaming every case row into JS (the alternative to aggregating in SQL);
 *   - rendering .docx and .xlsx from the computed report.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { replyTypeCodes } from '../src/modules/applications/applications.vocabulary.js';
import { reportDocx } from '../src/modules/applications/report/report.docx.js';
import { computeTable3, yearEnd, type CaseInput } from '../src/modules/applications/report/report.compute.js';
import { columnCodes, emptyManual } from '../src/modules/applications/report/report.model.js';
import { computeReport, liveData } from '../src/modules/applications/report/report.service.js';
import { caseBuckets } from '../src/modules/applications/report/report.store.js';
import { insertAppeals, insertCases, insertDocument, type SeedAppeal, type SeedCase } from '../src/modules/applications/report/report.testing.js';
import { reportXlsx } from '../src/modules/applications/report/report.xlsx.js';
import type { DatabaseKind } from '../src/platform/db/database.js';
import { createTestDatabase, type TestDatabase } from '../src/platform/db/testing.js';
import { ensureDefaultSite } from '../src/seed/default-site.js';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
    seed: { type: 'string', default: '20261125' },
    'skip-sqlite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
  },
});
const CASES = Number(args.cases);
const ROUNDS = Number(args.rounds);
const YEAR = 2025;

/** The shared seeded PRNG: every run and both databases get the same data. */
const rng = seededRandom;

const DAY = 86_400_000;
const FIRST = Date.UTC(2023, 0, 1);
const SPAN_DAYS = 365 * 3 + 300; // to late October 2026
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function generate(n: number, seed: number): { cases: SeedCase[]; appealOf: { index: number; appeal: Omit<SeedAppeal, 'applicationId'> }[] } {
  const random = rng(seed);
  const columnWeights = [0.72, 0.14, 0.03, 0.03, 0.04, 0.04];
  const pickColumn = () => {
    let x = random();
    for (let i = 0; i < columnWeights.length; i += 1) if ((x -= columnWeights[i]!) < 0) return columnCodes[i]!;
    return columnCodes[0]!;
  };
  const cases: SeedCase[] = [];
  const appealOf: { index: number; appeal: Omit<SeedAppeal, 'applicationId'> }[] = [];
  for (let i = 0; i < n; i += 1) {
    const received = FIRST + Math.floor(random() * SPAN_DAYS) * DAY;
    const open = random() < 0.1;
    const replyType = random() < 0.55 ? 'disclosed' : replyTypeCodes[Math.floor(random() * replyTypeCodes.length)]!;
    const repliedOn = date(received + Math.floor(1 + random() * 40) * DAY);
    cases.push({ number: `B${String(i).padStart(7, '0')}`, column: pickColumn(), receivedOn: date(received), ...(open ? {} : { replyType, repliedOn, closedOn: random() < 0.5 ? repliedOn : null }) });
    if (!open && random() < 0.02) {
      const filed = Date.parse(repliedOn) + Math.floor(5 + random() * 50) * DAY;
      const decided = filed + Math.floor(30 + random() * 120) * DAY;
      const outcome = (['upheld', 'corrected', 'other', 'pending'] as const)[Math.floor(random() * 4)]!;
      const kind = (['reconsideration', 'litigation_direct', 'litigation_after_reconsideration'] as const)[Math.floor(random() * 3)]!;
      appealOf.push({ index: i, appeal: { kind, filedOn: date(filed), outcome, decidedOn: outcome === 'pending' ? null : date(decided) } });
    }
  }
  return { cases, appealOf };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number) => `${n.toFixed(1).padStart(8)} ms`;

async function time(label: string, fn: () => Promise<unknown>): Promise<void> {
  const runs: number[] = [];
  await fn(); // warm-up: plans cached, pages in memory
  for (let i = 0; i < ROUNDS; i += 1) {
    const t0 = process.hrtime.bigint();
    await fn();
    runs.push(ms(t0));
  }
  runs.sort((a, b) => a - b);
  console.log(`  ${label.padEnd(52)} min ${fmt(runs[0]!)}   median ${fmt(runs[Math.floor(runs.length / 2)]!)}`);
}

async function bench(kind: DatabaseKind, data: ReturnType<typeof generate>): Promise<void> {
  let database: TestDatabase | undefined;
  try {
    database = await createTestDatabase(kind);
    const db = database.db;
    await ensureDefaultSite(database);
    const site = await db.selectFrom('sites').select(['id', 'name']).orderBy('id').executeTakeFirstOrThrow();
    const t0 = process.hrtime.bigint();
    const ids = await insertCases(db, site.id, data.cases);
    await insertAppeals(db, data.appealOf.map(({ index, appeal }) => ({ ...appeal, applicationId: ids[index]! })));
    const random = rng(7);
    for (let i = 0; i < 2000; i += 1) {
      const published = FIRST - 400 * DAY + Math.floor(random() * 1500) * DAY;
      const repealed = random() < 0.2;
      await insertDocument(db, site.id, {
        type: random() < 0.3 ? 'regulation' : 'normative', publishedAt: new Date(published).toISOString(),
        validity: repealed ? 'repealed' : 'current', validityChangedOn: repealed ? date(published + Math.floor(random() * 600) * DAY) : null,
      });
    }
    await sql`analyze`.execute(db);
    console.log(`\n${kind}: ${data.cases.length.toLocaleString('en')} cases, ${data.appealOf.length.toLocaleString('en')} appeals, 2,000 documents loaded in ${(ms(t0) / 1000).toFixed(1)} s`);

    const reportSite = { id: site.id, organ: site.name };
    const manual = { ...emptyManual(), licensing: 1, penalty: 2, enforcement: 3, fees: 4.5 };
    const live = await computeReport(db, site.id, YEAR, manual);
    const totals = live.table3;
    console.log(`  ${YEAR}: 一 ${totals.received.total}, 二 ${totals.carriedIn.total}, 三（七）${totals.resultsTotal.total}, 四 ${totals.carriedOut.total}; invariant ${live.violations.length ? 'BROKEN' : 'holds'}; ${live.problems.length} data problems`);
    await time(`computeReport ${YEAR} (tables 2, 3, 4 + problem scan)`, () => computeReport(db, site.id, YEAR, manual));
    await time('table 3: SQL aggregate (caseBuckets)', () => caseBuckets(db, site.id, YEAR));
    await time('table 3: every row streamed into JS (computeTable3)', async () => {
      const inputs: CaseInput[] = [];
      const rows = await db.selectFrom('applications').select(['applicant_column', 'received_on', 'reply_type', 'replied_on', 'closed_on'])
        .where('site_id', '=', site.id).where('received_on', '<=', yearEnd(YEAR)).execute();
      for (const r of rows) {
        const on = r.reply_type === null ? null : (r.replied_on ?? r.closed_on);
        inputs.push({ column: r.applicant_column, receivedOn: r.received_on, outcome: r.reply_type && on ? { replyType: r.reply_type, on } : null });
      }
      return computeTable3(inputs, YEAR);
    });
    const reportData = liveData(reportSite, YEAR, live, { overview: '总体情况。', problems: '问题。', other: '' });
    await time('render .docx', () => reportDocx(reportData));
    await time('render .xlsx', () => reportXlsx(reportData));
  } catch (error) {
    console.log(`\n${kind}: skipped — ${(error as Error).message}`);
  } finally {
    await database?.close();
  }
}

const data = generate(CASES, Number(args.seed));
console.log(`Annual report benchmark: ${CASES.toLocaleString('en')} cases, ${ROUNDS} timed rounds after one warm-up; Node ${process.version}`);
if (!args['skip-sqlite']) await bench('sqlite', data);
if (!args['skip-postgres']) await bench('postgres', data);
