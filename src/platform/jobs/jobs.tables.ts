import type { Generated } from 'kysely';

export type JobState = 'pending' | 'running' | 'done' | 'dead';

/** The embedded runner's queue: one row per job, claimed with a lease. */
export interface JobsTable {
  id: Generated<number>;
  name: string;
  /** JSON. */
  payload: string;
  idempotency_key: string | null;
  state: JobState;
  /** Attempts started so far; a claim increments it, so it also fences a stale worker. */
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Steps of a job already done (ctx.once); written in the same transaction as the step's effects. */
export interface JobStepsTable {
  job_id: string;
  step: string;
  done_at: string;
}

/** Transactional outbox of the BullMQ adapter: jobs committed in the DB, not yet pushed to Redis. */
export interface JobOutboxTable {
  id: Generated<number>;
  name: string;
  /** JSON. */
  payload: string;
  idempotency_key: string | null;
  run_at: string;
  created_at: string;
  pushed_at: string | null;
}

export interface JobsTables {
  jobs: JobsTable;
  job_steps: JobStepsTable;
  job_outbox: JobOutboxTable;
}
