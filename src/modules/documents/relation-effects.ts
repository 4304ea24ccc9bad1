import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Queryable } from '../../platform/db/database.js';
import * as store from './documents.store.js';
import { relationKinds, validityStates, type RelationKind, type Validity } from './documents.vocabulary.js';
import type { PublicationHooks } from './workflow.service.js';

export const todayInShanghai = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** What a relation does to its target: repealing or amending one updates the other. */
export const effectOnTarget: Partial<Record<RelationKind, Validity>> = { repeals: 'repealed', amends: 'amended' };

/**
 * A document's validity from the facts: repealed or amended by a published document, past its
 * validity period, or current. Relations from unpublished drafts change nothing yet.
 */
export async function computeValidity(db: Queryable, targetId: number): Promise<{ validity: Validity; since: string | null }> {
  const target = await store.findDocument(db, targetId);
  if (!target) return { validity: 'current', since: null };
  const incoming = (await store.relationsOf(db, targetId)).filter((r) => r.to_id === targetId && effectOnTarget[r.kind as RelationKind]);
  const sources = await store.documentsByIds(db, incoming.map((r) => r.from_id));
  const effective = incoming
    .map((r) => ({ kind: r.kind as RelationKind, source: sources.find((s) => s.id === r.from_id) }))
    .filter((e) => e.source?.status === 'published');
  const dated = (kind: RelationKind) => effective.filter((e) => e.kind === kind).map((e) => e.source!.effective_on ?? e.source!.published_at?.slice(0, 10) ?? todayInShanghai()).sort()[0];
  const repealedOn = dated('repeals');
  if (repealedOn) return { validity: 'repealed', since: repealedOn };
  const amendedOn = dated('amends');
  if (amendedOn) return { validity: 'amended', since: amendedOn };
  if (target.expires_on && target.expires_on < todayInShanghai()) return { validity: 'expired', since: target.expires_on };
  return { validity: 'current', since: null };
}

/** Brings the target's validity in line with the facts; re-indexes it when public. Returns whether it changed. */
export async function refreshValidity(trx: Queryable, targetId: number, actor: AuditActor, hooks?: PublicationHooks, because?: string): Promise<boolean> {
  const target = await store.findDocument(trx, targetId);
  if (!target) return false;
  const next = await computeValidity(trx, targetId);
  if (next.validity === target.validity) return false;
  await store.updateDocument(trx, targetId, { validity: next.validity, validity_changed_on: next.since });
  if (target.status === 'published' && hooks) await hooks.published(trx, targetId);
  await appendAudit(trx, actor, {
    action: 'document.validity', targetType: 'document', targetId,
    summary: `《${target.title}》效力由${validityStates[target.validity as Validity] ?? target.validity}改为${validityStates[next.validity]}${because ? `（${because}）` : ''}`,
  });
  return true;
}

/** When a document goes public, the 废止 / 修改 it declares take effect on their targets. */
export async function applyRelationEffects(trx: Queryable, sourceId: number, actor: AuditActor, hooks?: PublicationHooks): Promise<void> {
  const source = await store.findDocument(trx, sourceId);
  for (const r of await store.relationsOf(trx, sourceId)) {
    if (r.from_id !== sourceId || !effectOnTarget[r.kind as RelationKind]) continue;
    await refreshValidity(trx, r.to_id, actor, hooks, `《${source?.title ?? ''}》${relationKinds[r.kind as RelationKind]}`);
  }
}
