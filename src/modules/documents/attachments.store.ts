import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';

/** Every SQL statement about document attachments (the files themselves live on disk, never here). */

export async function insertAttachment(
  db: Queryable,
  a: { documentId: number; filename: string; contentType: string; size: number; sha256: string; storageKey: string; text: string; createdBy: number | null },
): Promise<number> {
  const row = await db
    .insertInto('document_attachments')
    .values({ document_id: a.documentId, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256, storage_key: a.storageKey, text: a.text, created_by: a.createdBy, created_at: nowIso(), removed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The document's current (not removed) attachments, oldest first; without the extracted text. */
export async function listAttachments(db: Queryable, documentId: number) {
  return db
    .selectFrom('document_attachments')
    .select(['id', 'document_id', 'filename', 'content_type', 'size', 'sha256', 'storage_key', 'created_by', 'created_at'])
    .where('document_id', '=', documentId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** One current attachment of the document, or undefined (removed ones are gone for everyone). */
export async function findAttachment(db: Queryable, documentId: number, attachmentId: number) {
  return db
    .selectFrom('document_attachments')
    .select(['id', 'document_id', 'filename', 'content_type', 'size', 'sha256', 'storage_key', 'created_by', 'created_at'])
    .where('id', '=', attachmentId)
    .where('document_id', '=', documentId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function markAttachmentRemoved(db: Queryable, attachmentId: number): Promise<void> {
  await db.updateTable('document_attachments').set({ removed_at: nowIso() }).where('id', '=', attachmentId).execute();
}

export type AttachmentRow = NonNullable<Awaited<ReturnType<typeof findAttachment>>>;
