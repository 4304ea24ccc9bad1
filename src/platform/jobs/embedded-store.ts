import type { ExpressionBuilder, Selectable } from 'kysely';
import { nowIso, type Database, type Queryable } from '../db/database.js';
import type { Schema } from '../db/schema.js';
import type { DeadJob, JobStats } from './queue.js';
import type { JobsTable } from './jobs.tables.js';

/** Every SQL statement of the embedded runner. An attempt is fenced by (id, attempts): a claim increments attempts. */

export type JobRow = Selectable<JobsTable>;

export interface NewJob {
  name: string;
  payload: string;
  idempotencyKey: string | undefined;
  runAt: Date;
  maxAttempts: number;
}

export async function insertJob(q: Queryable, job: NewJob): Promise<{ id: number; duplicate: boolean }> {
  const inserted = await q
    .insertInto('jobs')
    .values({
      name: job.name,
      payload: job.payload,
      idempotency_key: job.idempotencyKey ?? null,
      state: 'pending',
      attempts: 0,
      max_attempts: job.maxAttempts,
      run_at: job.runAt.toISOString(),
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, duplicate: false };
  const existing = await q
    .selectFrom('jobs')
    .select('id')
    .where('idempotency_key', '=', job.idempotencyKey ?? '')
    .executeTakeFirstOrThrow();
  return { id: existing.id, duplicate: true };
}

function claimable(name: string, now: string) {
  return (eb: ExpressionBuilder<Schema, 'jobs'>) =>
    eb.and([
      eb('name', '=', name),
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', now)]),
        // a worker died mid-job (or stalled past its lease): take the job over
        eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now), eb('attempts', '<', eb.ref('max_attempts'))]),
      ]),
    ]);
}

/** Claims up to `limit` due jobs of one name. One statement, so processes sharing the table never claim the same job. */
export async function claimJobs(database: Database, name: string, limit: number, workerId: string, leaseMs: number): Promise<JobRow[]> {
  const now = nowIso();
  let candidates = database.db.selectFrom('jobs').select('id').where(claimable(name, now)).orderBy('run_at').orderBy('id').limit(limit);
  if (database.kind === 'postgres') candidates = candidates.forUpdate().skipLocked();
  return database.db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: workerId,
      lease_until: new Date(Date.now() + leaseMs).toISOString(),
    }))
    .where('id', 'in', candidates)
    .returningAll()
    .execute();
}

function fenced(id: number, attempt: number) {
  return (eb: ExpressionBuilder<Schema, 'jobs'>) => eb.and([eb('id', '=', id), eb('attempts', '=', attempt), eb('state', '=', 'running')]);
}

/** False when the lease was lost (another worker took the job over). */
export async function renewLease(database: Database, id: number, attempt: number, leaseMs: number): Promise<boolean> {
  const result = await database.db
    .updateTable('jobs')
    .set({ lease_until: new Date(Date.now() + leaseMs).toISOString() })
    .where(fenced(id, attempt))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function completeJob(database: Database, id: number, attempt: number): Promise<boolean> {
  const result = await database.db
    .updateTable('jobs')
    .set({ state: 'done', locked_by: null, lease_until: null, finished_at: nowIso() })
    .where(fenced(id, attempt))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** retryAt null: attempts exhausted, the job goes to the dead-letter list. */
export async function failJob(database: Database, id: number, attempt: number, error: string, retryAt: Date | null): Promise<boolean> {
  const result = await database.db
    .updateTable('jobs')
    .set(
      retryAt
        ? { state: 'pending', run_at: retryAt.toISOString(), locked_by: null, lease_until: null, last_error: error }
        : { state: 'dead', locked_by: null, lease_until: null, last_error: error, finished_at: nowIso() },
    )
    .where(fenced(id, attempt))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Jobs whose last attempt died with its worker: nobody will finish them, so they are dead. */
export async function buryAbandoned(database: Database): Promise<number> {
  const now = nowIso();
  const result = await database.db
    .updateTable('jobs')
    .set({ state: 'dead', locked_by: null, lease_until: null, last_error: '最后一次尝试时进程中断（租约过期）', finished_at: now })
    .where('state', '=', 'running')
    .where('lease_until', '<', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countJobs(database: Database): Promise<JobStats> {
  const rows = await database.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  const stats: JobStats = { pending: 0, running: 0, done: 0, dead: 0 };
  for (const row of rows) stats[row.state] = Number(row.n);
  return stats;
}

export async function listDeadJobs(database: Database, limit: number): Promise<DeadJob[]> {
  const rows = await database.db
    .selectFrom('jobs')
    .selectAll()
    .where('state', '=', 'dead')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: String(row.id),
    name: row.name,
    payload: JSON.parse(row.payload) as unknown,
    attempts: row.attempts,
    lastError: row.last_error,
    failedAt: row.finished_at,
  }));
}

export async function reviveDeadJob(database: Database, id: number): Promise<boolean> {
  const result = await database.db
    .updateTable('jobs')
    .set({ state: 'pending', attempts: 0, run_at: nowIso(), finished_at: null })
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
