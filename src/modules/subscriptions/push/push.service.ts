import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import type { StaffRole } from '../../accounts/roles.js';
import { countPushAudience } from '../delivery/audience.js';
import { publicationPayload } from '../delivery/publication-event.js';
import { createNotifyEvent, type PushAudience } from '../notify-event.js';
import { tagVocabulary } from '../tags/tags.service.js';
import { pushSchema, ratingSchema, reviewSchema } from './push.schemas.js';
import * as store from './push.store.js';
import { PUSH_APPROVE_ROLES, PUSH_COMPOSE_ROLES, PUSH_SEND_ROLES, pushStatuses, type PushStatus } from './push.vocabulary.js';

/*
 * 精准推送: an editor composes (document, message, audience), a reviewer or head who is not the
 * composer approves, and the approver (or an administrator) sends. Sending writes the notify event
 * in the same transaction as status → sent; its dedupe key push:<id> makes a second send a no-op.
 */

export interface PushActor extends AuditActor {
  id: number;
  siteId: number;
  roles: StaffRole[];
  isPlatformAdmin: boolean;
}

export const may = (actor: Pick<PushActor, 'roles' | 'isPlatformAdmin'>, roles: StaffRole[]) => actor.isPlatformAdmin || roles.some((r) => actor.roles.includes(r));
const isAdmin = (actor: PushActor) => may(actor, ['admin']);

export interface ComposeResult {
  fields: store.PushFields;
  audience: PushAudience;
  count: number;
}

/** Checks the compose form against the site's data and counts who would receive it. */
export async function validateCompose(db: Queryable, siteId: number, raw: Record<string, unknown>): Promise<Outcome<ComposeResult>> {
  const parsed = pushSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const v = parsed.data;
  const document = await store.findPushableDocument(db, siteId, v.document_id);
  if (!document) return invalid({ document_id: '只能推送本站已发布、主动公开且非定向公开的政策文件' });
  const active = new Set((await tagVocabulary(db, siteId)).filter((t) => !t.retired_at).map((t) => t.id));
  if (v.tag_ids.some((id) => !active.has(id))) return invalid({ tag_ids: '所选标签不存在或已停用，请重新选择' });
  if (v.channels.includes('sms') && document.service_policy !== 1) return invalid({ channels: '短信只用于推送服务类政策；该文件不是服务类政策' });
  const audience: PushAudience = { tagIds: v.tag_ids, accountKinds: v.account_kinds, channels: v.channels };
  const count = await countPushAudience(db, audience);
  return ok({ audience, count, fields: { document_id: document.id, title: v.title, message: v.message, audience: JSON.stringify(audience), audience_all: v.audience_all ? 1 : 0 } });
}

const statusLabel = (s: string) => pushStatuses[s as PushStatus] ?? s;

export async function createPush(database: Database, actor: PushActor, raw: Record<string, unknown>, submit: boolean): Promise<Outcome<number>> {
  if (!may(actor, PUSH_COMPOSE_ROLES)) return invalid({ '': '您的角色不能起草推送' });
  const outcome = await validateCompose(database.db, actor.siteId, raw);
  if (!outcome.ok) return outcome;
  const { fields, count } = outcome.value;
  const id = await database.db.transaction().execute(async (trx) => {
    const pushId = await store.insertPush(trx, actor.siteId, actor.id, fields, submit ? 'pending_approval' : 'draft');
    await appendAudit(trx, actor, {
      action: submit ? 'push.submit' : 'push.create', targetType: 'push', targetId: pushId,
      summary: `${submit ? '起草并提交审批' : '起草'}精准推送「${fields.title}」（预计 ${count} 人）`, detail: { ...fields, previewCount: count },
    });
    return pushId;
  });
  return ok(id);
}

/** Drafts and returned pushes are edited by their composer (or an administrator). */
export async function updatePush(database: Database, actor: PushActor, id: number, raw: Record<string, unknown>, submit: boolean): Promise<Outcome<true>> {
  const push = await store.findPush(database.db, actor.siteId, id);
  if (!push) return invalid({ '': '该推送不存在' });
  if (!editable(push, actor)) return invalid({ '': '只有起草人可以修改草稿或被退回的推送' });
  const outcome = await validateCompose(database.db, actor.siteId, raw);
  if (!outcome.ok) return outcome;
  const { fields, count } = outcome.value;
  return database.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const changed = await store.updatePushIf(trx, id, ['draft', 'rejected'], { ...fields, status: submit ? 'pending_approval' : push.status, submitted_at: submit ? now : push.submitted_at });
    if (!changed) return invalid<true>({ '': '该推送已提交或已处理，不能再修改' });
    await appendAudit(trx, actor, {
      action: submit ? 'push.submit' : 'push.update', targetType: 'push', targetId: id,
      summary: `${submit ? '修改并提交审批' : '修改'}精准推送「${fields.title}」（预计 ${count} 人）`, detail: { before: { title: push.title, message: push.message, audience: push.audience }, after: fields },
    });
    return ok(true as const);
  });
}

export const editable = (push: store.PushRow, actor: PushActor) => (push.status === 'draft' || push.status === 'rejected') && may(actor, PUSH_COMPOSE_ROLES) && (push.created_by === actor.id || isAdmin(actor));

