import type { Insertable } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { ApplicationsTable } from '../applications.tables.js';
import type { DocumentsTable } from '../../documents/documents.tables.js';

/* Row builders for the report's tests and benchmark: cases, appeals and policy documents written straight to the tables. */

export interface SeedCase {
  number: string;
  column: string;
  receivedOn: string;
  replyType?: string | null;
  repliedOn?: string | null;
  closedOn?: string | null;
  status?: string;
}

const STAMP = '2025-01-01T00:00:00.000Z';

export function caseRow(siteId: number, c: SeedCase): Insertable<ApplicationsTable> {
  const concluded = c.replyType != null && (c.repliedOn ?? c.closedOn) != null;
  return {
    site_id: siteId, number: c.number, channel: 'online', applicant_account_id: null, applicant_column: c.column, applicant_name: '测试申请人',
    applicant_id_enc: null, applicant_id_masked: null, contact_phone: null, contact_email: null, contact_address: null,
    description: '测试申请内容', delivery_form: '电子邮件', submitted_at: `${c.receivedOn}T01:00:00.000Z`, received_on: c.receivedOn,
    status: c.status ?? (concluded ? (c.closedOn ? 'closed' : 'replied') : 'assigned'), department_id: null, handler_id: null,
    due_on: null, waiting_until: null, reply_type: c.replyType ?? null, replied_on: c.repliedOn ?? null, closed_on: c.closedOn ?? null,
    excessive: 0, created_at: STAMP, updated_at: STAMP,
  };
}

/** Inserts in batches (bounded by PostgreSQL's and SQLite's parameter limits); returns the ids in order. */
export async function insertCases(db: Queryable, siteId: number, cases: SeedCase[], batch = 500): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < cases.length; i += batch) {
    const rows = await db.insertInto('applications').values(cases.slice(i, i + batch).map((c) => caseRow(siteId, c))).returning('id').execute();
    ids.push(...rows.map((r) => Number(r.id)));
  }
  return ids;
}

export interface SeedAppeal {
  applicationId: number;
  kind: string;
  filedOn: string;
  outcome: string;
  decidedOn?: string | null;
}

export async function insertAppeals(db: Queryable, appeals: SeedAppeal[], batch = 1000): Promise<void> {
  for (let i = 0; i < appeals.length; i += batch) {
    await db
      .insertInto('application_appeals')
      .values(appeals.slice(i, i + batch).map((a) => ({
        application_id: a.applicationId, kind: a.kind, filed_on: a.filedOn, outcome: a.outcome, decided_on: a.decidedOn ?? null, note: '', created_at: STAMP, updated_at: STAMP,
      })))
      .execute();
  }
}

export interface SeedDocument {
  type: string;
  publishedAt: string | null;
  validity: string;
  validityChangedOn?: string | null;
  status?: string;
  disclosure?: string;
}

let documentSequence = 0;

export async function insertDocument(db: Queryable, siteId: number, d: SeedDocument): Promise<void> {
  documentSequence += 1;
  const row: Insertable<DocumentsTable> = {
    site_id: siteId, type: d.type, index_number: `TEST-${documentSequence}-${Math.random().toString(36).slice(2, 8)}`, status: d.status ?? 'published',
    title: `测试文件 ${documentSequence}`, doc_number: null, issuers: '[]', theme: null, written_on: null, effective_on: null, expires_on: null,
    validity: d.validity, validity_changed_on: d.validityChangedOn ?? null, disclosure: d.disclosure ?? 'proactive', disclosure_reason: null,
    disclosure_method: '政府网站', targeted: 0, audience_tags: '[]', needs_interpretation: 0, interpretation_form: null, interprets_id: null,
    current_version: 1, published_version: d.publishedAt ? 1 : null, published_at: d.publishedAt, scheduled_at: null, withdrawn_at: null,
    withdrawn_reason: null, owner_id: null, department_id: null, external_id: null, created_at: STAMP, updated_at: STAMP,
  };
  await db.insertInto('documents').values(row).execute();
}
