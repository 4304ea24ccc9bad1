import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { DocumentType, InterpretationForm, Validity } from '../documents.vocabulary.js';
import { shanghaiYearStart } from './format.js';

/*
 * Every read of the public pages, feeds and sitemap. All of them go through publicDocuments():
 * published, 主动公开, not 定向公开, with a published version. That one condition is the whole
 * public face of the library, so a draft, a 依申请公开 / 不予公开 document, a 定向公开 one or a
 * withdrawn one can never slip into a list, a feed or the sitemap.
 */

export function publicDocuments(db: Queryable, siteId: number) {
  return db
    .selectFrom('documents')
    .where('documents.site_id', '=', siteId)
    .where('documents.status', '=', 'published')
    .where('documents.disclosure', '=', 'proactive')
    .where('documents.targeted', '=', 0)
    .where('documents.published_version', 'is not', null);
}

export interface ListFilters {
  types?: DocumentType[];
  theme?: string;
  year?: number;
  validity?: Validity;
  form?: InterpretationForm;
  /** An audience-tag label (documents.audience_tags is a JSON list of labels). */
  tag?: string;
  /** One 发文机关 (documents.issuers is a JSON list). */
  issuer?: string;
}

/** `column` (a JSON list of strings) contains `value`: matched on its JSON spelling, LIKE wildcards escaped. */
const jsonListHas = (column: 'documents.audience_tags' | 'documents.issuers', value: string) =>
  sql<boolean>`${sql.ref(column)} like ${`%${JSON.stringify(value).replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`;

const LIST_COLUMNS = [
  'documents.id', 'documents.type', 'documents.title', 'documents.doc_number', 'documents.index_number', 'documents.issuers',
  'documents.theme', 'documents.validity', 'documents.published_at', 'documents.updated_at', 'documents.interpretation_form',
] as const;

function filtered(db: Queryable, siteId: number, f: ListFilters) {
  let q = publicDocuments(db, siteId);
  if (f.types && f.types.length > 0) q = q.where('documents.type', 'in', f.types);
  if (f.theme) q = q.where('documents.theme', '=', f.theme);
  if (f.validity) q = q.where('documents.validity', '=', f.validity);
  if (f.form) q = q.where('documents.interpretation_form', '=', f.form);
  if (f.tag) q = q.where(jsonListHas('documents.audience_tags', f.tag));
  if (f.issuer) q = q.where(jsonListHas('documents.issuers', f.issuer));
  if (f.year) q = q.where('documents.published_at', '>=', shanghaiYearStart(f.year)).where('documents.published_at', '<', shanghaiYearStart(f.year + 1));
  return q;
}

/** One page of public documents, newest first, and how many there are in all. */
export async function listPublic(db: Queryable, siteId: number, filters: ListFilters, page: { limit: number; offset: number }) {
  const [count, rows] = await Promise.all([
    filtered(db, siteId, filters).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    latestPublic(db, siteId, filters, page.limit, page.offset),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

export function latestPublic(db: Queryable, siteId: number, filters: ListFilters, limit: number, offset = 0) {
  return filtered(db, siteId, filters)
    .select(LIST_COLUMNS)
    .orderBy('documents.published_at', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
export type ListRow = Awaited<ReturnType<typeof latestPublic>>[number];

/** The newest public documents with the beginning of their published text, for feeds. */
export function feedEntries(db: Queryable, siteId: number, filters: ListFilters, limit: number) {
  return filtered(db, siteId, filters)
    .innerJoin('document_versions as v', (join) => join.onRef('v.document_id', '=', 'documents.id').onRef('v.version', '=', 'documents.published_version'))
    .select(LIST_COLUMNS)
    .select(sql<string>`substr(v.body_text, 1, 400)`.as('excerpt'))
    .orderBy('documents.published_at', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(limit)
    .execute();
}
export type FeedRow = Awaited<ReturnType<typeof feedEntries>>[number];

export async function countPublic(db: Queryable, siteId: number): Promise<number> {
  const row = await publicDocuments(db, siteId).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Ids and last changes of public documents for the sitemap, in id order, one chunk at a time. */
export function sitemapChunk(db: Queryable, siteId: number, limit: number, offset: number) {
  return publicDocuments(db, siteId).select(['documents.id', 'documents.updated_at']).orderBy('documents.id').limit(limit).offset(offset).execute();
}

/** The distinct 发文机关 of the public library (for the search form), most frequent first. */
export async function publicIssuers(db: Queryable, siteId: number): Promise<string[]> {
  const rows = await publicDocuments(db, siteId).select(['documents.issuers', (eb) => eb.fn.countAll().as('n')]).groupBy('documents.issuers').execute();
  const counts = new Map<string, number>();
  for (const row of rows) {
    let list: unknown;
    try {
      list = JSON.parse(row.issuers);
    } catch {
      continue;
    }
    if (Array.isArray(list)) for (const name of list) if (typeof name === 'string') counts.set(name, (counts.get(name) ?? 0) + Number(row.n));
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).map(([name]) => name);
}
