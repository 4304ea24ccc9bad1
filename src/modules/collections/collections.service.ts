import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import { documentTypes, type DocumentType } from '../documents/documents.vocabulary.js';
import { itemKinds, type CollectionInput, type ItemKind } from './collections.schemas.js';
import * as store from './collections.store.js';
import { findDocumentByReference, validityLabel } from './document-access.js';

/** Collection commands: each change and its audit record commit in one transaction. */

export type Curator = AuditActor & { id: number | null; siteId: number };

const notFound = { '': '该主题库不存在' };

export async function createCollection(database: Database, input: CollectionInput, actor: Curator): Promise<Outcome<number>> {
  if (await store.findCollectionBySlug(database.db, actor.siteId, input.slug)) return invalid({ slug: '该访问地址已被其他主题库使用' });
  const id = await database.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const collectionId = await store.insertCollection(trx, {
      site_id: actor.siteId, slug: input.slug, title: input.title, summary: input.summary, published: input.published ? 1 : 0,
      stale_after_days: input.staleAfterDays, reviewed_at: null, created_by: actor.id, created_at: now, updated_at: now,
    });
    await appendAudit(trx, actor, { action: 'collection.create', targetType: 'collection', targetId: collectionId, summary: `新建主题库“${input.title}”（/topics/${input.slug}）` });
    return collectionId;
  });
  return ok(id);
}

export async function updateCollection(database: Database, id: number, input: CollectionInput, actor: Curator): Promise<Outcome<true>> {
  const collection = await store.findCollection(database.db, actor.siteId, id);
  if (!collection) return invalid(notFound);
  const clash = await store.findCollectionBySlug(database.db, actor.siteId, input.slug);
  if (clash && clash.id !== id) return invalid({ slug: '该访问地址已被其他主题库使用' });
  await database.db.transaction().execute(async (trx) => {
    await store.updateCollection(trx, id, { slug: input.slug, title: input.title, summary: input.summary, published: input.published ? 1 : 0, stale_after_days: input.staleAfterDays });
    const publishing = collection.published === 1 ? (input.published ? '' : '，取消公开') : input.published ? '，公开' : '';
    await appendAudit(trx, actor, { action: 'collection.update', targetType: 'collection', targetId: id, summary: `修改主题库“${input.title}”${publishing}` });
  });
  return ok(true);
}

/** "已核对，内容仍准确": resets the staleness clock without pretending the content changed. */
export async function markReviewed(database: Database, id: number, actor: Curator): Promise<Outcome<true>> {
  const collection = await store.findCollection(database.db, actor.siteId, id);
  if (!collection) return invalid(notFound);
  await database.db.transaction().execute(async (trx) => {
    await store.updateCollection(trx, id, { reviewed_at: nowIso(), updated_at: collection.updated_at });
    await appendAudit(trx, actor, { action: 'collection.review', targetType: 'collection', targetId: id, summary: `核对主题库“${collection.title}”，内容仍准确` });
  });
  return ok(true);
}

async function addItem(
  database: Database,
  id: number,
  actor: Curator,
  item: { kind: ItemKind; document_id: number | null; title: string; body: string; url: string },
  describe: string,
): Promise<Outcome<number>> {
  const collection = await store.findCollection(database.db, actor.siteId, id);
  if (!collection) return invalid(notFound);
  const itemId = await database.db.transaction().execute(async (trx) => {
    const inserted = await store.insertItem(trx, { collection_id: id, ...item });
    await store.updateCollection(trx, id, {});
    await appendAudit(trx, actor, { action: 'collection.item.add', targetType: 'collection', targetId: id, summary: `主题库“${collection.title}”添加${itemKinds[item.kind]}：${describe}` });
    return inserted;
  });
  return ok(itemId);
}

export async function addDocumentItem(database: Database, id: number, reference: string, actor: Curator): Promise<Outcome<number>> {
  const doc = await findDocumentByReference(database.db, actor.siteId, reference);
  if (!doc) return invalid({ document: '未找到该文件：请填写本站文件的编号、文号或索引号' });
  if (doc.validity === 'repealed' || doc.validity === 'expired') return invalid({ document: `《${doc.title}》${validityLabel(doc.validity)}，不能加入主题库` });
  if (doc.status === 'withdrawn') return invalid({ document: `《${doc.title}》已撤回，不能加入主题库` });
  const existing = await store.listItems(database.db, [id]);
  if (existing.some((i) => i.document_id === doc.id)) return invalid({ document: `《${doc.title}》已在该主题库中` });
  const type = documentTypes[doc.type as DocumentType] ?? doc.type;
  return addItem(database, id, actor, { kind: 'document', document_id: doc.id, title: '', body: '', url: '' }, `${type}《${doc.title}》`);
}

export async function addFaqItem(database: Database, id: number, input: { question: string; answer: string }, actor: Curator): Promise<Outcome<number>> {
  return addItem(database, id, actor, { kind: 'faq', document_id: null, title: input.question, body: input.answer, url: '' }, input.question);
}

export async function addLinkItem(database: Database, id: number, input: { linkTitle: string; linkUrl: string }, actor: Curator): Promise<Outcome<number>> {
  return addItem(database, id, actor, { kind: 'link', document_id: null, title: input.linkTitle, body: '', url: input.linkUrl }, `${input.linkTitle}（${input.linkUrl}）`);
}

async function findItem(db: Queryable, id: number, itemId: number) {
  return (await store.listItems(db, [id])).find((i) => i.id === itemId);
}

const itemName = (item: store.ItemRow) => (item.kind === 'document' ? `文件 #${item.document_id ?? '（已删除）'}` : `${itemKinds[item.kind as ItemKind]}“${item.title}”`);

/** Swaps the item with its neighbour; positions are renumbered 1..n so gaps never accumulate. */
export async function moveItem(database: Database, id: number, itemId: number, direction: 'up' | 'down', actor: Curator): Promise<Outcome<true>> {
  const collection = await store.findCollection(database.db, actor.siteId, id);
  if (!collection) return invalid(notFound);
  return database.db.transaction().execute(async (trx) => {
    const items = await store.listItems(trx, [id]);
    const index = items.findIndex((i) => i.id === itemId);
    if (index < 0) return invalid({ '': '该条目不存在' });
    const other = direction === 'up' ? index - 1 : index + 1;
    if (other < 0 || other >= items.length) return ok(true as const);
    [items[index], items[other]] = [items[other]!, items[index]!];
    for (const [i, item] of items.entries()) if (item.position !== i + 1) await store.setPosition(trx, item.id, i + 1);
    await store.updateCollection(trx, id, {});
    await appendAudit(trx, actor, {
      action: 'collection.item.move', targetType: 'collection', targetId: id,
      summary: `主题库“${collection.title}”将${itemName(items[other]!)}${direction === 'up' ? '上移' : '下移'}`,
    });
    return ok(true as const);
  });
}

export async function removeItem(database: Database, id: number, itemId: number, actor: Curator): Promise<Outcome<true>> {
  const collection = await store.findCollection(database.db, actor.siteId, id);
  if (!collection) return invalid(notFound);
  const item = await findItem(database.db, id, itemId);
  if (!item) return invalid({ '': '该条目不存在' });
  await database.db.transaction().execute(async (trx) => {
    await store.deleteItem(trx, itemId);
    await store.updateCollection(trx, id, {});
    await appendAudit(trx, actor, { action: 'collection.item.remove', targetType: 'collection', targetId: id, summary: `主题库“${collection.title}”移除${itemName(item)}` });
  });
  return ok(true);
}
