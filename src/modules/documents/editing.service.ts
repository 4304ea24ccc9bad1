import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import type { DocumentInput } from './documents.schemas.js';
import { bodyText } from './documents.schemas.js';
import * as store from './documents.store.js';
import { documentTypes } from './documents.vocabulary.js';
import { rescanVersion } from './findings.service.js';
import { checkDocumentTags } from '../subscriptions/tags/tags.service.js';

export interface Editor extends AuditActor {
  id: number | null;
  siteId: number;
  departmentId?: number | null;
}

const shanghaiYear = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

/** 索引号: the site's identification code, the year and a five-digit running number (e.g. 3100000000/2026-00042). */
export function formatIndexNumber(siteCode: string, year: number, sequence: number): string {
  return `${siteCode}/${year}-${String(sequence).padStart(5, '0')}`;
}

/** The metadata fields a version snapshots (everything but the body). */
export function versionFields(input: DocumentInput) {
  return {
    type: input.type, docNumber: input.docNumber, issuers: input.issuers, theme: input.theme, writtenOn: input.writtenOn,
    effectiveOn: input.effectiveOn, expiresOn: input.expiresOn, disclosureMethod: input.disclosureMethod, audienceTags: input.audienceTags,
    needsInterpretation: input.needsInterpretation, interpretationForm: input.interpretationForm, interpretsId: input.interpretsId,
  };
}

function documentColumns(input: DocumentInput) {
  return {
    type: input.type,
    title: input.title,
    doc_number: input.docNumber,
    issuers: JSON.stringify(input.issuers),
    theme: input.theme,
    written_on: input.writtenOn,
    effective_on: input.effectiveOn,
    expires_on: input.expiresOn,
    disclosure_method: input.disclosureMethod,
    audience_tags: JSON.stringify(input.audienceTags),
    needs_interpretation: input.needsInterpretation ? 1 : 0,
    service_policy: input.servicePolicy ? 1 : 0,
    interpretation_form: input.type === 'interpretation' ? input.interpretationForm : null,
    interprets_id: input.type === 'interpretation' ? input.interpretsId : null,
  };
}

function jsonList(text: string): string[] {
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}

async function checkInterprets(db: Queryable, siteId: number, input: DocumentInput, selfId?: number): Promise<string | undefined> {
  if (input.type !== 'interpretation' || !input.interpretsId) return undefined;
  const policy = await store.findDocument(db, input.interpretsId);
  if (!policy || policy.site_id !== siteId || policy.type === 'interpretation' || policy.id === selfId) return '所解读的政策文件不存在';
  return undefined;
}

export async function createDraft(
  database: Database,
  site: { id: number; siteCode: string },
  input: DocumentInput,
  editor: Editor,
  extra: { externalId?: string | null; terms?: readonly string[] } = {},
): Promise<Outcome<number>> {
  const problem = await checkInterprets(database.db, site.id, input);
  if (problem) return invalid({ interpretsId: problem });
  const tagProblem = await checkDocumentTags(database.db, site.id, input.audienceTags);
  if (tagProblem) return invalid({ audienceTags: tagProblem });
  const id = await database.db.transaction().execute(async (trx) => {
    const year = shanghaiYear();
    const sequence = await store.nextSequence(trx, site.id, year);
    const now = nowIso();
    const documentId = await store.insertDocument(trx, {
      site_id: site.id,
      index_number: formatIndexNumber(site.siteCode, year, sequence),
      status: 'draft',
      validity: 'current',
      validity_changed_on: null,
      disclosure: null,
      disclosure_reason: null,
      targeted: 0,
      current_version: 1,
      published_version: null,
      published_at: null,
      scheduled_at: null,
      withdrawn_at: null,
      withdrawn_reason: null,
      owner_id: editor.id,
      department_id: editor.departmentId ?? null,
      external_id: extra.externalId ?? null,
      created_at: now,
      updated_at: now,
      ...documentColumns(input),
    });
    await store.insertVersion(trx, { documentId, version: 1, title: input.title, bodyHtml: input.body, bodyText: bodyText(input.body), fields: versionFields(input), createdBy: editor.id, note: input.note || '新建' });
    await rescanVersion(trx, documentId, 1, extra.terms ?? []);
    await appendAudit(trx, editor, { action: 'document.create', targetType: 'document', targetId: documentId, summary: `新建${documentTypes[input.type]}草稿《${input.title}》` });
    return documentId;
  });
  return ok(id);
}

/**
 * Saves a new version. A version that differs from the one under review sends the document
 * back to draft: a review approves one specific version (一事一审).
 */
export async function saveVersion(
  database: Database,
  documentId: number,
  input: DocumentInput,
  editor: Editor,
  options: { terms?: readonly string[]; expectedVersion?: number } = {},
): Promise<Outcome<number>> {
  const doc = await store.findDocument(database.db, documentId);
  if (!doc || doc.site_id !== editor.siteId) return invalid({ '': '该文件不存在' });
  if (doc.status === 'published' || doc.status === 'scheduled') return invalid({ '': '已发布或定时发布的文件不能直接修改，请先撤回' });
  if (options.expectedVersion !== undefined && options.expectedVersion !== doc.current_version) {
    return invalid({ '': `该文件已被他人修改（当前为第 ${doc.current_version} 版），请刷新后重新编辑` });
  }
  const problem = await checkInterprets(database.db, doc.site_id, input, documentId);
  if (problem) return invalid({ interpretsId: problem });
  // A tag retired since the document was tagged may stay on it; it cannot be added anew.
  const tagProblem = await checkDocumentTags(database.db, doc.site_id, input.audienceTags, jsonList(doc.audience_tags));
  if (tagProblem) return invalid({ audienceTags: tagProblem });
  const version = doc.current_version + 1;
  await database.db.transaction().execute(async (trx) => {
    await store.insertVersion(trx, { documentId, version, title: input.title, bodyHtml: input.body, bodyText: bodyText(input.body), fields: versionFields(input), createdBy: editor.id, note: input.note || '修改' });
    const sentBack = doc.status === 'in_review' || doc.status === 'approved';
    await store.updateDocument(trx, documentId, { ...documentColumns(input), current_version: version, status: sentBack || doc.status === 'withdrawn' ? 'draft' : doc.status });
    await rescanVersion(trx, documentId, version, options.terms ?? []);
    await appendAudit(trx, editor, {
      action: 'document.edit', targetType: 'document', targetId: documentId,
      summary: `修改《${input.title}》，形成第 ${version} 版${sentBack ? '（审核中修改，退回重新审核）' : ''}`,
    });
  });
  return ok(version);
}
