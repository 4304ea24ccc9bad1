import type { AnyDb } from '../src/platform/db/columns.js';

/*
 * Released records (公开的政府信息) sent with a reply: the sensitive-data scanner's verdict on
 * each file (clean / findings / unreadable), the findings as type and masked text only (never
 * the raw finding, never the extracted text), and the staff review that lets a flagged file go
 * ("已核查，可以公开": who, when, why). Other kinds of case file leave these columns null.
 */
export async function up(db: AnyDb): Promise<void> {
  // SQLite adds one column per ALTER TABLE.
  await db.schema.alterTable('application_files').addColumn('scan_status', 'varchar(16)').execute();
  await db.schema.alterTable('application_files').addColumn('scan_findings', 'text').execute();
  await db.schema.alterTable('application_files').addColumn('reviewed_by', 'integer', (c) => c.references('accounts.id')).execute();
  await db.schema.alterTable('application_files').addColumn('reviewed_at', 'varchar(32)').execute();
  await db.schema.alterTable('application_files').addColumn('review_note', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of ['review_note', 'reviewed_at', 'reviewed_by', 'scan_findings', 'scan_status']) {
    await db.schema.alterTable('application_files').dropColumn(column).execute();
  }
}
