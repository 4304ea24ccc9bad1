import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import type { PushAudience } from '../notify-event.js';
import type { PushesTable } from './push.tables.js';

export type PushRow = Selectable<PushesTable>;

export interface PushListRow extends PushRow {
  creator_name: string;
  approver_name: string | null;
  document_title: string;
}

export function parseAudience(raw: string): PushAudience {
  const a = JSON.parse(raw) as Partial<PushAudience>;
  return { tagIds: a.tagIds ?? [], accountKinds: a.accountKinds ?? [], channels: a.channels ?? [] };
}

const listQuery = (db: Queryable) =>
  db
    .selectFrom('pushes as p')
    .innerJoin('accounts as c', 'c.id', 'p.created_by')
    .leftJoin('accounts as r', 'r.id', 'p.approved_by')
    .innerJoin('documents as d', 'd.id', 'p.document_id')
    .selectAll('p')
    .select(['c.name as creator_name', 'r.name as approver_name', 'd.title as document_title']);

export function listPushes(db: Queryable, siteId: number, limit: number): Promise<PushListRow[]> {
  return listQuery(db).where('p.site_id', '=', siteId).orderBy('p.id', 'desc').limit(limit).execute();
}

export function findPush(db: Queryable, siteId: number, id: number): Promise<PushListRow | undefined> {
  return listQuery(db).where('p.site_id', '=', siteId).where('p.id', '=', id).executeTakeFirst();
}

export interface PushFields {
  document_id: number;
  title: string;
  message: string;
  audience: string;
  audience_all: number;
}

export async function insertPush(db: Queryable, siteId: number, createdBy: number, fields: PushFields, status: string): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('pushes')
    .values({ ...fields, site_id: siteId, status, created_by: createdBy, approval_comment: '', created_at: now, updated_at: now, submitted_at: status === 'pending_approval' ? now : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Changes a push only if it is still in one of the expected states: a lost race updates nothing. */
export async function updatePushIf(db: Queryable, id: number, from: string[], fields: Partial<Omit<PushRow, 'id' | 'site_id' | 'created_by' | 'created_at'>>): Promise<boolean> {
  const result = await db.updateTable('pushes').set({ ...fields, updated_at: nowIso() }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Published, public-to-everyone policies (not interpretations) whose title or 文号 contains the text. */
export function searchPushableDocuments(db: Queryable, siteId: number, text: string, limit: number) {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let q = pushableDocuments(db, siteId).select(['id', 'title', 'doc_number', 'published_at']).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (text) q = q.where(sql<boolean>`(title like ${like} escape '\\' or doc_number like ${like} escape '\\')`);
  return q.execute();
}

export function pushableDocuments(db: Queryable, siteId: number) {
  return db
    .selectFrom('documents')
    .where('site_id', '=', siteId)
    .where('status', '=', 'published')
    .where('disclosure', '=', 'proactive')
    .where('targeted', '=', 0)
    .where('type', '!=', 'interpretation');
}

export function findPushableDocument(db: Queryable, siteId: number, id: number) {
  return pushableDocuments(db, siteId).select(['id', 'title', 'doc_number', 'published_at', 'service_policy']).where('id', '=', id).executeTakeFirst();
}

/** Did this account receive this push (a delivery of the push's event exists for it)? */
export async function receivedPush(db: Queryable, pushId: number, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('pushes as p')
    .innerJoin('deliveries as d', 'd.event_id', 'p.event_id')
    .select('d.id')
    .where('p.id', '=', pushId)
    .where('d.account_id', '=', accountId)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/** The push behind an inbox message written by a delivery, if it was a push delivery. */
export function pushOfDelivery(db: Queryable, deliveryId: number) {
  return db
    .selectFrom('deliveries as d')
    .innerJoin('pushes as p', 'p.event_id', 'd.event_id')
    .select(['p.id', 'p.site_id', 'd.account_id'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

export function findRating(db: Queryable, pushId: number, accountId: number) {
  return db.selectFrom('push_ratings').select(['useful', 'comment', 'updated_at']).where('push_id', '=', pushId).where('account_id', '=', accountId).executeTakeFirst();
}

export async function upsertRating(db: Queryable, pushId: number, accountId: number, useful: boolean, comment: string | null): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('push_ratings')
    .values({ push_id: pushId, account_id: accountId, useful: useful ? 1 : 0, comment, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['push_id', 'account_id']).doUpdateSet({ useful: useful ? 1 : 0, comment, updated_at: now }))
    .execute();
}
