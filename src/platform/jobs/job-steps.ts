import type { Transaction } from 'kysely';
import { nowIso, type Database } from '../db/database.js';
import type { Schema } from '../db/schema.js';

/*
 * Exactly-once effects: the step row and the step's effects commit in one transaction, and the
 * (job_id, step) primary key admits one commit. A re-run after a crash (or a worker whose lease
 * was taken over) finds the row and skips the step; two attempts racing on the same step block
 * on the key (PostgreSQL) or the write lock (SQLite) and the loser sees the winner's row.
 * Marking the job done afterwards is only bookkeeping: re-running a job whose steps are all
 * done has no effects. Work outside ctx.once (a call to another system) is at-least-once.
 */
export async function runStepOnce<T>(
  database: Database,
  jobId: string,
  step: string,
  fn: (trx: Transaction<Schema>) => Promise<T>,
): Promise<T | undefined> {
  return database.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('job_steps')
      .values({ job_id: jobId, step, done_at: nowIso() })
      .onConflict((oc) => oc.columns(['job_id', 'step']).doNothing())
      .returning('step')
      .executeTakeFirst();
    if (!claimed) return undefined;
    return fn(trx);
  });
}
