import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import { scanText, type Finding } from '../../platform/text/scanner/index.js';
import { bodyText } from './documents.schemas.js';
import * as store from './documents.store.js';

export const findingTypeLabels: Record<string, string> = {
  id_card: '身份证号码', mobile: '手机号码', bank_card: '银行卡号', email: '电子邮箱', secret_mark: '密级标识', sensitive_term: '敏感词',
};
export const findingStatusLabels: Record<string, string> = { open: '待处理', masked: '已脱敏', overridden: '已忽略（有理由）' };

export async function sensitiveTerms(db: Queryable, siteId: number): Promise<string[]> {
  const rows = await db.selectFrom('sensitive_terms').select('term').where('site_id', '=', siteId).execute();
  return rows.map((r) => r.term);
}

/**
 * Scans a version's body and the document's current attachments and replaces that version's open
 * findings. A finding already resolved (on this or an earlier version: same place, type and masked
 * text) keeps its resolution, so a re-scan or a new version never reopens a reasoned override.
 */
export async function rescanVersion(trx: Queryable, documentId: number, version: number, terms: readonly string[]): Promise<number> {
  const v = await store.findVersion(trx, documentId, version);
  if (!v) return 0;
  await trx.deleteFrom('scan_findings').where('document_id', '=', documentId).where('version', '=', version).where('status', '=', 'open').execute();
  const resolved = await trx
    .selectFrom('scan_findings')
    .select(['version', 'source', 'type', 'masked', 'status', 'resolved_by', 'resolution_note'])
    .where('document_id', '=', documentId)
    .where('status', '=', 'overridden')
    .execute();
  const alreadyHere = new Set(resolved.filter((r) => r.version === version).map((r) => `${r.source}|${r.type}|${r.masked}`));
  const attachments = await trx.selectFrom('document_attachments').select(['id', 'text']).where('document_id', '=', documentId).where('removed_at', 'is', null).execute();
  const sources: { source: string; text: string }[] = [{ source: 'body', text: v.title + '\n' + v.body_text }, ...attachments.map((a) => ({ source: `attachment:${a.id}`, text: a.text }))];
  const now = nowIso();
  let open = 0;
  for (const { source, text } of sources) {
    const rows = scanText(text, { terms })
      .filter((f) => !alreadyHere.has(`${source}|${f.type}|${f.masked}`))
      .map((f) => {
        const earlier = resolved.find((r) => r.source === source && r.type === f.type && r.masked === f.masked);
        if (!earlier) open += 1;
        return {
          document_id: documentId, version, source, type: f.type, start: f.start, end: f.end, masked: f.masked,
          status: earlier ? 'overridden' : 'open', resolved_by: earlier?.resolved_by ?? null,
          resolution_note: earlier ? `沿用第 ${earlier.version} 版的忽略理由：${earlier.resolution_note ?? ''}` : null, created_at: now,
        };
      });
    if (rows.length) await trx.insertInto('scan_findings').values(rows).execute();
  }
  return open;
}

export async function findingsOf(db: Queryable, documentId: number, version: number) {
  return db.selectFrom('scan_findings').selectAll().where('document_id', '=', documentId).where('version', '=', version).orderBy('id').execute();
}

export async function openFindingCount(db: Queryable, documentId: number, version: number): Promise<number> {
  const row = await db
    .selectFrom('scan_findings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('document_id', '=', documentId)
    .where('version', '=', version)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * 一键脱敏: replaces the finding's text in the body with its masked form, as a new version (a
 * review approves one version, so masking before review is the normal path).
 */
export async function maskBodyFinding(database: Database, findingId: number, actor: AuditActor & { siteId: number }, terms: readonly string[]): Promise<Outcome<number>> {
  const finding = await database.db.selectFrom('scan_findings').selectAll().where('id', '=', findingId).executeTakeFirst();
  const doc = finding ? await store.findDocument(database.db, finding.document_id) : undefined;
  if (!finding || !doc || doc.site_id !== actor.siteId) return invalid({ '': '该检测结果不存在' });
  if (finding.status !== 'open') return invalid({ '': '该检测结果已处理' });
  if (finding.source !== 'body') return invalid({ '': '附件中的内容无法在线脱敏：请删除该附件并上传脱敏后的文件，或填写理由后忽略' });
  if (finding.version !== doc.current_version) return invalid({ '': '该检测结果属于旧版本，请在最新版本上处理' });
  if (doc.status === 'published' || doc.status === 'scheduled') return invalid({ '': '已发布的文件请先撤回再脱敏' });
  const v = await store.findVersion(database.db, doc.id, doc.current_version);
  if (!v) return invalid({ '': '版本不存在' });
  const original: Finding | undefined = scanText(v.title + '\n' + v.body_text, { terms }).find((f) => f.start === finding.start && f.end === finding.end && f.type === finding.type);
  if (!original) return invalid({ '': '正文已变化，请重新检测' });
  const inTitle = original.end <= v.title.length;
  const title = inTitle ? v.title.replace(original.text, original.masked) : v.title;
  const bodyHtml = inTitle ? v.body_html : v.body_html.replace(original.text, original.masked);
  if (!inTitle && bodyHtml === v.body_html) return invalid({ '': '无法在正文格式中定位该内容，请手工修改正文' });
  const version = doc.current_version + 1;
  await database.db.transaction().execute(async (trx) => {
    await store.insertVersion(trx, { documentId: doc.id, version, title, bodyHtml, bodyText: bodyText(bodyHtml), fields: JSON.parse(v.fields) as object, createdBy: actor.id, note: `脱敏：${findingTypeLabels[finding.type] ?? finding.type}` });
    await trx.updateTable('scan_findings').set({ status: 'masked', resolved_by: actor.id, resolution_note: '一键脱敏' }).where('id', '=', findingId).execute();
    const sentBack = doc.status === 'in_review' || doc.status === 'approved';
    await store.updateDocument(trx, doc.id, { current_version: version, title, status: sentBack ? 'draft' : doc.status });
    await rescanVersion(trx, doc.id, version, terms);
    await appendAudit(trx, actor, { action: 'document.finding.mask', targetType: 'document', targetId: doc.id, summary: `《${title}》脱敏一处${findingTypeLabels[finding.type] ?? ''}，形成第 ${version} 版` });
  });
  return ok(version);
}

/** Publishing despite a finding needs a written reason, kept with the finding and in the audit log. */
export async function overrideFinding(database: Database, findingId: number, reason: string, actor: AuditActor & { siteId: number }): Promise<Outcome<true>> {
  const finding = await database.db.selectFrom('scan_findings').selectAll().where('id', '=', findingId).executeTakeFirst();
  const doc = finding ? await store.findDocument(database.db, finding.document_id) : undefined;
  if (!finding || !doc || doc.site_id !== actor.siteId) return invalid({ '': '该检测结果不存在' });
  if (finding.status !== 'open') return invalid({ '': '该检测结果已处理' });
  await database.db.transaction().execute(async (trx) => {
    await trx.updateTable('scan_findings').set({ status: 'overridden', resolved_by: actor.id, resolution_note: reason }).where('id', '=', findingId).execute();
    await appendAudit(trx, actor, {
      action: 'document.finding.override', targetType: 'document', targetId: doc.id,
      summary: `忽略《${doc.title}》中的${findingTypeLabels[finding.type] ?? finding.type}检测结果（${finding.masked}），理由：${reason}`,
    });
  });
  return ok(true);
}
