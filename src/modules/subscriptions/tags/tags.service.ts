import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import { defaultTags, tagCategories, tagCategoryCodes, type TagCategory } from '../subscriptions.vocabulary.js';
import { loadSubscribeSettings } from '../subscribe/subscribe.settings.js';
import { newTagSchema, renameTagSchema } from './tags.schemas.js';
import * as store from './tags.store.js';
import type { TagRow } from './tags.store.js';

/*
 * C1: the audience-tag vocabulary. Documents keep the labels they were tagged with (a JSON list),
 * so a retired or renamed tag still shows on old documents; only active tags can be chosen anew.
 */

export type { TagRow };

/** A site with no tags at all gets the default vocabulary (the first time anyone looks). */
export async function ensureDefaultTags(db: Queryable, siteId: number): Promise<void> {
  if ((await store.countTags(db, siteId)) > 0) return;
  const rows = tagCategoryCodes.flatMap((category) => defaultTags[category].map((label, i) => ({ category, label, sort: (i + 1) * 10 })));
  await store.insertTags(db, siteId, rows);
}

/** The whole vocabulary (retired tags included), seeded on first use. */
export async function tagVocabulary(db: Queryable, siteId: number): Promise<TagRow[]> {
  await ensureDefaultTags(db, siteId);
  return store.listTags(db, siteId);
}

/** Active tags grouped by category, in order: what pickers offer. */
export function groupByCategory(tags: TagRow[], includeRetired = false): { category: TagCategory; label: string; tags: TagRow[] }[] {
  return tagCategoryCodes.map((category) => ({
    category,
    label: tagCategories[category],
    tags: tags.filter((t) => t.category === category && (includeRetired || !t.retired_at)),
  }));
}

export async function activeTagLabels(db: Queryable, siteId: number): Promise<Set<string>> {
  return new Set((await tagVocabulary(db, siteId)).filter((t) => !t.retired_at).map((t) => t.label));
}

/** Labels a document may carry: active tags, plus those it already had (a retired tag is kept, never added). */
export async function checkDocumentTags(db: Queryable, siteId: number, labels: string[], already: string[] = []): Promise<string | undefined> {
  const active = await activeTagLabels(db, siteId);
  const kept = new Set(already);
  const bad = labels.filter((l) => !active.has(l) && !kept.has(l));
  return bad.length ? `「${bad.join('、')}」不是可选的适用对象标签，请从列表中选择` : undefined;
}

const audit = (trx: Queryable, actor: AuditActor, action: string, id: number, summary: string, detail?: Record<string, unknown>) =>
  appendAudit(trx, actor, { action, targetType: 'audience_tag', targetId: id, summary, detail });

