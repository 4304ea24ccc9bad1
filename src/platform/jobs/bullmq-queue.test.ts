import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { BullmqJobQueue } from './bullmq-queue.js';
import { bullJobId } from './outbox.js';
import type { JobLogger } from './queue.js';
import { dropRedisPrefix, fastBullmq, quietLogger, sleep, uniquePrefix, waitFor } from './fixtures/test-queues.js';

describe('outbox job ids', () => {
  test('are valid BullMQ custom ids, stable per row, derived from the key when there is one', () => {
    const keyed = bullJobId({ id: 7, idempotency_key: 'deadline-reminders@2026-11-25T18:00:00.000Z' });
    expect(keyed).toMatch(/^k-[0-9a-f]{40}$/);
    expect(bullJobId({ id: 8, idempotency_key: 'deadline-reminders@2026-11-25T18:00:00.000Z' })).toBe(keyed);
    expect(bullJobId({ id: 7, idempotency_key: null })).toBe('o-7');
  });
});

/** What only the BullMQ adapter does: the outbox between the database and Redis. Runs when TEST_REDIS_URL is set. */
const redisUrls = process.env.TEST_REDIS_URL ? [process.env.TEST_REDIS_URL] : [];

for (const redisUrl of redisUrls) {
  for (const kind of testDialects()) {
    describe(`BullMQ job queue on ${kind}`, () => {
      let database: TestDatabase;
      let prefix: string;
      const queues: BullmqJobQueue[] = [];

      const newQueue = (url = redisUrl, logger: JobLogger = quietLogger) => {
        const queue = new BullmqJobQueue({ database, redisUrl: url, prefix, logger, ...fastBullmq });
        queues.push(queue);
        return queue;
      };
      const outbox = () => database.db.selectFrom('job_outbox').selectAll().orderBy('id').execute();

      beforeEach(async () => {
        database = await createTestDatabase(kind);
        prefix = uniquePrefix();
      });
      afterEach(async () => {
        try {
          await Promise.all(queues.splice(0).map((q) => q.stop()));
          await dropRedisPrefix(redisUrl, prefix);
        } finally {
          await database.close();
        }
      });

      test('a job committed with its transaction but never pushed (crash) is pushed by the relay and runs once', async () => {
        const crashed = newQueue();
        crashed.define('test.outbox', async () => {});
        await database.db.transaction().execute(async (trx) => {
          await crashed.enqueue('test.outbox', { doc: 1 }, { trx });
        });
        expect((await outbox())[0]?.pushed_at).toBeNull();

        const worker = newQueue();
        let runs = 0;
        worker.define('test.outbox', async () => void (runs += 1));
        await worker.start();
        await waitFor(async () => (await worker.stats()).done === 1);
        expect((await outbox())[0]?.pushed_at).not.toBeNull();

        // a relay that crashed after pushing but before marking pushes the row again: still one job
        await database.db.updateTable('job_outbox').set({ pushed_at: null }).execute();
        await waitFor(async () => (await outbox())[0]?.pushed_at !== null);
        await sleep(200);
        expect(runs).toBe(1);
        expect(await worker.stats()).toMatchObject({ pending: 0, done: 1 });
      });

      test('an enqueue while Redis is down is kept in the outbox and runs when a worker reaches Redis', async () => {
        const logged: string[] = [];
        const record = (_obj: object, msg?: string) => void logged.push(msg ?? '');
        const offline = newQueue('redis://127.0.0.1:1', { info: record, warn: record, error: record });
        offline.define('test.offline', async () => {});
        const started = Date.now();
        const { duplicate } = await offline.enqueue('test.offline', { doc: 2 });
        expect(duplicate).toBe(false);
        expect(Date.now() - started).toBeLessThan(5000);
        expect((await outbox()).map((row) => row.pushed_at)).toEqual([null]);
        expect(logged).toContain('任务已入发件箱，推送到 Redis 失败，稍后重试');

        const worker = newQueue();
        const payloads: unknown[] = [];
        worker.define('test.offline', async (payload) => void payloads.push(payload));
        await worker.start();
        await waitFor(() => payloads.length === 1);
        expect(payloads).toEqual([{ doc: 2 }]);
      });

      test('a rolled-back transaction leaves no outbox row', async () => {
        const queue = newQueue();
        queue.define('test.rollback', async () => {});
        await database.db
          .transaction()
          .execute(async (trx) => {
            await queue.enqueue('test.rollback', {}, { trx });
            throw new Error('abort');
          })
          .catch(() => {});
        expect(await outbox()).toEqual([]);
      });

      test('the database, not Redis retention, remembers idempotency keys', async () => {
        const queue = newQueue();
        let runs = 0;
        queue.define('test.keyed', async () => void (runs += 1));
        await queue.start();
        const first = await queue.enqueue('test.keyed', {}, { idempotencyKey: 'digest@2026-11-25' });
        await waitFor(async () => (await queue.stats()).done === 1);
        await queues[0]!.stop();
        await dropRedisPrefix(redisUrl, prefix);

        const later = newQueue();
        later.define('test.keyed', async () => void (runs += 1));
        await later.start();
        expect(await later.enqueue('test.keyed', {}, { idempotencyKey: 'digest@2026-11-25' })).toEqual({ id: first.id, duplicate: true });
        await sleep(300);
        expect(runs).toBe(1);
      });
    });
  }
}
