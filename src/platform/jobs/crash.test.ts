import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { countEffects, crashJobName, createEffectsTable, defineCrashJob, hasEffect } from './fixtures/crash-job.js';
import { createTestQueue, requiredRedisUrl, testQueueKinds, uniquePrefix, waitFor, type QueueKind, type TestQueue } from './fixtures/test-queues.js';

/*
 * The acceptance test: a worker process is killed with SIGKILL in the middle of 300 jobs,
 * a new one finishes them, and every job has had its effect exactly once.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const jobs = 300;

function spawnWorker(database: TestDatabase, queueKind: QueueKind, prefix: string, hangAt?: number): ChildProcess & { output: string[] } {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'src/platform/jobs/fixtures/crash-worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      CRASH_TEST_DB: database.url,
      CRASH_TEST_SEARCH_PATH: database.searchPath ?? '',
      CRASH_TEST_REDIS_URL: queueKind === 'bullmq' ? requiredRedisUrl() : '',
      CRASH_TEST_PREFIX: prefix,
      CRASH_TEST_HANG_AT: hangAt === undefined ? '' : String(hangAt),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return Object.assign(child, { output });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

for (const kind of testDialects()) {
  for (const queueKind of testQueueKinds()) {
    describe(`crash test: ${queueKind} on ${kind}`, () => {
      const children: ChildProcess[] = [];
      let database: TestDatabase | undefined;
      let subject: TestQueue | undefined;

      afterEach(async () => {
        for (const child of children.splice(0)) {
          child.kill('SIGKILL');
          await exited(child);
        }
        try {
          await subject?.close();
        } finally {
          await database?.close();
        }
      });

      test('kill -9 a worker mid-way: a new worker finishes, each job has exactly one effect', async () => {
        database = await createTestDatabase(kind);
        await createEffectsTable(database);
        const prefix = uniquePrefix();
        subject = createTestQueue(queueKind, database, prefix);
        const { queue } = subject;
        defineCrashJob(queue);
        for (let n = 0; n < jobs; n++) await queue.enqueue(crashJobName, { n });

        const hangAt = jobs / 3;
        const first = spawnWorker(database, queueKind, prefix, hangAt);
        children.push(first);
        await waitFor(() => hasEffect(database!, hangAt), 30_000, `first worker's effects\n${first.output.join('')}`);
        first.kill('SIGKILL');
        await exited(first);
        const atKill = { effects: (await countEffects(database)).rows, done: (await queue.stats()).done };
        expect(atKill.done).toBeLessThan(jobs);
        // the kill caught jobs whose effect had committed but that were not marked done yet (at least job `hangAt`)
        expect(atKill.effects).toBeGreaterThan(atKill.done);
        expect(await hasEffect(database, hangAt)).toBe(true);

        const second = spawnWorker(database, queueKind, prefix);
        children.push(second);
        await waitFor(async () => (await queue.stats()).done === jobs, 60_000, `all jobs done\n${second.output.join('')}`);
        second.kill('SIGTERM');
        await exited(second);

        expect(await countEffects(database)).toEqual({ rows: jobs, distinctJobs: jobs });
        expect(await queue.stats()).toEqual({ pending: 0, running: 0, done: jobs, dead: 0 });
        const steps = await database.db.selectFrom('job_steps').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        expect(Number(steps.n)).toBe(jobs);
      }, 120_000);
    });
  }
}
