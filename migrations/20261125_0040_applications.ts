import { withId, type AnyDb } from '../src/platform/db/columns.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('applications'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('number', 'varchar(40)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('applicant_account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('applicant_column', 'varchar(16)', (c) => c.notNull())
    .addColumn('applicant_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('applicant_id_enc', 'text')
    .addColumn('applicant_id_masked', 'varchar(40)')
    .addColumn('contact_phone', 'varchar(40)')
    .addColumn('contact_email', 'varchar(254)')
    .addColumn('contact_address', 'varchar(300)')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('delivery_form', 'varchar(40)', (c) => c.notNull())
    .addColumn('submitted_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('handler_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('due_on', 'varchar(10)')
    .addColumn('waiting_until', 'varchar(10)')
    .addColumn('reply_type', 'varchar(48)')
    .addColumn('replied_on', 'varchar(10)')
    .addColumn('closed_on', 'varchar(10)')
    .addColumn('excessive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('applications_site_number', ['site_id', 'number'])
    .execute();
  await db.schema.createIndex('applications_site_status_due').on('applications').columns(['site_id', 'status', 'due_on']).execute();
  await db.schema.createIndex('applications_applicant').on('applications').columns(['applicant_account_id', 'received_on']).execute();
  await db.schema.createIndex('applications_department').on('applications').columns(['department_id', 'status']).execute();
  await db.schema.createIndex('applications_received').on('applications').columns(['site_id', 'received_on']).execute();

  await withId(db, db.schema.createTable('application_events'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('actor_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('application_events_case').on('application_events').columns(['application_id', 'id']).execute();

  await withId(db, db.schema.createTable('application_files'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(120)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('encrypted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('to_applicant', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('application_files_case').on('application_files').column('application_id').execute();

  await withId(db, db.schema.createTable('reply_templates'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('reply_type', 'varchar(48)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('reply_templates_site_type', ['site_id', 'reply_type'])
    .execute();

  await withId(db, db.schema.createTable('application_appeals'))
    .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('filed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('decided_on', 'varchar(10)')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('application_appeals_case').on('application_appeals').column('application_id').execute();

  await withId(db, db.schema.createTable('annual_reports'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('manual', 'text', (c) => c.notNull())
    .addColumn('prose', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('published_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('annual_reports_site_year', ['site_id', 'year'])
    .execute();

  await db.schema
    .createTable('application_sequences')
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_sequences_pk', ['site_id', 'year'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['application_sequences', 'annual_reports', 'application_appeals', 'reply_templates', 'application_files', 'application_events', 'applications']) {
    await db.schema.dropTable(t).execute();
  }
}
