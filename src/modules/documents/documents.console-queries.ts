import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';

/** The staff console's read queries (lists, look-ups) and the sensitive-term table; the core store stays as it is. */

export interface DocumentListFilter {
  status?: string;
  type?: string;
  validity?: string;
  /** Part of the title, 文号 or 索引号. */
  q?: string;
  ownerId?: number;
  page: number;
  pageSize: number;
}

/** LIKE with the pattern's own % _ and ! taken literally (ESCAPE works the same on SQLite and PostgreSQL). */
const contains = (column: 'title' | 'doc_number' | 'index_number', text: string) =>
  sql<boolean>`${sql.ref(column)} like ${`%${text.replace(/[!%_]/g, '!$&')}%`} escape '!'`;

export async function listDocuments(db: Queryable, siteId: number, f: DocumentListFilter) {
  let query = db.selectFrom('documents').where('site_id', '=', siteId);
  if (f.status) query = query.where('status', '=', f.status);
  if (f.type) query = query.where('type', '=', f.type);
  if (f.validity) query = query.where('validity', '=', f.validity);
  if (f.ownerId) query = query.where('owner_id', '=', f.ownerId);
  const q = f.q;
  if (q) query = query.where((eb) => eb.or([contains('title', q), contains('doc_number', q), contains('index_number', q)]));
  const counted = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['id', 'type', 'title', 'doc_number', 'index_number', 'status', 'validity', 'current_version', 'owner_id', 'updated_at', 'scheduled_at'])
    .select((eb) =>
      eb
        .selectFrom('scan_findings')
        .select((s) => s.fn.countAll<number | string>().as('n'))
        .whereRef('scan_findings.document_id', '=', 'documents.id')
        .whereRef('scan_findings.version', '=', 'documents.current_version')
        .where('scan_findings.status', '=', 'open')
        .as('open_findings'),
    )
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(counted.n), rows: rows.map((r) => ({ ...r, open_findings: Number(r.open_findings ?? 0) })) };
}

/** The site's policies an interpretation can explain (everything but interpretations), newest first. */
export async function policyOptions(db: Queryable, siteId: number) {
  return db
    .selectFrom('documents')
    .select(['id', 'title', 'doc_number'])
    .where('site_id', '=', siteId)
    .where('type', '!=', 'interpretation')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

/** Documents of the site with exactly this 文号 (a 文号 should be unique, but imports may repeat one). */
export async function documentsByDocNumber(db: Queryable, siteId: number, docNumber: string) {
  return db.selectFrom('documents').select(['id', 'title']).where('site_id', '=', siteId).where('doc_number', '=', docNumber).limit(2).execute();
}

export async function accountNames(db: Queryable, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('accounts').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** 定向公开 recipients as contacts, for showing who a document is disclosed to. */
export async function recipientContacts(db: Queryable, documentId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('document_recipients')
    .innerJoin('accounts', 'accounts.id', 'document_recipients.account_id')
    .select(['accounts.email', 'accounts.mobile'])
    .where('document_recipients.document_id', '=', documentId)
    .execute();
  return rows.map((r) => r.email ?? r.mobile ?? '').filter(Boolean);
}

export async function findFinding(db: Queryable, documentId: number, findingId: number) {
  return db.selectFrom('scan_findings').select(['id', 'document_id', 'version', 'status']).where('id', '=', findingId).where('document_id', '=', documentId).executeTakeFirst();
}

export async function listSensitiveTerms(db: Queryable, siteId: number) {
  return db.selectFrom('sensitive_terms').select(['id', 'term', 'created_at']).where('site_id', '=', siteId).orderBy('term').execute();
}

export async function findSensitiveTerm(db: Queryable, siteId: number, id: number) {
  return db.selectFrom('sensitive_terms').select(['id', 'term']).where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst();
}

export async function insertSensitiveTerm(db: Queryable, siteId: number, term: string): Promise<boolean> {
  const row = await db
    .insertInto('sensitive_terms')
    .values({ site_id: siteId, term, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['site_id', 'term']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteSensitiveTerm(db: Queryable, siteId: number, id: number): Promise<void> {
  await db.deleteFrom('sensitive_terms').where('site_id', '=', siteId).where('id', '=', id).execute();
}
