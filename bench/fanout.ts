// Benchmark: fan-out of one publication event to N inbox subscribers (default 1,000,000) plus an
// e-mail share (one e-mail subscriber per EMAIL_EVERY - 1 inbox ones, default 1 %) sent through
// the real e-mail channel to an SMTP sink, on SQLite and PostgreSQL, against the floor of plain
// INSERT … SELECT statements writing the same inbox rows.
// Run: node bin/run-ts.js bench/fanout.ts   (N=1000000 KINDS=sqlite,postgres,postgres+bullmq; see bench/README.md)
// `+bullmq`: the jobs run in WORKERS (default 2) worker processes against Redis (REDIS_URL, default
// redis://127.0.0.1:6379) and the same database, as in production; the bench process only enqueues.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { defaultMatchBatch, loadConfig } from '../src/config/config.js';
import { defineDeliveryEngine } from '../src/modules/subscriptions/delivery/index.js';
import { isOpenDelivery } from '../src/modules/subscriptions/delivery/deps.js';
import { fanoutDeps, sinkSenders } from '../src/modules/subscriptions/delivery/fixtures/fanout-deps.js';
import { ensureSite, seedFanout } from '../src/modules/subscriptions/delivery/fixtures/fanout-seed.js';
import { payload } from '../src/modules/subscriptions/delivery/fixtures/engine-harness.js';
import { createNotifyEvent } from '../src/modules/subscriptions/notify-event.js';
import { createTestDatabase, type TestDatabase } from '../src/platform/db/testing.js';
import { BullmqJobQueue } from '../src/platform/jobs/bullmq-queue.js';
import { EmbeddedJobQueue } from '../src/platform/jobs/embedded-queue.js';
import { dropRedisPrefix, quietLogger } from '../src/platform/jobs/fixtures/test-queues.js';
import type { JobQueue } from '../src/platform/jobs/queue.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const N = Number(process.env.N ?? 1_000_000);
// Every EMAIL_EVERY-th subscriber takes e-mail instead of the inbox (0: no e-mail share).
const emailEvery = Number(process.env.EMAIL_EVERY ?? 101);
const emailShare = emailEvery > 0 ? Math.floor(N / (emailEvery - 1)) : 0;
// The bench's sink takes mail as fast as it comes; the rate limit is the engine's (default here 1,000/s).
process.env.MAIL_RATE_PER_SECOND ??= '1000';
const mailRate = loadConfig(process.env).mail.ratePerSecond;
const kinds = (process.env.KINDS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres' | 'sqlite+bullmq' | 'postgres+bullmq')[];
const workerCount = Number(process.env.WORKERS ?? 2);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const baseSettings = loadConfig(process.env).delivery;
// The engine's batch for this database unless DELIVERY_MATCH_BATCH says otherwise (the process has no DATABASE_URL).
const settingsFor = (dialect: 'sqlite' | 'postgres') => ({ ...baseSettings, matchBatch: process.env.DELIVERY_MATCH_BATCH ? baseSettings.matchBatch : defaultMatchBatch(dialect) });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function scalar(database: TestDatabase, query: ReturnType<typeof sql<{ n: number | null }>>): Promise<number> {
  return Number((await query.execute(database.db)).rows[0]?.n ?? 0);
}

async function newEvent(database: TestDatabase, jobs: JobQueue, siteId: number, key: string): Promise<number> {
  const created = await database.db.transaction().execute((trx) =>
    createNotifyEvent(trx, jobs, { siteId, kind: 'publication', dedupeKey: key, documentId: null, payload: payload() }),
  );
  return created.id;
}

/** The floor: one INSERT … SELECT for the inbox deliveries and one for their messages, no batches, no jobs. */
async function floor(database: TestDatabase, siteId: number, eventId: number): Promise<number> {
  const now = new Date().toISOString();
  const t0 = performance.now();
  await database.db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO deliveries (event_id, recipient_key, channel, subscription_id, account_id, address, frequency, status, attempts, created_at, sent_at)
      SELECT ${eventId}, 'a:' || CAST(sb.account_id AS TEXT), s.channel, s.id, sb.account_id, NULL, s.frequency, 'sent', 1, ${now}, ${now}
      FROM subscriptions s JOIN subscribers sb ON sb.id = s.subscriber_id JOIN accounts a ON a.id = sb.account_id
      WHERE s.site_id = ${siteId} AND s.status = 'active' AND a.status = 'active' AND s.criterion = 'theme' AND s.value = '规划' AND s.channel = 'inbox'
      ON CONFLICT (event_id, recipient_key, channel) DO NOTHING`.execute(trx);
    await sql`
      INSERT INTO inbox_messages (site_id, account_id, category, title, body, link, created_at, read_at, delivery_id)
      SELECT ${siteId}, d.account_id, '政策订阅', 'floor', 'floor', '/documents/7', ${now}, NULL, d.id FROM deliveries d WHERE d.event_id = ${eventId}
      ON CONFLICT (delivery_id) DO NOTHING`.execute(trx);
  });
  return performance.now() - t0;
}

/** A worker process running the delivery engine on the BullMQ queue (the crash test's fixture). */
function spawnWorker(database: TestDatabase, prefix: string, sink: SmtpSink, matchBatch: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'src/modules/subscriptions/delivery/fixtures/fanout-worker.ts'], {
    env: {
      ...process.env,
      CRASH_TEST_DB: database.url,
      CRASH_TEST_SEARCH_PATH: database.searchPath ?? '',
      CRASH_TEST_REDIS_URL: redisUrl,
      CRASH_TEST_PREFIX: prefix,
      FANOUT_WORKER_TIMINGS: 'production',
      FANOUT_SMTP_URL: sink.url,
      DELIVERY_MATCH_BATCH: String(matchBatch),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready`)));
  });
}

