import { describe, expect, test } from 'vitest';
import { testDialects } from '../db/testing.js';
import { countEffects, crashJobName, createEffectsTable, defineCrashJob, hasEffect } from './fixtures/crash-job.js';
import { crashTestScope, stopWorker } from './fixtures/crash-harness.js';
import { testQueueKinds, uniquePrefix, waitFor } from './fixtures/test-queues.js';

/*
 * The acceptance test: a worker process is killed with SIGKILL in the middle of 300 jobs,
 * a new one finishes them, and every job has had its effect exactly once.
 */
const jobs = 300;
const workerScript = 'src/platform/jobs/fixtures/crash-worker.ts';

for (const kind of testDialects()) {
  for (const queueKind of testQueueKinds()) {
    describe(`crash test: ${queueKind} on ${kind}`, () => {
      const scope = crashTestScope();

      test('kill -9 a worker mid-way: a new worker finishes, each job has exactly one effect', async () => {
        const database = await scope.database(kind);
        await createEffectsTable(database);
        const prefix = uniquePrefix();
        const { queue } = scope.queue(queueKind, database, prefix);
        defineCrashJob(queue);
        for (let n = 0; n < jobs; n++) await queue.enqueue(crashJobName, { n });

        const hangAt = jobs / 3;
        const first = scope.spawnWorker(workerScript, database, queueKind, prefix, { CRASH_TEST_HANG_AT: String(hangAt) });
        await waitFor(() => hasEffect(database, hangAt), 30_000, `first worker's effects\n${first.output.join('')}`);
        await stopWorker(first, 'SIGKILL');
        const atKill = { effects: (await countEffects(database)).rows, done: (await queue.stats()).done };
        expect(atKill.done).toBeLessThan(jobs);
        // the kill caught jobs whose effect had committed but that were not marked done yet (at least job `hangAt`)
        expect(atKill.effects).toBeGreaterThan(atKill.done);
        expect(await hasEffect(database, hangAt)).toBe(true);

        const second = scope.spawnWorker(workerScript, database, queueKind, prefix, { CRASH_TEST_HANG_AT: '' });
        await waitFor(async () => (await queue.stats()).done === jobs, 60_000, `all jobs done\n${second.output.join('')}`);
        await stopWorker(second, 'SIGTERM');

        expect(await countEffects(database)).toEqual({ rows: jobs, distinctJobs: jobs });
        expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: jobs, dead: 0 });
        const steps = await database.db.selectFrom('job_steps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        expect(Number(steps.n)).toBe(jobs);
      }, 120_000);
    });
  }
}
