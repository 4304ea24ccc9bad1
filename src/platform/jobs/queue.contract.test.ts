import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { createTestQueue, sleep, testQueueKinds, waitFor, type TestQueue } from './fixtures/test-queues.js';
import { JobTimeoutError, type JobContext } from './queue.js';

/** The behaviour both implementations promise, on every test database. */
for (const kind of testDialects()) {
  for (const queueKind of testQueueKinds()) {
    describe(`job queue contract: ${queueKind} on ${kind}`, () => {
      let database: TestDatabase;
      let subject: TestQueue;

      beforeEach(async () => {
        database = await createTestDatabase(kind);
        subject = createTestQueue(queueKind, database);
      });
      afterEach(async () => {
        try {
          await subject.close();
        } finally {
          await database.close();
        }
      });

      test('runs an enqueued job with its payload, attempt 1, then counts it done', async () => {
        const { queue } = subject;
        const seen: Array<{ payload: unknown; attempt: number; jobId: string }> = [];
        queue.define<{ n: number }>('test.echo', async (payload, ctx) => {
          seen.push({ payload, attempt: ctx.attempt, jobId: ctx.jobId });
        });
        await queue.start();
        const { id, duplicate } = await queue.enqueue('test.echo', { n: 7 });
        expect(duplicate).toBe(false);
        await waitFor(async () => (await queue.stats()).done === 1);
        expect(seen).toEqual([{ payload: { n: 7 }, attempt: 1, jobId: id }]);
        expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 1, dead: 0 });
      });

      test('refuses to enqueue a job that is not defined', async () => {
        await expect(subject.queue.enqueue('test.unknown', {})).rejects.toThrow(/未定义的任务/);
      });

      test('the same idempotency key makes one job', async () => {
        const { queue } = subject;
        let runs = 0;
        queue.define('test.once', async () => {
          runs += 1;
        });
        const first = await queue.enqueue('test.once', { a: 1 }, { idempotencyKey: 'report@2026-11-25' });
        const second = await queue.enqueue('test.once', { a: 2 }, { idempotencyKey: 'report@2026-11-25' });
        expect(second).toEqual({ id: first.id, duplicate: true });
        await queue.start();
        await waitFor(async () => (await queue.stats()).done === 1);
        await sleep(150);
        expect(runs).toBe(1);
        const third = await queue.enqueue('test.once', { a: 3 }, { idempotencyKey: 'report@2026-11-25' });
        expect(third.duplicate).toBe(true);
      });

      test('a job enqueued in a rolled-back transaction never exists; a committed one runs', async () => {
        const { queue } = subject;
        const ran: string[] = [];
        queue.define<{ tag: string }>('test.tx', async ({ tag }) => {
          ran.push(tag);
        });
        await queue.start();
        await expect(
          database.db.transaction().execute(async (trx) => {
            await queue.enqueue('test.tx', { tag: 'rolled-back' }, { trx });
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        await database.db.transaction().execute(async (trx) => {
          await queue.enqueue('test.tx', { tag: 'committed' }, { trx });
        });
        await waitFor(() => ran.length === 1);
        await sleep(200);
        expect(ran).toEqual(['committed']);
        expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: 1, dead: 0 });
      });

      test('does not run a job before runAt', async () => {
        const { queue } = subject;
        const ranAt: number[] = [];
        queue.define('test.later', async () => {
          ranAt.push(Date.now());
        });
        await queue.start();
        const runAt = new Date(Date.now() + 400);
        await queue.enqueue('test.later', {}, { runAt });
        await waitFor(() => ranAt.length === 1);
        expect(ranAt[0]).toBeGreaterThanOrEqual(runAt.getTime() - 5);
      });

      test('retries with exponential back-off and keeps steps done by failed attempts', async () => {
        const { queue } = subject;
        const attempts: Array<{ attempt: number; at: number }> = [];
        let stepRuns = 0;
        queue.define(
          'test.flaky',
          async (_payload, ctx: JobContext) => {
            attempts.push({ attempt: ctx.attempt, at: Date.now() });
            await ctx.once('first-step', async () => {
              stepRuns += 1;
            });
            if (ctx.attempt < 3) throw new Error(`flaky ${ctx.attempt}`);
          },
          { maxAttempts: 5, backoffMs: 100 },
        );
        await queue.start();
        await queue.enqueue('test.flaky', {});
        await waitFor(async () => (await queue.stats()).done === 1);
        expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
        const [a1, a2, a3] = attempts.map((a) => a.at) as [number, number, number];
        expect(a2 - a1).toBeGreaterThanOrEqual(95);
        expect(a3 - a2).toBeGreaterThanOrEqual(195);
        expect(stepRuns).toBe(1);
      });

      test('after maxAttempts a job is dead; retryDead runs it again from where it failed', async () => {
        const { queue } = subject;
        let broken = true;
        let effects = 0;
        queue.define<{ doc: number }>(
          'test.doomed',
          async (_payload, ctx) => {
            await ctx.once('effect', async () => {
              effects += 1;
            });
            if (broken) throw new Error('下游服务不可用');
          },
          { maxAttempts: 2, backoffMs: 10 },
        );
        await queue.start();
        const { id } = await queue.enqueue('test.doomed', { doc: 42 });
        await waitFor(async () => (await queue.stats()).dead === 1);
        const dead = await queue.listDead();
        expect(dead).toHaveLength(1);
        expect(dead[0]).toMatchObject({ id, name: 'test.doomed', payload: { doc: 42 }, attempts: 2 });
        expect(dead[0]?.lastError).toContain('下游服务不可用');

        broken = false;
        await queue.retryDead(id);
        await waitFor(async () => (await queue.stats()).done === 1);
        expect(await queue.listDead()).toEqual([]);
        expect(effects).toBe(1);
        await expect(queue.retryDead(id)).rejects.toThrow(/死信/);
      });

      test('an attempt past timeoutMs fails and its signal aborts', async () => {
        const { queue } = subject;
        const reasons: unknown[] = [];
        queue.define(
          'test.slow',
          async (_payload, ctx) => {
            await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
            reasons.push(ctx.signal.reason);
          },
          { maxAttempts: 1, timeoutMs: 100 },
        );
        await queue.start();
        await queue.enqueue('test.slow', {});
        await waitFor(async () => (await queue.stats()).dead === 1);
        expect(reasons[0]).toBeInstanceOf(JobTimeoutError);
        expect((await queue.listDead())[0]?.lastError).toContain('任务超时');
      });

      test('ctx.once commits the step with its effects, or neither', async () => {
        const { queue } = subject;
        const counted: Array<number | undefined> = [];
        queue.define(
          'test.steps',
          async (_payload, ctx) => {
            counted.push(
              await ctx.once('count', async (trx) => {
                const row = await trx.selectFrom('job_steps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
                return Number(row.n);
              }),
            );
            await ctx.once('write-then-fail', async (trx) => {
              // any write in trx stands for the step's effects
              await trx.insertInto('job_steps').values({ job_id: ctx.jobId, step: `effect-${ctx.attempt}`, done_at: 'x' }).execute();
              if (ctx.attempt === 1) throw new Error('rolled back');
            });
          },
          { maxAttempts: 2, backoffMs: 10 },
        );
        await queue.start();
        const { id } = await queue.enqueue('test.steps', {});
        await waitFor(async () => (await queue.stats()).done === 1);
        expect(counted).toEqual([1, undefined]);
        const steps = await database.db.selectFrom('job_steps').select('step').where('job_id', '=', id).orderBy('step').execute();
        expect(steps.map((s) => s.step)).toEqual(['count', 'effect-2', 'write-then-fail']);
      });

      test('stop waits for running jobs', async () => {
        const { queue } = subject;
        let finished = false;
        let started = false;
        queue.define('test.long', async () => {
          started = true;
          await sleep(300);
          finished = true;
        });
        await queue.start();
        await queue.enqueue('test.long', {});
        await waitFor(() => started);
        await queue.stop();
        expect(finished).toBe(true);
      });
    });
  }
}
