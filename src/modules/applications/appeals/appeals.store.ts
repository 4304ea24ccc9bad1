import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';

export interface AppealRow {
  id: number;
  application_id: number;
  number: string;
  kind: string;
  filed_on: string;
  outcome: string;
  decided_on: string | null;
  note: string;
}

const columns = ['p.id', 'p.application_id', 'a.number', 'p.kind', 'p.filed_on', 'p.outcome', 'p.decided_on', 'p.note'] as const;

export async function listAppeals(db: Queryable, siteId: number, filter: { year?: number; limit: number }): Promise<AppealRow[]> {
  let q = db
    .selectFrom('application_appeals as p')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .select([...columns])
    .where('a.site_id', '=', siteId)
    .orderBy('p.filed_on', 'desc')
    .orderBy('p.id', 'desc')
    .limit(filter.limit);
  if (filter.year) q = q.where('p.filed_on', '>=', `${filter.year}-01-01`).where('p.filed_on', '<=', `${filter.year}-12-31`);
  return q.execute();
}

export async function findAppeal(db: Queryable, siteId: number, id: number): Promise<AppealRow | undefined> {
  return db
    .selectFrom('application_appeals as p')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .select([...columns])
    .where('a.site_id', '=', siteId)
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export async function findApplicationByNumber(db: Queryable, siteId: number, number: string) {
  return db.selectFrom('applications').select(['id', 'number', 'received_on']).where('site_id', '=', siteId).where('number', '=', number).executeTakeFirst();
}

export interface AppealFields {
  application_id: number;
  kind: string;
  filed_on: string;
  outcome: string;
  decided_on: string | null;
  note: string;
}

export async function insertAppeal(db: Queryable, fields: AppealFields): Promise<number> {
  const now = nowIso();
  const row = await db.insertInto('application_appeals').values({ ...fields, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateAppeal(db: Queryable, id: number, fields: AppealFields): Promise<void> {
  await db.updateTable('application_appeals').set({ ...fields, updated_at: nowIso() }).where('id', '=', id).execute();
}
