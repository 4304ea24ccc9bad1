import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import type { CollectionItemsTable, CollectionsTable, InspectionFindingsTable } from './collections.tables.js';

/** Every SQL statement over the collections tables. */

export type CollectionRow = Omit<CollectionsTable, 'id'> & { id: number };
export type ItemRow = Omit<CollectionItemsTable, 'id'> & { id: number };
export type FindingRow = Omit<InspectionFindingsTable, 'id'> & { id: number };

/** Ids come from URLs: anything that is not a positive 32-bit integer is simply not there. */
export const validId = (n: number) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647;

export async function listCollections(db: Queryable, siteId: number, options: { publishedOnly?: boolean } = {}): Promise<CollectionRow[]> {
  let query = db.selectFrom('collections').selectAll().where('site_id', '=', siteId);
  if (options.publishedOnly) query = query.where('published', '=', 1);
  return query.orderBy('title').orderBy('id').execute();
}

export async function findCollection(db: Queryable, siteId: number, id: number): Promise<CollectionRow | undefined> {
  if (!validId(id)) return undefined;
  return db.selectFrom('collections').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
}

export async function findCollectionBySlug(db: Queryable, siteId: number, slug: string): Promise<CollectionRow | undefined> {
  return db.selectFrom('collections').selectAll().where('site_id', '=', siteId).where('slug', '=', slug).executeTakeFirst();
}

export async function insertCollection(db: Queryable, row: Omit<CollectionsTable, 'id'>): Promise<number> {
  return (await db.insertInto('collections').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCollection(db: Queryable, id: number, changes: Partial<Omit<CollectionsTable, 'id' | 'site_id'>>): Promise<void> {
  await db.updateTable('collections').set({ updated_at: nowIso(), ...changes }).where('id', '=', id).execute();
}

export async function listItems(db: Queryable, collectionIds: number[]): Promise<ItemRow[]> {
  if (collectionIds.length === 0) return [];
  return db.selectFrom('collection_items').selectAll().where('collection_id', 'in', collectionIds).orderBy('collection_id').orderBy('position').orderBy('id').execute();
}

export async function insertItem(db: Queryable, item: Omit<CollectionItemsTable, 'id' | 'position' | 'created_at'>): Promise<number> {
  const last = await db.selectFrom('collection_items').select('position').where('collection_id', '=', item.collection_id).orderBy('position', 'desc').limit(1).executeTakeFirst();
  const row = { ...item, position: (last?.position ?? 0) + 1, created_at: nowIso() };
  return (await db.insertInto('collection_items').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function setPosition(db: Queryable, itemId: number, position: number): Promise<void> {
  await db.updateTable('collection_items').set({ position }).where('id', '=', itemId).execute();
}

export async function deleteItem(db: Queryable, itemId: number): Promise<void> {
  await db.deleteFrom('collection_items').where('id', '=', itemId).execute();
}

// ---- inspection ----

export async function insertRun(db: Queryable, run: { siteId: number; trigger: string; startedAt: string; collections: number; errors: number; warnings: number }) {
  const row = { site_id: run.siteId, trigger: run.trigger, started_at: run.startedAt, collections: run.collections, errors: run.errors, warnings: run.warnings };
  return (await db.insertInto('inspection_runs').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertFindings(db: Queryable, rows: Omit<InspectionFindingsTable, 'id'>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('inspection_findings').values(rows.slice(i, i + 500)).execute();
}

export async function latestRun(db: Queryable, siteId: number) {
  return db.selectFrom('inspection_runs').selectAll().where('site_id', '=', siteId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function findingsOfRun(db: Queryable, runId: number, collectionId?: number): Promise<FindingRow[]> {
  let query = db.selectFrom('inspection_findings').selectAll().where('run_id', '=', runId);
  if (collectionId !== undefined) query = query.where('collection_id', '=', collectionId);
  return query.orderBy('collection_id').orderBy('id').execute();
}

/** Sites that have any collection: the ones the daily inspection visits. */
export async function sitesWithCollections(db: Queryable): Promise<number[]> {
  const rows = await db.selectFrom('collections').select('site_id').distinct().orderBy('site_id').execute();
  return rows.map((r) => r.site_id);
}
