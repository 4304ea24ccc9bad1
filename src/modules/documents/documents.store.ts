import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DocumentsTable } from './documents.tables.js';

export type DocumentRow = Selectable<DocumentsTable>;

/** The next running number of a site's year, atomically (one upsert on both databases). */
export async function nextSequence(db: Queryable, siteId: number, year: number): Promise<number> {
  const row = await db
    .insertInto('document_sequences')
    .values({ site_id: siteId, year, last: 1 })
    .onConflict((oc) => oc.columns(['site_id', 'year']).doUpdateSet((eb) => ({ last: eb(eb.ref('document_sequences.last'), '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertDocument(db: Queryable, row: Insertable<DocumentsTable>): Promise<number> {
  const inserted = await db.insertInto('documents').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateDocument(db: Queryable, id: number, changes: Updateable<DocumentsTable>): Promise<void> {
  await db.updateTable('documents').set({ ...changes, updated_at: nowIso() }).where('id', '=', id).execute();
}

export async function findDocument(db: Queryable, id: number): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByExternalId(db: Queryable, siteId: number, externalId: string) {
  return db.selectFrom('documents').selectAll().where('site_id', '=', siteId).where('external_id', '=', externalId).executeTakeFirst();
}

export async function insertVersion(
  db: Queryable,
  v: { documentId: number; version: number; title: string; bodyHtml: string; bodyText: string; fields: object; createdBy: number | null; note: string },
) {
  await db
    .insertInto('document_versions')
    .values({ document_id: v.documentId, version: v.version, title: v.title, body_html: v.bodyHtml, body_text: v.bodyText, fields: JSON.stringify(v.fields), created_by: v.createdBy, created_at: nowIso(), note: v.note })
    .execute();
}

export async function findVersion(db: Queryable, documentId: number, version: number) {
  return db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).where('version', '=', version).executeTakeFirst();
}

export async function listVersions(db: Queryable, documentId: number) {
  return db
    .selectFrom('document_versions')
    .select(['version', 'title', 'created_by', 'created_at', 'note'])
    .where('document_id', '=', documentId)
    .orderBy('version', 'desc')
    .execute();
}

export async function insertReview(
  db: Queryable,
  r: { documentId: number; version: number; step: string; decision: string; reviewerId: number | null; reviewerName: string; comment: string },
) {
  await db
    .insertInto('document_reviews')
    .values({ document_id: r.documentId, version: r.version, step: r.step, decision: r.decision, reviewer_id: r.reviewerId, reviewer_name: r.reviewerName, comment: r.comment, created_at: nowIso() })
    .execute();
}

export async function listReviews(db: Queryable, documentId: number) {
  return db.selectFrom('document_reviews').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
}

export async function relationsOf(db: Queryable, documentId: number) {
  return db
    .selectFrom('document_relations')
    .selectAll()
    .where((eb) => eb.or([eb('from_id', '=', documentId), eb('to_id', '=', documentId)]))
    .execute();
}

export async function insertRelation(db: Queryable, fromId: number, toId: number, kind: string) {
  await db
    .insertInto('document_relations')
    .values({ from_id: fromId, to_id: toId, kind, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['from_id', 'to_id', 'kind']).doNothing())
    .execute();
}

export async function deleteRelation(db: Queryable, fromId: number, toId: number, kind: string) {
  await db.deleteFrom('document_relations').where('from_id', '=', fromId).where('to_id', '=', toId).where('kind', '=', kind).execute();
}

export async function documentsByIds(db: Queryable, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('documents').selectAll().where('id', 'in', ids).execute();
}

export async function interpretationsOf(db: Queryable, policyId: number) {
  return db.selectFrom('documents').selectAll().where('interprets_id', '=', policyId).where('type', '=', 'interpretation').orderBy('id').execute();
}

export async function replaceRecipients(db: Queryable, documentId: number, accountIds: number[]) {
  await db.deleteFrom('document_recipients').where('document_id', '=', documentId).execute();
  if (accountIds.length) await db.insertInto('document_recipients').values(accountIds.map((account_id) => ({ document_id: documentId, account_id }))).execute();
}

export async function recipientsOf(db: Queryable, documentId: number): Promise<number[]> {
  const rows = await db.selectFrom('document_recipients').select('account_id').where('document_id', '=', documentId).execute();
  return rows.map((r) => r.account_id);
}

export async function accountIdsByContact(db: Queryable, contacts: string[]) {
  if (contacts.length === 0) return [];
  return db
    .selectFrom('accounts')
    .select(['id', 'email', 'mobile'])
    .where('kind', 'in', ['person', 'organization'])
    .where((eb) => eb.or([eb('email', 'in', contacts), eb('mobile', 'in', contacts)]))
    .execute();
}

/** Documents whose validity period ended before `today` and are still marked current. */
export async function expiredButCurrent(db: Queryable, today: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'site_id', 'title', 'expires_on'])
    .where('validity', '=', 'current')
    .where('expires_on', 'is not', null)
    .where('expires_on', '<', today)
    .execute();
}

export async function dueScheduled(db: Queryable, now: string) {
  return db.selectFrom('documents').select(['id', 'site_id']).where('status', '=', 'scheduled').where('scheduled_at', '<=', now).execute();
}
