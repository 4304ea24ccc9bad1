import { withId, type AnyDb } from '../src/platform/db/columns.js';

export async function up(db: AnyDb): Promise<void> {
  await withId(db, db.schema.createTable('documents'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('index_number', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'varchar(100)')
    .addColumn('issuers', 'text', (c) => c.notNull())
    .addColumn('theme', 'varchar(64)')
    .addColumn('written_on', 'varchar(10)')
    .addColumn('effective_on', 'varchar(10)')
    .addColumn('expires_on', 'varchar(10)')
    .addColumn('validity', 'varchar(16)', (c) => c.notNull())
    .addColumn('validity_changed_on', 'varchar(10)')
    .addColumn('disclosure', 'varchar(16)')
    .addColumn('disclosure_reason', 'varchar(32)')
    .addColumn('disclosure_method', 'varchar(100)', (c) => c.notNull())
    .addColumn('targeted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('audience_tags', 'text', (c) => c.notNull())
    .addColumn('needs_interpretation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('interpretation_form', 'varchar(16)')
    .addColumn('interprets_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('published_at', 'varchar(32)')
    .addColumn('scheduled_at', 'varchar(32)')
    .addColumn('withdrawn_at', 'varchar(32)')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('owner_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('external_id', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('documents_site_index_number', ['site_id', 'index_number'])
    .addUniqueConstraint('documents_site_external_id', ['site_id', 'external_id'])
    .execute();
  await db.schema.createIndex('documents_public_list').on('documents').columns(['site_id', 'status', 'type', 'published_at']).execute();
  await db.schema.createIndex('documents_validity').on('documents').columns(['site_id', 'type', 'validity']).execute();
  await db.schema.createIndex('documents_doc_number').on('documents').column('doc_number').execute();
  await db.schema.createIndex('documents_expires').on('documents').columns(['validity', 'expires_on']).execute();
  await db.schema.createIndex('documents_interprets').on('documents').column('interprets_id').execute();

  await db.schema
    .createTable('document_versions')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_versions_pk', ['document_id', 'version'])
    .execute();

  await withId(db, db.schema.createTable('document_reviews'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('step', 'varchar(32)', (c) => c.notNull())
    .addColumn('decision', 'varchar(16)', (c) => c.notNull())
    .addColumn('reviewer_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('reviewer_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_reviews_doc').on('document_reviews').columns(['document_id', 'version']).execute();

  await db.schema
    .createTable('document_relations')
    .addColumn('from_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('to_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_relations_pk', ['from_id', 'to_id', 'kind'])
    .execute();
  await db.schema.createIndex('document_relations_to').on('document_relations').column('to_id').execute();

  await withId(db, db.schema.createTable('document_attachments'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(120)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('removed_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('document_attachments_doc').on('document_attachments').column('document_id').execute();

  await db.schema
    .createTable('document_recipients')
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('document_recipients_pk', ['document_id', 'account_id'])
    .execute();

  await withId(db, db.schema.createTable('scan_findings'))
    .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source', 'varchar(64)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('start', 'integer', (c) => c.notNull())
    .addColumn('end', 'integer', (c) => c.notNull())
    .addColumn('masked', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('resolved_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('resolution_note', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scan_findings_doc').on('scan_findings').columns(['document_id', 'version', 'status']).execute();

  await withId(db, db.schema.createTable('sensitive_terms'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('term', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addUniqueConstraint('sensitive_terms_site_term', ['site_id', 'term'])
    .execute();

  await db.schema
    .createTable('document_sequences')
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_sequences_pk', ['site_id', 'year'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['document_sequences', 'sensitive_terms', 'scan_findings', 'document_recipients', 'document_attachments', 'document_relations', 'document_reviews', 'document_versions', 'documents']) {
    await db.schema.dropTable(t).execute();
  }
}
