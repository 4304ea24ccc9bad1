import { withId, type AnyDb } from '../src/platform/db/columns.js';

/** B3: expert scores of interpretations, one per expert and interpretation (updated in place). */
export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('interpretation_scores'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('interpretation_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('accuracy', 'integer', (c) => c.notNull())
    .addColumn('clarity', 'integer', (c) => c.notNull())
    .addColumn('completeness', 'integer', (c) => c.notNull())
    .addColumn('timeliness', 'integer', (c) => c.notNull())
    .addColumn('variety', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('interpretation_scores_one_per_expert', ['interpretation_id', 'expert_id'])
    .execute();
  await db.schema.createIndex('interpretation_scores_site').on('interpretation_scores').columns(['site_id', 'interpretation_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('interpretation_scores').execute();
}
