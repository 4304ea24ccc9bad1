import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { nowIso, type Database, type Queryable } from '../db/database.js';
import type { JobOutboxTable } from './jobs.tables.js';
import { errorText, type JobLogger } from './queue.js';

/*
 * Transactional outbox of the BullMQ adapter. A job is first a row in job_outbox (in the caller's
 * transaction when there is one), then pushed to Redis and marked pushed. The BullMQ job id is
 * derived from the row, so pushing the same row twice (crash between push and mark, two relays)
 * yields one BullMQ job; the unique idempotency_key makes the database, not Redis retention,
 * the judge of duplicates.
 */

export type OutboxRow = Selectable<JobOutboxTable>;

/** BullMQ custom ids may not be integers nor contain ':'. */
export function bullJobId(row: Pick<OutboxRow, 'id' | 'idempotency_key'>): string {
  return row.idempotency_key === null ? `o-${row.id}` : `k-${createHash('sha256').update(row.idempotency_key).digest('hex').slice(0, 40)}`;
}

export interface NewOutboxEntry {
  name: string;
  payload: string;
  idempotencyKey: string | undefined;
  runAt: Date;
}

export async function insertOutbox(q: Queryable, entry: NewOutboxEntry): Promise<{ row: OutboxRow; duplicate: boolean }> {
  const inserted = await q
    .insertInto('job_outbox')
    .values({
      name: entry.name,
      payload: entry.payload,
      idempotency_key: entry.idempotencyKey ?? null,
      run_at: entry.runAt.toISOString(),
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { row: inserted, duplicate: false };
  const existing = await q
    .selectFrom('job_outbox')
    .selectAll()
    .where('idempotency_key', '=', entry.idempotencyKey ?? '')
    .executeTakeFirstOrThrow();
  return { row: existing, duplicate: true };
}

export async function markPushed(database: Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await database.db.updateTable('job_outbox').set({ pushed_at: nowIso() }).where('id', 'in', ids).where('pushed_at', 'is', null).execute();
}

export async function unpushed(database: Database, limit: number): Promise<OutboxRow[]> {
  return database.db.selectFrom('job_outbox').selectAll().where('pushed_at', 'is', null).orderBy('id').limit(limit).execute();
}

/** Pushes committed-but-unpushed rows: those enqueued in a transaction, and any left by a crash or a Redis outage. */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private again = false;
  private running = false;

  constructor(
    private readonly database: Database,
    private readonly push: (row: OutboxRow) => Promise<void>,
    private readonly intervalMs: number,
    private readonly logger: JobLogger,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /** Sweeps soon: on SQLite the sweep waits for the connection, so it runs after the enqueuing transaction. */
  kick(): void {
    if (this.running) this.schedule(0);
  }

  /** Pushes everything unpushed now; resolves when done. */
  async sweep(): Promise<void> {
    if (this.sweeping) {
      this.again = true;
      return this.sweeping;
    }
    this.sweeping = this.drain().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.sweep()
        .catch((error: unknown) => this.logger.warn({ err: errorText(error) }, '任务发件箱推送失败，稍后重试'))
        .finally(() => {
          if (this.running) this.schedule(this.intervalMs);
        });
    }, ms);
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        const rows = await unpushed(this.database, 100);
        for (const row of rows) await this.push(row);
        await markPushed(this.database, rows.map((row) => row.id));
        if (rows.length < 100) break;
      }
    } while (this.again);
  }
}