export async function addTag(database: Database, siteId: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<number>> {
  const parsed = newTagSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const { category, label } = parsed.data;
  await ensureDefaultTags(database.db, siteId);
  if (await store.findTagByLabel(database.db, siteId, label)) return invalid({ label: `已有名为「${label}」的标签（含已停用的），请换一个名称或恢复原标签` });
  const id = await database.db.transaction().execute(async (trx) => {
    const tagId = await store.insertTag(trx, siteId, { category, label, sort: await store.nextSort(trx, siteId, category) });
    await audit(trx, actor, 'audience_tag.create', tagId, `新增受众标签「${label}」（${tagCategories[category]}）`, { category, label });
    return tagId;
  });
  return ok(id);
}

export async function renameTag(database: Database, siteId: number, id: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<true>> {
  const tag = await store.findTag(database.db, siteId, id);
  if (!tag) return invalid({ '': '该标签不存在' });
  const parsed = renameTagSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const { label } = parsed.data;
  if (label === tag.label) return ok(true);
  if (await store.findTagByLabel(database.db, siteId, label)) return invalid({ label: `已有名为「${label}」的标签，请换一个名称` });
  await database.db.transaction().execute(async (trx) => {
    await store.updateTag(trx, id, { label });
    // Tag subscriptions name the label; they follow the rename. Documents keep the label they were published with.
    await trx.updateTable('subscriptions').set({ value: label }).where('site_id', '=', siteId).where('criterion', '=', 'tag').where('value', '=', tag.label).execute();
    await audit(trx, actor, 'audience_tag.rename', id, `受众标签「${tag.label}」改名为「${label}」`, { before: tag.label, after: label });
  });
  return ok(true);
}

/** Moves a tag one place up or down within its category (swaps sort keys with its neighbour). */
export async function moveTag(database: Database, siteId: number, id: number, direction: 'up' | 'down', actor: AuditActor): Promise<Outcome<true>> {
  const tags = await store.listTags(database.db, siteId);
  const tag = tags.find((t) => t.id === id);
  if (!tag) return invalid({ '': '该标签不存在' });
  const siblings = tags.filter((t) => t.category === tag.category);
  const index = siblings.indexOf(tag);
  const other = siblings[direction === 'up' ? index - 1 : index + 1];
  if (!other) return ok(true);
  await database.db.transaction().execute(async (trx) => {
    // Equal sort keys (e.g. added by hand) would make a swap a no-op: renumber the category first.
    const order = siblings.map((t) => t.id);
    order.splice(index, 1);
    order.splice(direction === 'up' ? index - 1 : index + 1, 0, id);
    for (const [i, tagId] of order.entries()) await store.updateTag(trx, tagId, { sort: (i + 1) * 10 });
    await audit(trx, actor, 'audience_tag.reorder', id, `受众标签「${tag.label}」${direction === 'up' ? '上移' : '下移'}`);
  });
  return ok(true);
}

/** Retires (or restores) a tag: retired tags stay on documents and profiles but cannot be chosen anew. */
export async function setTagRetired(database: Database, siteId: number, id: number, retired: boolean, actor: AuditActor): Promise<Outcome<true>> {
  const tag = await store.findTag(database.db, siteId, id);
  if (!tag) return invalid({ '': '该标签不存在' });
  if (Boolean(tag.retired_at) === retired) return ok(true);
  await database.db.transaction().execute(async (trx) => {
    await store.updateTag(trx, id, { retired_at: retired ? nowIso() : null });
    await audit(trx, actor, retired ? 'audience_tag.retire' : 'audience_tag.restore', id, `${retired ? '停用' : '恢复'}受众标签「${tag.label}」`);
  });
  return ok(true);
}

export async function accountTagIds(db: Queryable, siteId: number, accountId: number): Promise<number[]> {
  return store.accountTagIds(db, siteId, accountId);
}

/** The tags a person or organisation says describe them; a retired tag they hold may stay, none may be added. */
export async function saveAccountTags(database: Database, siteId: number, accountId: number, chosen: unknown, actor: AuditActor): Promise<Outcome<number[]>> {
  const raw = (Array.isArray(chosen) ? chosen : chosen === undefined || chosen === '' ? [] : [chosen]).map(String);
  const ids = [...new Set(raw.map(Number))];
  if (ids.some((n) => !Number.isInteger(n) || n <= 0)) return invalid({ tags: '所选标签无效，请重新选择' });
  const tags = await tagVocabulary(database.db, siteId);
  const held = new Set(await store.accountTagIds(database.db, siteId, accountId));
  const allowed = new Set(tags.filter((t) => !t.retired_at || held.has(t.id)).map((t) => t.id));
  if (ids.some((id) => !allowed.has(id))) return invalid({ tags: '所选标签已停用或不存在，请重新选择' });
  const { maxProfileTags } = await loadSubscribeSettings(database.db);
  if (ids.length > maxProfileTags) return invalid({ tags: `最多选择 ${maxProfileTags} 个标签` });
  await database.db.transaction().execute(async (trx) => {
    await store.replaceAccountTags(trx, siteId, accountId, ids);
    const labels = tags.filter((t) => ids.includes(t.id)).map((t) => t.label);
    await appendAudit(trx, actor, { action: 'account.tags', targetType: 'account', targetId: accountId, summary: `设置我的标签：${labels.join('、') || '（无）'}`, detail: { tagIds: ids } });
  });
  return ok(ids);
}
