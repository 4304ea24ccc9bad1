import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import type { Site, SiteColumn, SiteFooter } from './sites.schemas.js';

type SiteRow = { id: number; slug: string; name: string; hosts: string; is_default: number; footer: string; columns: string };

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    hosts: row.hosts ? row.hosts.split(',') : [],
    isDefault: row.is_default === 1,
    footer: JSON.parse(row.footer) as SiteFooter,
    columns: JSON.parse(row.columns) as SiteColumn[],
  };
}

export async function listSites(db: Queryable): Promise<Site[]> {
  const rows = await db.selectFrom('sites').select(['id', 'slug', 'name', 'hosts', 'is_default', 'footer', 'columns']).orderBy('id').execute();
  return rows.map(toSite);
}

export async function insertSite(
  db: Queryable,
  site: { slug: string; name: string; hosts: string[]; isDefault: boolean; footer: SiteFooter; columns: SiteColumn[] },
): Promise<number> {
  const row = await db
    .insertInto('sites')
    .values({
      slug: site.slug,
      name: site.name,
      hosts: site.hosts.join(','),
      is_default: site.isDefault ? 1 : 0,
      footer: JSON.stringify(site.footer),
      columns: JSON.stringify(site.columns),
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function siteSlugTaken(db: Queryable, slug: string): Promise<boolean> {
  return (await db.selectFrom('sites').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

export async function updateSiteFooter(db: Queryable, siteId: number, name: string, hosts: string[], footer: SiteFooter): Promise<void> {
  await db.updateTable('sites').set({ name, hosts: hosts.join(','), footer: JSON.stringify(footer) }).where('id', '=', siteId).execute();
}

export async function listDepartments(db: Queryable, siteId: number) {
  return db.selectFrom('departments').selectAll().where('site_id', '=', siteId).orderBy('code').execute();
}

export async function insertDepartment(db: Queryable, siteId: number, name: string, code: string): Promise<number> {
  const row = await db
    .insertInto('departments')
    .values({ site_id: siteId, name, code, active: 1, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDepartment(db: Queryable, siteId: number, id: number, changes: { name: string; code: string; active: boolean }) {
  return db
    .updateTable('departments')
    .set({ name: changes.name, code: changes.code, active: changes.active ? 1 : 0 })
    .where('id', '=', id)
    .where('site_id', '=', siteId)
    .executeTakeFirst();
}

export async function findDepartmentByNameOrCode(db: Queryable, siteId: number, name: string, code: string, exceptId?: number) {
  let q = db
    .selectFrom('departments')
    .select(['id', 'name', 'code'])
    .where('site_id', '=', siteId)
    .where((eb) => eb.or([eb('name', '=', name), eb('code', '=', code)]));
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export async function updateSiteColumnsRow(db: Queryable, siteId: number, columns: SiteColumn[]): Promise<void> {
  await db.updateTable('sites').set({ columns: JSON.stringify(columns) }).where('id', '=', siteId).execute();
}
