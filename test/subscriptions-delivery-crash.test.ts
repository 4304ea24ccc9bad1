import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { defineDeliveryEngine } from '../src/modules/subscriptions/delivery/index.js';
import { fanoutDeps } from '../src/modules/subscriptions/delivery/fixtures/fanout-deps.js';
import { ensureSite, seedFanout } from '../src/modules/subscriptions/delivery/fixtures/fanout-seed.js';
import { payload } from '../src/modules/subscriptions/delivery/fixtures/engine-harness.js';
import { createNotifyEvent } from '../src/modules/subscriptions/notify-event.js';
import { testDialects, type TestDatabase } from '../src/platform/db/testing.js';
import { crashTestScope, stopWorker } from '../src/platform/jobs/fixtures/crash-harness.js';
import { testQueueKinds, uniquePrefix, waitFor } from '../src/platform/jobs/fixtures/test-queues.js';

/*
 * The acceptance test for the delivery engine: a worker is killed with SIGKILL in the
 * middle of a 100,000-recipient inbox fan-out, a new worker finishes, and every recipient has
 * exactly one delivery and exactly one inbox message.
 */
const recipients = 100_000;
// Small inbox batches make the fan-out take long enough to be caught in the middle.
const workerEnv = { DELIVERY_MATCH_BATCH: '10000', DELIVERY_INBOX_BATCH: '2000' };
const workerScript = 'src/modules/subscriptions/delivery/fixtures/fanout-worker.ts';

async function scalar(database: TestDatabase, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return Number((await query.execute(database.db)).rows[0]!.n);
}

for (const kind of testDialects()) {
  for (const queueKind of testQueueKinds()) {
    describe(`fan-out crash test: ${queueKind} on ${kind}`, () => {
      const scope = crashTestScope();

      test('kill -9 mid fan-out to 100,000 inboxes: one delivery and one message per recipient', async () => {
        const database = await scope.database(kind);
        const siteId = await ensureSite(database);
        await seedFanout(database, { siteId, count: recipients, theme: '规划' });
        const prefix = uniquePrefix();
        const { queue } = scope.queue(queueKind, database, prefix);
        defineDeliveryEngine(fanoutDeps(database, queue, loadConfig(workerEnv).delivery));
        const event = await database.db.transaction().execute((trx) =>
          createNotifyEvent(trx, queue, { siteId, kind: 'publication', dedupeKey: 'crash:1', documentId: null, payload: payload() }),
        );

        const messages = () => scalar(database, sql<{ n: number }>`SELECT count(*) AS n FROM inbox_messages`);
        const first = scope.spawnWorker(workerScript, database, queueKind, prefix, workerEnv);
        await waitFor(async () => (await messages()) > 0, 60_000, `first inbox messages\n${first.output.join('')}`);
        await stopWorker(first, 'SIGKILL');
        const atKill = await messages();
        expect(atKill).toBeGreaterThan(0);
        expect(atKill).toBeLessThan(recipients);

        const second = scope.spawnWorker(workerScript, database, queueKind, prefix, workerEnv);
        await waitFor(async () => (await messages()) === recipients, 90_000, `all inbox messages\n${second.output.join('')}`);
        const pending = () => scalar(database, sql<{ n: number }>`SELECT count(*) AS n FROM deliveries WHERE status <> 'sent'`);
        await waitFor(async () => (await pending()) === 0, 30_000, 'every delivery recorded as sent');
        await stopWorker(second, 'SIGTERM');

        const deliveries = await sql<{ n: number; recipients: number }>`
          SELECT count(*) AS n, count(DISTINCT recipient_key) AS recipients FROM deliveries WHERE event_id = ${event.id}`.execute(database.db);
        expect(deliveries.rows.map((r) => [Number(r.n), Number(r.recipients)])).toEqual([[recipients, recipients]]);
        const inbox = await sql<{ n: number; accounts: number; deliveries: number }>`
          SELECT count(*) AS n, count(DISTINCT account_id) AS accounts, count(DISTINCT delivery_id) AS deliveries FROM inbox_messages`.execute(database.db);
        expect(inbox.rows.map((r) => [Number(r.n), Number(r.accounts), Number(r.deliveries)])).toEqual([[recipients, recipients, recipients]]);
        const row = await database.db.selectFrom('notify_events').select(['status', 'matched_count']).where('id', '=', event.id).executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'matched', matched_count: recipients });
      }, 240_000);
    });
  }
}
