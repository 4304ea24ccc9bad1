import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { EmbeddedJobQueue } from './embedded-queue.js';
import { fastEmbedded, quietLogger, sleep, waitFor } from './fixtures/test-queues.js';

/** What only the table-backed runner does: leases, re-claims, several runners on one table, wake-up. */
for (const kind of testDialects()) {
  describe(`embedded job queue on ${kind}`, () => {
    let database: TestDatabase;
    const queues: EmbeddedJobQueue[] = [];
    const extraConnections: Database[] = [];

    const newQueue = (options: Partial<ConstructorParameters<typeof EmbeddedJobQueue>[0]> = {}) => {
      const queue = new EmbeddedJobQueue({ database, logger: quietLogger, ...fastEmbedded, ...options });
      queues.push(queue);
      return queue;
    };
    /** A second connection pool, as another process would have. */
    const otherProcessDatabase = (): Database => {
      const other = database.searchPath
        ? openDatabase({ kind: 'postgres', url: database.url, searchPath: database.searchPath })
        : openDatabase({ kind: 'sqlite', file: database.url.slice('sqlite:'.length) });
      extraConnections.push(other);
      return other;
    };

    beforeEach(async () => {
      database = await createTestDatabase(kind);
    });
    afterEach(async () => {
      try {
        await Promise.all(queues.splice(0).map((q) => q.stop()));
        await Promise.all(extraConnections.splice(0).map((d) => d.close()));
      } finally {
        await database.close();
      }
    });

    /** A job some other worker claimed and then died holding (lease already expired). */
    async function abandonedJob(attempts: number, maxAttempts: number): Promise<number> {
      const past = new Date(Date.now() - 60_000).toISOString();
      const row = await database.db
        .insertInto('jobs')
        .values({
          name: 'test.reclaim',
          payload: '{"doc":1}',
          state: 'running',
          attempts,
          max_attempts: maxAttempts,
          run_at: past,
          locked_by: 'dead-host:1:x',
          lease_until: past,
          created_at: past,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }

    test('re-claims a job whose lease expired, skipping the steps its dead worker finished', async () => {
      const id = await abandonedJob(1, 3);
      await database.db.insertInto('job_steps').values({ job_id: String(id), step: 'publish', done_at: new Date().toISOString() }).execute();
      const queue = newQueue();
      const steps: string[] = [];
      let attempt = 0;
      queue.define('test.reclaim', async (_payload, ctx) => {
        attempt = ctx.attempt;
        for (const step of ['publish', 'notify']) await ctx.once(step, async () => void steps.push(step));
      });
      await queue.start();
      await waitFor(async () => (await queue.stats()).done === 1);
      expect(attempt).toBe(2);
      expect(steps).toEqual(['notify']);
      const row = await database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ state: 'done', attempts: 2, locked_by: null, lease_until: null });
    });

    test('a job whose worker died on its last attempt goes to the dead letters', async () => {
      const id = await abandonedJob(2, 2);
      const queue = newQueue();
      let runs = 0;
      queue.define('test.reclaim', async () => void (runs += 1));
      await queue.start();
      await waitFor(async () => (await queue.stats()).dead === 1);
      expect(runs).toBe(0);
      expect(await queue.listDead()).toMatchObject([{ id: String(id), lastError: expect.stringContaining('租约过期') }]);
    });

    test('renews the lease of a long job, so nobody else takes it over', async () => {
      const queue = newQueue({ leaseMs: 150 });
      const rival = newQueue({ leaseMs: 150, database: otherProcessDatabase() });
      let runs = 0;
      for (const q of [queue, rival]) {
        q.define('test.long', async () => {
          runs += 1;
          await sleep(600);
        });
      }
      await queue.start();
      await queue.enqueue('test.long', {});
      await waitFor(() => runs === 1);
      await rival.start();
      await waitFor(async () => (await queue.stats()).done === 1);
      expect(runs).toBe(1);
    });

    test('several runners on one table run each job once, within their concurrency', async () => {
      const runners = [newQueue(), newQueue({ database: otherProcessDatabase() }), newQueue({ database: otherProcessDatabase() })];
      const runs = new Map<number, number>();
      let running = 0;
      let peak = 0;
      for (const runner of runners) {
        runner.define<{ n: number }>(
          'test.shared',
          async ({ n }) => {
            running += 1;
            peak = Math.max(peak, running);
            runs.set(n, (runs.get(n) ?? 0) + 1);
            await sleep(2);
            running -= 1;
          },
          { concurrency: 2 },
        );
      }
      await database.db.transaction().execute(async (trx) => {
        for (let n = 0; n < 120; n++) await runners[0]!.enqueue('test.shared', { n }, { trx });
      });
      await Promise.all(runners.map((r) => r.start()));
      await waitFor(async () => (await runners[0]!.stats()).done === 120, 20_000);
      expect(runs.size).toBe(120);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      expect(peak).toBeLessThanOrEqual(6);
    });

    test('an in-process enqueue wakes the runner without waiting for the poll', async () => {
      const queue = newQueue({ pollMs: 60_000 });
      let ranAt = 0;
      queue.define('test.wake', async () => void (ranAt = Date.now()));
      await queue.start();
      await sleep(50);
      const enqueuedAt = Date.now();
      await queue.enqueue('test.wake', {});
      await waitFor(() => ranAt > 0, 2000);
      expect(ranAt - enqueuedAt).toBeLessThan(1000);
    });

    test('runs only the jobs this process defined', async () => {
      const mailer = newQueue();
      const other = newQueue({ database: otherProcessDatabase() });
      const ran: string[] = [];
      mailer.define('test.mail', async () => void ran.push('mail'));
      other.define('test.mail', async () => void ran.push('wrong process'));
      other.define('test.report', async () => void ran.push('report'));
      await other.enqueue('test.mail', {});
      await other.enqueue('test.report', {});
      await other.stop();
      const reporterOnly = newQueue({ database: otherProcessDatabase() });
      reporterOnly.define('test.report', async () => void ran.push('report'));
      await Promise.all([mailer.start(), reporterOnly.start()]);
      await waitFor(async () => (await mailer.stats()).done === 2);
      expect(ran.sort()).toEqual(['mail', 'report']);
    });
  });
}
