import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../db/testing.js';
import { createTestQueue, testQueueKinds, uniquePrefix, waitFor, type TestQueue } from './fixtures/test-queues.js';
import { Scheduler, slotKey, slotStart, type Schedule } from './scheduler.js';

const nightly: Schedule = { name: 'deadline-reminders', job: 'test.scheduled', dailyAt: '02:00' };
const quarterHourly: Schedule = { name: 'feed-refresh', job: 'test.scheduled', everyMinutes: 15 };

describe('schedule slots', () => {
  test('a daily slot is the latest HH:MM Beijing time at or before now', () => {
    // 2026-11-26 01:59 in Beijing is still before the 26th's 02:00 slot
    expect(slotStart(nightly, new Date('2026-11-25T17:59:00Z')).toISOString()).toBe('2026-11-24T18:00:00.000Z');
    expect(slotStart(nightly, new Date('2026-11-25T18:00:00Z')).toISOString()).toBe('2026-11-25T18:00:00.000Z');
    expect(slotStart(nightly, new Date('2026-11-26T09:30:00Z')).toISOString()).toBe('2026-11-25T18:00:00.000Z');
    const evening: Schedule = { name: 'x', job: 'j', dailyAt: '23:30' };
    expect(slotStart(evening, new Date('2026-11-25T15:45:00Z')).toISOString()).toBe('2026-11-25T15:30:00.000Z');
  });

  test('an every-N-minutes slot is aligned to the clock', () => {
    expect(slotStart(quarterHourly, new Date('2026-11-25T10:44:59Z')).toISOString()).toBe('2026-11-25T10:30:00.000Z');
    expect(slotKey(quarterHourly, new Date('2026-11-25T10:30:00Z'))).toBe('feed-refresh@2026-11-25T10:30:00.000Z');
  });

  test('rejects malformed schedules', () => {
    const queue = createTestQueueStub();
    expect(() => new Scheduler({ queue, schedules: [{ name: 'a', job: 'j', dailyAt: '24:00' }] })).toThrow(/HH:MM/);
    expect(() => new Scheduler({ queue, schedules: [{ name: 'a', job: 'j', everyMinutes: 0 }] })).toThrow(/正整数/);
    expect(() => new Scheduler({ queue, schedules: [nightly, { ...quarterHourly, name: nightly.name }] })).toThrow(/重复/);
  });
});

function createTestQueueStub() {
  return {} as ConstructorParameters<typeof Scheduler>[0]['queue'];
}

for (const kind of testDialects()) {
  for (const queueKind of testQueueKinds()) {
    describe(`scheduler with ${queueKind} queue on ${kind}`, () => {
      let database: TestDatabase;
      let processes: TestQueue[];
      let clock: Date;

      beforeEach(async () => {
        database = await createTestDatabase(kind);
        const prefix = uniquePrefix();
        // two processes sharing the database (and Redis), each with its own scheduler
        processes = [createTestQueue(queueKind, database, prefix), createTestQueue(queueKind, database, prefix)];
        for (const { queue } of processes) queue.define<{ slot: string }>('test.scheduled', async () => {});
        clock = new Date('2026-11-26T09:00:00Z');
      });
      afterEach(async () => {
        try {
          for (const p of processes) await p.close();
        } finally {
          await database.close();
        }
      });

      const schedulers = () => processes.map(({ queue }) => new Scheduler({ queue, schedules: [nightly, quarterHourly], now: () => clock }));
      const pendingSlots = async () => (await processes[0]!.queue.stats()).pending;

      test('two schedulers enqueue each slot once; a missed slot runs once at start', async () => {
        const [a, b] = schedulers() as [Scheduler, Scheduler];
        // both start at 09:00Z: the night's 02:00 slot (missed while down) and the current quarter
        expect(await a.tick()).toBe(2);
        expect(await b.tick()).toBe(0);
        expect(await pendingSlots()).toBe(2);

        clock = new Date('2026-11-26T09:14:59Z');
        expect((await Promise.all([a.tick(), b.tick()])).reduce((x, y) => x + y)).toBe(0);
        clock = new Date('2026-11-26T09:15:00Z');
        expect((await Promise.all([a.tick(), b.tick()])).reduce((x, y) => x + y)).toBe(1);

        // down for three days: only the latest missed slot of each schedule runs
        clock = new Date('2026-11-29T20:07:00Z');
        expect((await Promise.all([b.tick(), a.tick()])).reduce((x, y) => x + y)).toBe(2);
        expect(await pendingSlots()).toBe(5);
      });

      test('a started scheduler hands each job its slot', async () => {
        const slots: string[] = [];
        const { queue } = processes[0]!;
        queue.define<{ slot: string; scope: string }>('test.scheduled', async ({ slot, scope }) => void slots.push(`${scope} ${slot}`));
        const scheduler = new Scheduler({
          queue,
          schedules: [{ ...quarterHourly, payload: { scope: 'site-1' } }],
          now: () => clock,
        });
        clock = new Date(); // slots are due at their start, so a runnable one must not lie in the future
        await queue.start();
        await scheduler.start();
        await waitFor(() => slots.length === 1);
        await scheduler.stop();
        expect(slots).toEqual([`site-1 ${slotStart(quarterHourly, clock).toISOString()}`]);
      });
    });
  }
}
