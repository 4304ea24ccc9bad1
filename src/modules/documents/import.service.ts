import { z } from 'zod';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { bodyHtmlFromInput, bodyText } from './documents.schemas.js';
import * as store from './documents.store.js';
import { documentTypeCodes, documentTypes, reviewStepOrder, validityStates, type DocumentType, type Validity } from './documents.vocabulary.js';
import { formatIndexNumber } from './editing.service.js';
import { rescanVersion } from './findings.service.js';
import type { PublicationHooks } from './workflow.service.js';

const byLabel = <T extends string>(labels: Record<T, string>, value: string): T | undefined =>
  (Object.keys(labels) as T[]).find((code) => code === value || labels[code] === value);

const dateOrIso = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00+08:00` : v)), '日期格式应为 YYYY-MM-DD 或 ISO 8601');

/** One line of `gongkai import documents FILE.jsonl`: what an old CMS can export. */
export const importLineSchema = z.object({
  title: z.string().trim().min(2, 'title 不能为空').max(200, 'title 过长'),
  docNumber: z.string().trim().max(100).optional().nullable(),
  issuer: z.union([z.string().trim().min(2), z.array(z.string().trim().min(2)).min(1)], { error: 'issuer 须为发文机关名称或名称数组' }),
  type: z.string().transform((v, ctx) => {
    const code = byLabel(documentTypes, v.trim());
    if (!code) ctx.addIssue({ code: 'custom', message: `type 须为 ${documentTypeCodes.join('/')} 或其中文名称` });
    return code as DocumentType;
  }),
  publishedAt: dateOrIso,
  body: z.string().min(1, 'body 不能为空').max(2_000_000, 'body 过长'),
  validity: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return 'current' as Validity;
      const code = byLabel(validityStates, v.trim());
      if (!code) ctx.addIssue({ code: 'custom', message: 'validity 须为 current/amended/repealed/expired 或 现行有效/已修改/已废止/已失效' });
      return code as Validity;
    }),
  expiresAt: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'expiresAt 格式应为 YYYY-MM-DD').optional().nullable(),
  theme: z.string().trim().max(64).optional().nullable(),
  externalId: z.string().trim().min(1).max(200).optional().nullable(),
});
export type ImportLine = z.infer<typeof importLineSchema>;

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  errors: { line: number; message: string }[];
}

const toIso = (v: string) => new Date(v.length === 10 ? `${v}T09:00:00+08:00` : v).toISOString();

/**
 * Imports documents as published, each with a recorded "migrated" review for every step.
 * Re-importing an externalId adds a version to the same document; a bad line is reported with
 * its number and the others still import (one transaction per line).
 */
export async function importDocuments(
  database: Database,
  site: { id: number; siteCode: string },
  lines: Iterable<string> | AsyncIterable<string>,
  actor: AuditActor,
  hooks: PublicationHooks,
): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const terms = (await database.db.selectFrom('sensitive_terms').select('term').where('site_id', '=', site.id).execute()).map((r) => r.term);
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      report.errors.push({ line: lineNumber, message: '不是有效的 JSON' });
      continue;
    }
    const parsed = importLineSchema.safeParse(json);
    if (!parsed.success) {
      report.errors.push({ line: lineNumber, message: parsed.error.issues.map((i) => `${i.path.join('.') || '记录'}: ${i.message}`).join('；') });
      continue;
    }
    try {
      const outcome = await importOne(database, site, parsed.data, actor, hooks, terms);
      report[outcome] += 1;
    } catch (error) {
      report.errors.push({ line: lineNumber, message: `写入失败：${(error as Error).message}` });
    }
  }
  return report;
}

async function importOne(
  database: Database,
  site: { id: number; siteCode: string },
  line: ImportLine,
  actor: AuditActor,
  hooks: PublicationHooks,
  terms: readonly string[],
): Promise<'created' | 'updated' | 'unchanged'> {
  const bodyHtml = bodyHtmlFromInput(line.body);
  const text = bodyText(bodyHtml);
  const issuers = Array.isArray(line.issuer) ? line.issuer : line.issuer.split(/[、,，]+/).map((s) => s.trim()).filter(Boolean);
  const publishedAt = toIso(line.publishedAt);
  const year = Number(new Date(Date.parse(publishedAt) + 8 * 3_600_000).toISOString().slice(0, 4));
  const fields = { type: line.type, docNumber: line.docNumber ?? null, issuers, theme: line.theme ?? null, expiresOn: line.expiresAt ?? null, imported: true };
  const columns = {
    type: line.type, title: line.title, doc_number: line.docNumber ?? null, issuers: JSON.stringify(issuers), theme: line.theme ?? null,
    expires_on: line.expiresAt ?? null, validity: line.validity, written_on: publishedAt.slice(0, 10), effective_on: publishedAt.slice(0, 10),
  };
  return database.db.transaction().execute(async (trx) => {
    const existing = line.externalId ? await store.findByExternalId(trx, site.id, line.externalId) : undefined;
    let documentId: number;
    let version: number;
    if (existing) {
      const current = await store.findVersion(trx, existing.id, existing.current_version);
      if (current && current.title === line.title && current.body_text === text && existing.validity === line.validity && existing.doc_number === (line.docNumber ?? null)) return 'unchanged';
      documentId = existing.id;
      version = existing.current_version + 1;
      await store.insertVersion(trx, { documentId, version, title: line.title, bodyHtml, bodyText: text, fields, createdBy: null, note: '迁移导入（更新）' });
      await store.updateDocument(trx, documentId, { ...columns, current_version: version, published_version: version, status: 'published', disclosure: 'proactive' });
    } else {
      const sequence = await store.nextSequence(trx, site.id, year);
      const now = nowIso();
      version = 1;
      documentId = await store.insertDocument(trx, {
        ...columns, site_id: site.id, index_number: formatIndexNumber(site.siteCode, year, sequence), status: 'published', validity_changed_on: null,
        disclosure: 'proactive', disclosure_reason: null, disclosure_method: '政府网站', targeted: 0, audience_tags: '[]', needs_interpretation: 0,
        interpretation_form: null, interprets_id: null, current_version: 1, published_version: 1, published_at: publishedAt, scheduled_at: null,
        withdrawn_at: null, withdrawn_reason: null, owner_id: null, department_id: null, external_id: line.externalId ?? null, created_at: now, updated_at: now,
      });
      await store.insertVersion(trx, { documentId, version, title: line.title, bodyHtml, bodyText: text, fields, createdBy: null, note: '迁移导入' });
    }
    for (const step of reviewStepOrder) {
      await store.insertReview(trx, { documentId, version, step, decision: 'migrated', reviewerId: null, reviewerName: actor.label, comment: '从原网站迁移，原系统已审查' });
    }
    await rescanVersion(trx, documentId, version, terms);
    await hooks.published(trx, documentId);
    await appendAudit(trx, actor, {
      action: existing ? 'document.import.update' : 'document.import', targetType: 'document', targetId: documentId,
      summary: `迁移导入${documentTypes[line.type]}《${line.title}》${existing ? `（更新为第 ${version} 版）` : ''}`,
      detail: { externalId: line.externalId ?? null },
    });
    return existing ? 'updated' : 'created';
  });
}
