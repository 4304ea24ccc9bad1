import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import { nowIso, type Database, type Queryable } from '../../../platform/db/database.js';
import { invalid, ok, type FieldErrors, type Outcome } from '../../../platform/outcome.js';
import { replyTypeCodes, replyTypes, type ReplyType } from '../applications.vocabulary.js';
import { defaultReplyTemplates } from './default-templates.js';
import { placeholderProblem } from './placeholders.js';

/** A site's 答复口径 for one reply type: its own edited row, or the default. */
export interface ReplyTemplate {
  replyType: ReplyType;
  title: string;
  body: string;
  /** True while the site has not edited it (no row: the default applies). */
  isDefault: boolean;
  updatedAt: string | null;
  updatedBy: number | null;
}

export const isReplyType = (value: string): value is ReplyType => Object.hasOwn(replyTypes, value);

const MAX_TITLE = 200;
const MAX_BODY = 10_000;

function fromDefault(replyType: ReplyType): ReplyTemplate {
  const d = defaultReplyTemplates[replyType];
  return { replyType, title: d.title, body: d.body, isDefault: true, updatedAt: null, updatedBy: null };
}

/** Every reply type's template for a site, in the order of the annual report. */
export async function listReplyTemplates(db: Queryable, siteId: number): Promise<ReplyTemplate[]> {
  const rows = await db.selectFrom('reply_templates').selectAll().where('site_id', '=', siteId).execute();
  const byType = new Map(rows.map((r) => [r.reply_type, r]));
  return replyTypeCodes.map((replyType) => {
    const row = byType.get(replyType);
    return row
      ? { replyType, title: row.title, body: row.body, isDefault: false, updatedAt: row.updated_at, updatedBy: row.updated_by }
      : fromDefault(replyType);
  });
}

/** The template a letter of this type uses on this site (defaults are seeded lazily: no row, the default). */
export async function replyTemplateFor(db: Queryable, siteId: number, replyType: ReplyType): Promise<ReplyTemplate> {
  const row = await db.selectFrom('reply_templates').selectAll().where('site_id', '=', siteId).where('reply_type', '=', replyType).executeTakeFirst();
  return row
    ? { replyType, title: row.title, body: row.body, isDefault: false, updatedAt: row.updated_at, updatedBy: row.updated_by }
    : fromDefault(replyType);
}

export interface ReplyTemplateInput {
  title: string;
  body: string;
}

/** Field problems of an edited template (Chinese, per field), or none. */
export function validateReplyTemplate(input: { title?: unknown; body?: unknown }): Outcome<ReplyTemplateInput> {
  const errors: FieldErrors = {};
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  const body = typeof input.body === 'string' ? input.body.replace(/\r\n?/g, '\n').trim() : '';
  if (!title) errors.title = '请填写口径名称';
  else if (title.length > MAX_TITLE) errors.title = `口径名称不能超过 ${MAX_TITLE} 个字`;
  if (!body) errors.body = '请填写答复口径正文';
  else if (body.length > MAX_BODY) errors.body = `答复口径正文不能超过 ${MAX_BODY} 个字`;
  else {
    const problem = placeholderProblem(body);
    if (problem) errors.body = problem;
  }
  const titleProblem = title ? placeholderProblem(title) : undefined;
  if (titleProblem && !errors.title) errors.title = titleProblem;
  return Object.keys(errors).length > 0 ? invalid(errors) : ok({ title, body });
}

/** Saves a site's template for one reply type (insert or update), audited in the same transaction. */
export async function saveReplyTemplate(
  database: Database,
  siteId: number,
  replyType: ReplyType,
  raw: { title?: unknown; body?: unknown },
  actor: AuditActor,
): Promise<Outcome<ReplyTemplate>> {
  const checked = validateReplyTemplate(raw);
  if (!checked.ok) return checked;
  const { title, body } = checked.value;
  const at = nowIso();
  await database.db.transaction().execute(async (trx) => {
    const before = await replyTemplateFor(trx, siteId, replyType);
    await trx
      .insertInto('reply_templates')
      .values({ site_id: siteId, reply_type: replyType, title, body, updated_by: actor.id, updated_at: at })
      .onConflict((oc) => oc.columns(['site_id', 'reply_type']).doUpdateSet({ title, body, updated_by: actor.id, updated_at: at }))
      .execute();
    await appendAudit(trx, actor, {
      action: 'reply_template.update',
      targetType: 'reply_template',
      targetId: replyType,
      summary: `修改答复口径：${replyTypes[replyType].label}`,
      detail: { title, before: { title: before.title, body: before.body, isDefault: before.isDefault }, body },
    });
  });
  return ok({ replyType, title, body, isDefault: false, updatedAt: at, updatedBy: actor.id });
}

/** Drops a site's edited template, so the default applies again (audited). */
export async function resetReplyTemplate(database: Database, siteId: number, replyType: ReplyType, actor: AuditActor): Promise<boolean> {
  return database.db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('reply_templates').where('site_id', '=', siteId).where('reply_type', '=', replyType).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await appendAudit(trx, actor, {
      action: 'reply_template.reset',
      targetType: 'reply_template',
      targetId: replyType,
      summary: `答复口径恢复默认：${replyTypes[replyType].label}`,
    });
    return true;
  });
}
