import { z } from 'zod';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import * as queries from './documents.console-queries.js';

/** The site's own sensitive terms (敏感词), added to every scan; each change is audited. */

export const sensitiveTermSchema = z.object({
  term: z
    .string({ error: '请填写敏感词' })
    .transform((v) => v.normalize('NFKC').replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(2, '敏感词至少 2 个字').max(50, '敏感词不超过 50 个字')),
});

type Actor = AuditActor & { siteId: number };

export async function addSensitiveTerm(database: Database, term: string, actor: Actor): Promise<Outcome<true>> {
  const added = await database.db.transaction().execute(async (trx) => {
    if (!(await queries.insertSensitiveTerm(trx, actor.siteId, term))) return false;
    await appendAudit(trx, actor, { action: 'document.term.add', targetType: 'sensitive_term', targetId: term, summary: `添加敏感词“${term}”` });
    return true;
  });
  return added ? ok(true) : invalid({ term: '该敏感词已在列表中' });
}

export async function removeSensitiveTerm(database: Database, id: number, actor: Actor): Promise<Outcome<true>> {
  const found = await queries.findSensitiveTerm(database.db, actor.siteId, id);
  if (!found) return invalid({ '': '该敏感词不存在或已删除' });
  await database.db.transaction().execute(async (trx) => {
    await queries.deleteSensitiveTerm(trx, actor.siteId, id);
    await appendAudit(trx, actor, { action: 'document.term.remove', targetType: 'sensitive_term', targetId: found.term, summary: `删除敏感词“${found.term}”` });
  });
  return ok(true);
}
