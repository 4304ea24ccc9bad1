import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';

export interface TagRow {
  id: number;
  category: string;
  label: string;
  sort: number;
  retired_at: string | null;
}

const columns = ['id', 'category', 'label', 'sort', 'retired_at'] as const;

/** Every tag of a site (retired ones too), by category and order. */
export function listTags(db: Queryable, siteId: number): Promise<TagRow[]> {
  return db.selectFrom('audience_tags').select([...columns]).where('site_id', '=', siteId).orderBy('category').orderBy('sort').orderBy('id').execute();
}

export async function countTags(db: Queryable, siteId: number): Promise<number> {
  const row = await db.selectFrom('audience_tags').select((eb) => eb.fn.countAll().as('n')).where('site_id', '=', siteId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function findTag(db: Queryable, siteId: number, id: number): Promise<TagRow | undefined> {
  return db.selectFrom('audience_tags').select([...columns]).where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
}

export function findTagByLabel(db: Queryable, siteId: number, label: string): Promise<TagRow | undefined> {
  return db.selectFrom('audience_tags').select([...columns]).where('site_id', '=', siteId).where('label', '=', label).executeTakeFirst();
}

export async function nextSort(db: Queryable, siteId: number, category: string): Promise<number> {
  const row = await db.selectFrom('audience_tags').select((eb) => eb.fn.max('sort').as('m')).where('site_id', '=', siteId).where('category', '=', category).executeTakeFirst();
  return Number(row?.m ?? 0) + 10;
}

/** Inserts tags; a label already there is left alone (two processes seeding together). */
export async function insertTags(db: Queryable, siteId: number, tags: { category: string; label: string; sort: number }[]): Promise<void> {
  if (tags.length === 0) return;
  const now = nowIso();
  await db
    .insertInto('audience_tags')
    .values(tags.map((t) => ({ site_id: siteId, category: t.category, label: t.label, sort: t.sort, retired_at: null, created_at: now })))
    .onConflict((oc) => oc.columns(['site_id', 'label']).doNothing())
    .execute();
}

export async function insertTag(db: Queryable, siteId: number, tag: { category: string; label: string; sort: number }): Promise<number> {
  const row = await db.insertInto('audience_tags').values({ site_id: siteId, ...tag, retired_at: null, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateTag(db: Queryable, id: number, fields: Partial<{ label: string; sort: number; retired_at: string | null }>): Promise<void> {
  await db.updateTable('audience_tags').set(fields).where('id', '=', id).execute();
}

/** The tag ids an account chose on its profile (for one site's vocabulary). */
export async function accountTagIds(db: Queryable, siteId: number, accountId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('account_audience_tags as a')
    .innerJoin('audience_tags as t', 't.id', 'a.tag_id')
    .select('a.tag_id')
    .where('a.account_id', '=', accountId)
    .where('t.site_id', '=', siteId)
    .execute();
  return rows.map((r) => Number(r.tag_id));
}

export async function replaceAccountTags(db: Queryable, siteId: number, accountId: number, tagIds: number[]): Promise<void> {
  const siteTags = db.selectFrom('audience_tags').select('id').where('site_id', '=', siteId);
  await db.deleteFrom('account_audience_tags').where('account_id', '=', accountId).where('tag_id', 'in', siteTags).execute();
  if (tagIds.length) await db.insertInto('account_audience_tags').values(tagIds.map((tag_id) => ({ account_id: accountId, tag_id }))).execute();
}
