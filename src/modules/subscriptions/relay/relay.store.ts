import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import type { RelayMembersTable, RelayPackagesTable } from './relay.tables.js';

export type MemberRow = Selectable<RelayMembersTable>;
export type PackageRow = Selectable<RelayPackagesTable>;

// ---- relay members ----

export function findMember(db: Queryable, siteId: number, accountId: number): Promise<MemberRow | undefined> {
  return db.selectFrom('relay_members').selectAll().where('site_id', '=', siteId).where('account_id', '=', accountId).executeTakeFirst();
}

export function findMemberById(db: Queryable, siteId: number, id: number): Promise<MemberRow | undefined> {
  return db.selectFrom('relay_members').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
}

export function listMembers(db: Queryable, siteId: number, limit: number) {
  return db
    .selectFrom('relay_members as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.id', 'm.account_id', 'm.relay_type', 'm.area', 'm.notes', 'm.status', 'm.subscribed', 'm.decided_at', 'm.decision_note', 'm.created_at', 'a.name', 'a.credit_code', 'a.email', 'a.mobile'])
    .where('m.site_id', '=', siteId)
    // Pending first: they are what the page is for.
    .orderBy(sql`case when m.status = 'pending' then 0 else 1 end`)
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute();
}
export type MemberListRow = Awaited<ReturnType<typeof listMembers>>[number];

