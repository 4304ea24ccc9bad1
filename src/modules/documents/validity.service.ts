import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import * as store from './documents.store.js';
import { relationKinds, validityStates, type RelationKind } from './documents.vocabulary.js';
import type { PublicationHooks } from './workflow.service.js';
import { effectOnTarget, refreshValidity, todayInShanghai } from './relation-effects.js';

export { todayInShanghai };

/**
 * Records `from` 修改 / 废止 / 依据 / 解读 `to`. 废止 and 修改 change the target's validity once
 * the source is published (now, if it already is), dated by the source's 施行日期.
 */
export async function addRelation(
  database: Database,
  input: { fromId: number; toId: number; kind: RelationKind },
  actor: AuditActor & { siteId: number },
  hooks?: PublicationHooks,
): Promise<Outcome<true>> {
  if (input.fromId === input.toId) return invalid({ toId: '文件不能与自身建立关联' });
  const [from, to] = await Promise.all([store.findDocument(database.db, input.fromId), store.findDocument(database.db, input.toId)]);
  if (!from || !to || from.site_id !== actor.siteId || to.site_id !== actor.siteId) return invalid({ toId: '关联的文件不存在' });
  const effect = effectOnTarget[input.kind];
  if (effect && to.validity === 'repealed') return invalid({ toId: `《${to.title}》已废止，不能再被${relationKinds[input.kind]}` });
  await database.db.transaction().execute(async (trx) => {
    await store.insertRelation(trx, input.fromId, input.toId, input.kind);
    await appendAudit(trx, actor, {
      action: 'document.relation.add', targetType: 'document', targetId: from.id,
      summary: `《${from.title}》${relationKinds[input.kind]}《${to.title}》${effect ? (from.status === 'published' ? `，后者效力改为${validityStates[effect]}` : '，待前者发布后生效') : ''}`,
    });
    if (effect) await refreshValidity(trx, to.id, actor, hooks, `《${from.title}》${relationKinds[input.kind]}`);
  });
  return ok(true);
}

export async function removeRelation(
  database: Database,
  input: { fromId: number; toId: number; kind: RelationKind },
  actor: AuditActor & { siteId: number },
  hooks?: PublicationHooks,
): Promise<Outcome<true>> {
  const from = await store.findDocument(database.db, input.fromId);
  if (!from || from.site_id !== actor.siteId) return invalid({ '': '该文件不存在' });
  await database.db.transaction().execute(async (trx) => {
    await store.deleteRelation(trx, input.fromId, input.toId, input.kind);
    await appendAudit(trx, actor, { action: 'document.relation.remove', targetType: 'document', targetId: from.id, summary: `删除关联：${relationKinds[input.kind]} #${input.toId}` });
    if (effectOnTarget[input.kind]) await refreshValidity(trx, input.toId, actor, hooks, '关联已删除');
  });
  return ok(true);
}

/** The daily job: a document whose validity period has ended becomes 已失效. */
export async function expireDocuments(database: Database, today: string, hooks?: PublicationHooks): Promise<number> {
  const due = await store.expiredButCurrent(database.db, today);
  for (const doc of due) {
    await database.db.transaction().execute(async (trx: Queryable) => {
      await store.updateDocument(trx, doc.id, { validity: 'expired', validity_changed_on: doc.expires_on });
      const row = await store.findDocument(trx, doc.id);
      if (row?.status === 'published' && hooks) await hooks.published(trx, doc.id);
      await appendAudit(trx, { id: null, label: '系统（有效期检查）', ip: '-', siteId: doc.site_id }, {
        action: 'document.expire', targetType: 'document', targetId: doc.id, summary: `《${doc.title}》有效期至 ${doc.expires_on}，已标记为已失效`,
      });
    });
  }
  return due.length;
}