/** Peak RSS of a live process (Linux VmHWM), in bytes; 0 where /proc is not there. */
function peakRssOf(pid: number | undefined): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) * 1024;
  } catch {
    return 0;
  }
}

const stopWorker = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

const results: string[] = [];
console.log(`fan-out to ${N.toLocaleString('en')} inbox subscribers and ${emailShare.toLocaleString('en')} by e-mail (SMTP sink, ${mailRate}/s); load average ${load()} (the machine is shared)`);
for (const kind of kinds) {
  const [dialect, queueKind] = kind.split('+') as ['sqlite' | 'postgres', 'bullmq' | undefined];
  const database = await createTestDatabase(dialect);
  const prefix = `gk-bench-${randomBytes(5).toString('hex')}`;
  const workers: ChildProcess[] = [];
  let jobs: JobQueue | undefined;
  const sink = await startSmtpSink();
  try {
    const siteId = await ensureSite(database);
    const t0 = performance.now();
    await seedFanout(database, { siteId, count: N + emailShare, theme: '规划', emailEvery: emailShare ? emailEvery : 0 });
    const byChannel = async (channel: string) => scalar(database, sql`SELECT count(*) AS n FROM subscriptions WHERE channel = ${channel}`);
    const [inboxN, emailN] = [await byChannel('inbox'), await byChannel('email')];
    console.log(`${kind}: seeded ${(N + emailShare).toLocaleString('en')} accounts, subscribers and subscriptions (${inboxN.toLocaleString('en')} inbox, ${emailN.toLocaleString('en')} e-mail) in ${seconds(performance.now() - t0)}`);

    const queue: JobQueue = queueKind === 'bullmq'
      ? new BullmqJobQueue({ database, redisUrl, prefix, logger: quietLogger })
      : new EmbeddedJobQueue({ database, logger: quietLogger, pollMs: 50 });
    jobs = queue;
    const settings = settingsFor(dialect);
    defineDeliveryEngine(fanoutDeps(database, queue, settings, sinkSenders(sink.url, mailRate)));

    const floorEvent = await newEvent(database, queue, siteId, 'bench:floor');
    // The floor event's match job must not run: mark it matched before the queue starts.
    await database.db.updateTable('notify_events').set({ status: 'matched' }).where('id', '=', floorEvent).execute();
    const floorLoad = load();
    const floorMs = await floor(database, siteId, floorEvent);
    console.log(`${kind}: floor (INSERT … SELECT deliveries + inbox) ${seconds(floorMs)} (load ${floorLoad})`);
    await sql`DELETE FROM inbox_messages`.execute(database.db);
    await sql`DELETE FROM deliveries`.execute(database.db);
    if (dialect === 'postgres') await sql`VACUUM ANALYZE`.execute(database.db);

    // The worker processes start (and compile) before the clock starts; the bench process only enqueues.
    if (queueKind === 'bullmq') workers.push(...(await Promise.all(Array.from({ length: workerCount }, () => spawnWorker(database, prefix, sink, settings.matchBatch)))));
    const engineLoad = load();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    // Times come from the rows (matched_at, the last sent_at): a poll on SQLite's one connection would wait for the engine.
    const started = Date.now();
    const eventId = await newEvent(database, queue, siteId, 'bench:engine');
    if (queueKind !== 'bullmq') await queue.start();
    for (;;) {
      await sleep(250);
      const status = (await database.db.selectFrom('notify_events').select('status').where('id', '=', eventId).executeTakeFirstOrThrow()).status;
      if (status === 'matching') continue;
      // Through the partial index of open work: a scan of the million finished rows would hold SQLite's one connection.
      const open = await scalar(database, sql`SELECT count(*) AS n FROM deliveries WHERE status IN ('pending', 'sending', 'failed') AND ${isOpenDelivery()} AND event_id = ${eventId}`);
      if (open === 0) break;
    }
    clearInterval(sampler);
    const event = await database.db.selectFrom('notify_events').select('matched_at').where('id', '=', eventId).executeTakeFirstOrThrow();
    const lastSent = (channel: string) =>
      database.db.selectFrom('deliveries').select((eb) => eb.fn.max('sent_at').as('at')).where('event_id', '=', eventId).where('channel', '=', channel).executeTakeFirstOrThrow();
    const matchedMs = Date.parse(event.matched_at!) - started;
    const doneMs = Date.parse(String((await lastSent('inbox')).at)) - started;
    const mailDoneMs = emailN ? Date.parse(String((await lastSent('email')).at)) - started : 0;
    const mailSent = await scalar(database, sql`SELECT count(*) AS n FROM deliveries WHERE event_id = ${eventId} AND channel = 'email' AND status = 'sent'`);
    const workerPeaks = workers.map((w) => peakRssOf(w.pid));
    const written = await scalar(database, sql`SELECT count(*) AS n FROM inbox_messages`);
    const deliveries = await scalar(database, sql`SELECT count(*) AS n FROM deliveries WHERE event_id = ${eventId}`);
    if (written !== inboxN || deliveries !== inboxN + emailN) throw new Error(`${kind}: expected ${inboxN + emailN} deliveries and ${inboxN} messages, got ${deliveries} and ${written}`);
    if (mailSent !== emailN || sink.accepted !== emailN || sink.duplicates) throw new Error(`${kind}: ${emailN} e-mails due, ${mailSent} recorded sent, ${sink.accepted} accepted by the sink (${sink.duplicates} twice)`);
    const memory = queueKind === 'bullmq'
      ? `peak RSS of the ${workers.length} workers ${workerPeaks.map(mb).join(', ')}; bench process ${mb(peakRss)}`
      : `peak RSS ${mb(peakRss)} (${mb(rssBefore)} before)`;
    const mail = emailN ? `; ${emailN.toLocaleString('en')} e-mails accepted by the sink in ${seconds(mailDoneMs)} (${Math.round(emailN / (mailDoneMs / 1000))}/s, ${mb(sink.bytes)})` : '';
    const line = `${kind} (match batch ${settings.matchBatch.toLocaleString('en')}): matched in ${seconds(matchedMs)}, every inbox delivery recorded and message written in ${seconds(doneMs)}; floor ${seconds(floorMs)} (load ${floorLoad}); engine ÷ floor ${(doneMs / floorMs).toFixed(2)}${mail}; ${memory}; load ${engineLoad} → ${load()}`;
    console.log(line);
    results.push(line);
  } finally {
    await Promise.all(workers.map(stopWorker));
    await jobs?.stop();
    if (queueKind === 'bullmq') await dropRedisPrefix(redisUrl, prefix);
    await database.close();
    await sink.close();
  }
}
console.log(`\n${results.join('\n')}\nload average now ${load()}`);
