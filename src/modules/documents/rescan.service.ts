import type { Database } from '../../platform/db/database.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { findingTypeLabels, rescanVersion, sensitiveTerms } from './findings.service.js';

/**
 * Re-scans every published version: a new rule or a new sensitive term finds old leaks (full
 * ID numbers in published 公示 lists are the classic failure). New findings stay open on the
 * published version, where the owner's workbench and the console dashboard show them.
 */
export async function rescanPublished(database: Database, batch = 200): Promise<{ documents: number; newFindings: number }> {
  let after = 0;
  let documents = 0;
  let newFindings = 0;
  const termsBySite = new Map<number, string[]>();
  for (;;) {
    const rows = await database.db
      .selectFrom('documents')
      .select(['id', 'site_id', 'title', 'published_version', 'owner_id'])
      .where('status', '=', 'published')
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    for (const doc of rows) {
      after = doc.id;
      if (doc.published_version === null) continue;
      if (!termsBySite.has(doc.site_id)) termsBySite.set(doc.site_id, await sensitiveTerms(database.db, doc.site_id));
      const terms = termsBySite.get(doc.site_id)!;
      await database.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('scan_findings').select(['type', 'start', 'source', 'status']).where('document_id', '=', doc.id).where('version', '=', doc.published_version!).execute();
        await rescanVersion(trx, doc.id, doc.published_version!, terms);
        const after_ = await trx.selectFrom('scan_findings').select(['type', 'start', 'source']).where('document_id', '=', doc.id).where('version', '=', doc.published_version!).where('status', '=', 'open').execute();
        const fresh = after_.filter((f) => !before.some((b) => b.type === f.type && b.start === f.start && b.source === f.source && b.status !== 'open'));
        const known = before.filter((b) => b.status === 'open').length;
        if (fresh.length > known) {
          newFindings += fresh.length - known;
          await appendAudit(trx, { id: null, label: '系统（已发布信息复查）', ip: '-', siteId: doc.site_id }, {
            action: 'document.rescan.finding', targetType: 'document', targetId: doc.id,
            summary: `复查发现已发布的《${doc.title}》含 ${fresh.length} 处疑似敏感信息（${[...new Set(fresh.map((f) => findingTypeLabels[f.type] ?? f.type))].join('、')}）`,
          });
        }
      });
      documents += 1;
    }
    if (rows.length < batch) return { documents, newFindings };
  }
}