export async function saveApplication(db: Queryable, siteId: number, accountId: number, fields: { relay_type: string; area: string; notes: string }): Promise<number> {
  const now = nowIso();
  const existing = await findMember(db, siteId, accountId);
  if (existing) {
    await db.updateTable('relay_members').set({ ...fields, status: 'pending', decided_by: null, decided_at: null, decision_note: '', updated_at: now }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await db
    .insertInto('relay_members')
    .values({ site_id: siteId, account_id: accountId, ...fields, status: 'pending', subscribed: 1, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function decideMember(db: Queryable, id: number, decision: { status: string; note: string; by: number | null }): Promise<void> {
  const now = nowIso();
  await db.updateTable('relay_members').set({ status: decision.status, decision_note: decision.note, decided_by: decision.by, decided_at: now, updated_at: now }).where('id', '=', id).execute();
}

export async function setSubscribed(db: Queryable, id: number, subscribed: boolean): Promise<void> {
  await db.updateTable('relay_members').set({ subscribed: subscribed ? 1 : 0, updated_at: nowIso() }).where('id', '=', id).execute();
}

/** Who a package published now goes to. */
export function activeMembers(db: Queryable, siteId: number) {
  return db
    .selectFrom('relay_members as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.account_id', 'm.relay_type'])
    .where('m.site_id', '=', siteId)
    .where('m.status', '=', 'approved')
    .where('m.subscribed', '=', 1)
    .where('a.status', '=', 'active')
    .where('a.kind', '=', 'organization')
    .orderBy('m.account_id')
    .execute();
}

// ---- packages ----

export async function insertPackage(db: Queryable, row: { site_id: number; document_id: number; title: string; interpretation_ids: number[]; faq: unknown; script: string; created_by: number | null }): Promise<number> {
  const now = nowIso();
  const inserted = await db
    .insertInto('relay_packages')
    .values({ ...row, interpretation_ids: JSON.stringify(row.interpretation_ids), faq: JSON.stringify(row.faq), status: 'draft', content: null, published_by: null, published_at: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export function findPackage(db: Queryable, siteId: number, id: number): Promise<PackageRow | undefined> {
  return db.selectFrom('relay_packages').selectAll().where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
}

/** Marks a draft published; false when it was not a draft any more (a second publish, or a race). */
export async function markPublished(db: Queryable, id: number, fields: { content: string; published_by: number | null; published_at: string }): Promise<boolean> {
  const result = await db.updateTable('relay_packages').set({ ...fields, status: 'published', updated_at: fields.published_at }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function listPackages(db: Queryable, siteId: number, limit: number) {
  return db
    .selectFrom('relay_packages as p')
    .leftJoin('accounts as c', 'c.id', 'p.created_by')
    .select(['p.id', 'p.title', 'p.status', 'p.document_id', 'p.created_at', 'p.published_at', 'c.name as author'])
    .select((eb) => [
      eb.selectFrom('relay_recipients as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.package_id', '=', 'p.id').as('recipients'),
      eb.selectFrom('relay_reports as x').select((e) => e.fn.sum<number>('x.reach').as('n')).whereRef('x.package_id', '=', 'p.id').as('reach'),
    ])
    .where('p.site_id', '=', siteId)
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
}

// ---- recipients and reports ----

export async function insertRecipients(db: Queryable, packageId: number, members: { account_id: number; relay_type: string }[]): Promise<void> {
  const now = nowIso();
  // Chunked: a site may have thousands of relay points, and SQLite caps bound parameters.
  for (let i = 0; i < members.length; i += 200) {
    await db.insertInto('relay_recipients').values(members.slice(i, i + 200).map((m) => ({ package_id: packageId, account_id: m.account_id, relay_type: m.relay_type, created_at: now }))).execute();
  }
}

export async function isRecipient(db: Queryable, packageId: number, accountId: number): Promise<boolean> {
  return !!(await db.selectFrom('relay_recipients').select('package_id').where('package_id', '=', packageId).where('account_id', '=', accountId).executeTakeFirst());
}

/** The published packages an organisation received on this site, newest first, with what it reported. */
export function receivedPackages(db: Queryable, siteId: number, accountId: number, limit: number) {
  return db
    .selectFrom('relay_recipients as r')
    .innerJoin('relay_packages as p', 'p.id', 'r.package_id')
    .select(['p.id', 'p.title', 'p.published_at', 'r.created_at as received_at'])
    .select((eb) => [
      eb.selectFrom('relay_reports as x').select((e) => e.fn.countAll<number>().as('n')).whereRef('x.package_id', '=', 'p.id').where('x.account_id', '=', accountId).as('reports'),
      eb.selectFrom('relay_reports as x').select((e) => e.fn.sum<number>('x.reach').as('n')).whereRef('x.package_id', '=', 'p.id').where('x.account_id', '=', accountId).as('reach'),
    ])
    .where('r.account_id', '=', accountId)
    .where('p.site_id', '=', siteId)
    .where('p.status', '=', 'published')
    .orderBy('p.published_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertReport(db: Queryable, row: { package_id: number; account_id: number; relayed_on: string; channel: string; reach: number; note: string }): Promise<number> {
  const inserted = await db.insertInto('relay_reports').values({ ...row, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

/** Every recipient of a package with its relay type and organisation name, and every report. */
export async function packageOverview(db: Queryable, packageId: number) {
  const [recipients, reports] = await Promise.all([
    db
      .selectFrom('relay_recipients as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(['r.account_id', 'r.relay_type', 'r.created_at', 'a.name'])
      .where('r.package_id', '=', packageId)
      .orderBy('a.name')
      .orderBy('r.account_id')
      .execute(),
    db
      .selectFrom('relay_reports as x')
      .innerJoin('accounts as a', 'a.id', 'x.account_id')
      .select(['x.id', 'x.account_id', 'x.relayed_on', 'x.channel', 'x.reach', 'x.note', 'x.created_at', 'a.name'])
      .where('x.package_id', '=', packageId)
      .orderBy('x.relayed_on')
      .orderBy('x.id')
      .execute(),
  ]);
  return { recipients, reports };
}
export type PackageOverview = Awaited<ReturnType<typeof packageOverview>>;

// ---- composing ----

/** A policy by id, 索引号 or 文号 (as staff know it), on this site. */
export async function findDocumentRef(db: Queryable, siteId: number, ref: string): Promise<number | undefined> {
  const q = db.selectFrom('documents').select('id').where('site_id', '=', siteId);
  if (/^[1-9]\d{0,9}$/.test(ref) && Number(ref) <= 2_147_483_647) {
    const byId = await q.where('id', '=', Number(ref)).executeTakeFirst();
    if (byId) return byId.id;
  }
  const row = await q.where((eb) => eb.or([eb('index_number', '=', ref), eb('doc_number', '=', ref)])).orderBy('id', 'desc').executeTakeFirst();
  return row?.id;
}

/** FAQ entries of the 主题库 that list this policy: a starting point for the package's FAQ. */
export function collectionFaqFor(db: Queryable, siteId: number, documentId: number) {
  return db
    .selectFrom('collection_items as f')
    .innerJoin('collections as c', 'c.id', 'f.collection_id')
    .select(['f.title as q', 'f.body as a', 'c.title as collection'])
    .where('c.site_id', '=', siteId)
    .where('f.kind', '=', 'faq')
    .where((eb) => eb.exists(eb.selectFrom('collection_items as d').select('d.id').whereRef('d.collection_id', '=', 'c.id').where('d.kind', '=', 'document').where('d.document_id', '=', documentId)))
    .orderBy('c.id')
    .orderBy('f.position')
    .limit(30)
    .execute();
}