export async function reviewPush(database: Database, actor: PushActor, id: number, raw: Record<string, unknown>): Promise<Outcome<'approved' | 'rejected'>> {
  const push = await store.findPush(database.db, actor.siteId, id);
  if (!push) return invalid({ '': '该推送不存在' });
  if (!may(actor, PUSH_APPROVE_ROLES)) return invalid({ '': '您的角色不能审批推送' });
  if (push.created_by === actor.id) return invalid({ '': '不能审批自己起草的推送，须由他人审批' });
  if (push.status !== 'pending_approval') return invalid({ '': `该推送${statusLabel(push.status)}，不在待审批状态` });
  const parsed = reviewSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const { decision, comment } = parsed.data;
  const count = decision === 'approve' ? await countPushAudience(database.db, store.parseAudience(push.audience)) : null;
  const status = decision === 'approve' ? 'approved' : 'rejected';
  return database.db.transaction().execute(async (trx) => {
    const changed = await store.updatePushIf(trx, id, ['pending_approval'], { status, approved_by: actor.id, approval_comment: comment, recipient_count: count, decided_at: nowIso() });
    if (!changed) return invalid<'approved' | 'rejected'>({ '': '该推送已被他人处理' });
    await appendAudit(trx, actor, {
      action: `push.${decision}`, targetType: 'push', targetId: id,
      summary: `${decision === 'approve' ? `批准精准推送「${push.title}」（${count} 人）` : `退回精准推送「${push.title}」`}${comment ? `，意见：${comment}` : ''}`,
    });
    return ok(status);
  });
}

/** Sends an approved push once; sending it again (a double click, a retry) reports 'already'. */
export async function sendPush(database: Database, jobs: JobQueue, actor: PushActor, id: number): Promise<Outcome<'sent' | 'already'>> {
  const push = await store.findPush(database.db, actor.siteId, id);
  if (!push) return invalid({ '': '该推送不存在' });
  if (!may(actor, PUSH_SEND_ROLES)) return invalid({ '': '您的角色不能发送推送' });
  if (push.status === 'sent') return ok('already');
  if (push.status !== 'approved') return invalid({ '': `该推送${statusLabel(push.status)}，只有已批准的推送可以发送` });
  if (push.created_by === actor.id && !isAdmin(actor)) return invalid({ '': '不能发送自己起草的推送' });
  return database.db.transaction().execute(async (trx) => {
    const built = await publicationPayload(trx, push.document_id);
    if (!built) return invalid<'sent' | 'already'>({ '': '该文件已不再公开，不能推送' });
    const audience = store.parseAudience(push.audience);
    const event = await createNotifyEvent(trx, jobs, {
      siteId: push.site_id, kind: 'push', dedupeKey: `push:${id}`, documentId: push.document_id,
      payload: { ...built.payload, title: push.title, summary: push.message, audience, pushId: id },
    });
    const changed = await store.updatePushIf(trx, id, ['approved'], { status: 'sent', event_id: event.id, sent_at: nowIso() });
    if (!changed || event.duplicate) return ok<'sent' | 'already'>('already');
    await appendAudit(trx, actor, {
      action: 'push.send', targetType: 'push', targetId: id, summary: `发送精准推送「${push.title}」（批准时 ${push.recipient_count ?? 0} 人）`, detail: { eventId: event.id, audience },
    });
    return ok<'sent' | 'already'>('sent');
  });
}

export const cancellable = (push: store.PushRow, actor: PushActor) =>
  ['draft', 'pending_approval', 'approved', 'rejected'].includes(push.status) && (push.created_by === actor.id || may(actor, PUSH_APPROVE_ROLES));

export async function cancelPush(database: Database, actor: PushActor, id: number): Promise<Outcome<true>> {
  const push = await store.findPush(database.db, actor.siteId, id);
  if (!push) return invalid({ '': '该推送不存在' });
  if (!cancellable(push, actor)) return invalid({ '': push.status === 'sent' || push.status === 'cancelled' ? `该推送${statusLabel(push.status)}，不能取消` : '只有起草人或审批人可以取消推送' });
  return database.db.transaction().execute(async (trx) => {
    const changed = await store.updatePushIf(trx, id, ['draft', 'pending_approval', 'approved', 'rejected'], { status: 'cancelled' });
    if (!changed) return invalid<true>({ '': '该推送已发送或已取消' });
    await appendAudit(trx, actor, { action: 'push.cancel', targetType: 'push', targetId: id, summary: `取消精准推送「${push.title}」（原状态：${statusLabel(push.status)}）` });
    return ok(true as const);
  });
}

/** A recipient's vote; only an account that received the push may give one (others: not found). */
export async function ratePush(database: Database, accountId: number, pushId: number, raw: Record<string, unknown>): Promise<Outcome<true> | 'not_found'> {
  if (!(await store.receivedPush(database.db, pushId, accountId))) return 'not_found';
  const parsed = ratingSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  await store.upsertRating(database.db, pushId, accountId, parsed.data.useful, parsed.data.comment);
  return ok(true);
}
