import { sql } from 'kysely';
import { withId, type AnyDb } from '../src/platform/db/columns.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('jobs'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(300)', (c) => c.unique())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('locked_by', 'varchar(100)')
    .addColumn('lease_until', 'varchar(32)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('jobs_state_name_run_at').on('jobs').columns(['state', 'name', 'run_at']).execute();
  await db.schema.createIndex('jobs_state_lease_until').on('jobs').columns(['state', 'lease_until']).execute();

  await db.schema
    .createTable('job_steps')
    .addColumn('job_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('step', 'varchar(200)', (c) => c.notNull())
    .addColumn('done_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_steps_pk', ['job_id', 'step'])
    .execute();

  await withId(db, db.schema.createTable('job_outbox'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(300)', (c) => c.unique())
    .addColumn('run_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('pushed_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('job_outbox_unpushed').on('job_outbox').column('id').where(sql.ref('pushed_at'), 'is', null).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['job_outbox', 'job_steps', 'jobs']) {
    await db.schema.dropTable(table).execute();
  }
}
