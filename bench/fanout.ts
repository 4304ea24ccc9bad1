// Benchmark: fan-out of one publication event to N inbox subscribers (default 1,000,000) on SQLite
// and PostgreSQL, against the floor of plain INSERT … SELECT statements writing the same rows.
// Run: node bin/run-ts.js bench/fanout.ts   (N=1000000 KINDS=sqlite,postgres; see bench/README.md)
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/config.js';
import { defineDeliveryEngine } from '../src/modules/subscriptions/delivery/index.js';
import { fanoutDeps } from '../src/modules/subscriptions/delivery/fixtures/fanout-deps.js';
import { ensureSite, seedFanout } from '../src/modules/subscriptions/delivery/fixtures/fanout-seed.js';
import { payload } from '../src/modules/subscriptions/delivery/fixtures/engine-harness.js';
import { createNotifyEvent } from '../src/modules/subscriptions/notify-event.js';
import { createTestDatabase, type TestDatabase } from '../src/platform/db/testing.js';
import { EmbeddedJobQueue } from '../src/platform/jobs/embedded-queue.js';
import { quietLogger } from '../src/platform/jobs/fixtures/test-queues.js';

const N = Number(process.env.N ?? 1_000_000);
const kinds = (process.env.KINDS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const settings = loadConfig(process.env).delivery;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function scalar(database: TestDatabase, query: ReturnType<typeof sql<{ n: number | null }>>): Promise<number> {
  return Number((await query.execute(database.db)).rows[0]?.n ?? 0);
}

async function newEvent(database: TestDatabase, jobs: EmbeddedJobQueue, siteId: number, key: string): Promise<number> {
  const created = await database.db.transaction().execute((trx) =>
    createNotifyEvent(trx, jobs, { siteId, kind: 'publication', dedupeKey: key, documentId: null, payload: payload() }),
  );
  return created.id;
}

/** The floor: one INSERT … SELECT for the deliveries and one for the inbox messages, no batches, no jobs. */
async function floor(database: TestDatabase, siteId: number, eventId: number): Promise<number> {
  const now = new Date().toISOString();
  const t0 = performance.now();
  await database.db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO deliveries (event_id, recipient_key, channel, subscription_id, account_id, address, frequency, status, attempts, created_at, sent_at)
      SELECT ${eventId}, 'a:' || CAST(sb.account_id AS TEXT), s.channel, s.id, sb.account_id, NULL, s.frequency, 'sent', 1, ${now}, ${now}
      FROM subscriptions s JOIN subscribers sb ON sb.id = s.subscriber_id JOIN accounts a ON a.id = sb.account_id
      WHERE s.site_id = ${siteId} AND s.status = 'active' AND a.status = 'active' AND s.criterion = 'theme' AND s.value = '规划'
      ON CONFLICT (event_id, recipient_key, channel) DO NOTHING`.execute(trx);
    await sql`
      INSERT INTO inbox_messages (site_id, account_id, category, title, body, link, created_at, read_at, delivery_id)
      SELECT ${siteId}, d.account_id, '政策订阅', 'floor', 'floor', '/documents/7', ${now}, NULL, d.id FROM deliveries d WHERE d.event_id = ${eventId}
      ON CONFLICT (delivery_id) DO NOTHING`.execute(trx);
  });
  return performance.now() - t0;
}

const results: string[] = [];
console.log(`fan-out to ${N.toLocaleString('en')} inbox subscribers; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (the machine is shared)`);
for (const kind of kinds) {
  const database = await createTestDatabase(kind);
  try {
    const siteId = await ensureSite(database);
    const t0 = performance.now();
    await seedFanout(database, { siteId, count: N, theme: '规划' });
    console.log(`${kind}: seeded ${N.toLocaleString('en')} accounts, subscribers and subscriptions in ${seconds(performance.now() - t0)}`);

    const jobs = new EmbeddedJobQueue({ database, logger: quietLogger, pollMs: 50 });
    defineDeliveryEngine(fanoutDeps(database, jobs, settings));

    const floorEvent = await newEvent(database, jobs, siteId, 'bench:floor');
    // The floor event's match job must not run: mark it matched before the queue starts.
    await database.db.updateTable('notify_events').set({ status: 'matched' }).where('id', '=', floorEvent).execute();
    const floorMs = await floor(database, siteId, floorEvent);
    console.log(`${kind}: floor (INSERT … SELECT deliveries + inbox) ${seconds(floorMs)}`);
    await sql`DELETE FROM inbox_messages`.execute(database.db);
    await sql`DELETE FROM deliveries`.execute(database.db);
    if (kind === 'postgres') await sql`VACUUM ANALYZE`.execute(database.db);

    const eventId = await newEvent(database, jobs, siteId, 'bench:engine');
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    // Times come from the rows (matched_at, the last sent_at): a poll on SQLite's one connection would wait for the engine.
    const started = Date.now();
    await jobs.start();
    for (;;) {
      await sleep(250);
      const status = (await database.db.selectFrom('notify_events').select('status').where('id', '=', eventId).executeTakeFirstOrThrow()).status;
      if (status !== 'matching' && (await scalar(database, sql`SELECT count(*) AS n FROM deliveries WHERE event_id = ${eventId} AND status = 'pending' AND channel = 'inbox'`)) === 0) break;
    }
    clearInterval(sampler);
    const event = await database.db.selectFrom('notify_events').select('matched_at').where('id', '=', eventId).executeTakeFirstOrThrow();
    const lastSent = await database.db.selectFrom('deliveries').select((eb) => eb.fn.max('sent_at').as('at')).where('event_id', '=', eventId).executeTakeFirstOrThrow();
    const matchedMs = Date.parse(event.matched_at!) - started;
    const doneMs = Date.parse(String(lastSent.at)) - started;
    await jobs.stop();
    const written = await scalar(database, sql`SELECT count(*) AS n FROM inbox_messages`);
    const deliveries = await scalar(database, sql`SELECT count(*) AS n FROM deliveries WHERE event_id = ${eventId}`);
    if (written !== N || deliveries !== N) throw new Error(`${kind}: expected ${N} deliveries and messages, got ${deliveries} and ${written}`);
    const line = `${kind}: matched in ${seconds(matchedMs)}, every delivery recorded and inbox written in ${seconds(doneMs)}; floor ${seconds(floorMs)}; engine ÷ floor ${(doneMs / floorMs).toFixed(2)}; peak RSS ${Math.round(peakRss / 2 ** 20)} MB (${Math.round(rssBefore / 2 ** 20)} MB before)`;
    console.log(line);
    results.push(line);
  } finally {
    await database.close();
  }
}
console.log(`\n${results.join('\n')}\nbatches: match ${settings.matchBatch}, inbox ${settings.inboxBatch}; load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
