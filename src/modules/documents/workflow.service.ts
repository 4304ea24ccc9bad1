import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import type { StaffRole } from '../accounts/roles.js';
import type { AttributeDecision } from './documents.schemas.js';
import * as store from './documents.store.js';
import { disclosureAttributes, reviewStepOrder, reviewSteps, withholdingReasons, type ReviewStep } from './documents.vocabulary.js';
import { openFindingCount } from './findings.service.js';
import { applyRelationEffects } from './relation-effects.js';

export interface Reviewer extends AuditActor {
  id: number;
  siteId: number;
  roles: StaffRole[];
}

/** Who may take each step. A platform administrator is not exempt: roles are needed. */
export const stepRoles: Record<ReviewStep, StaffRole[]> = {
  attribute: ['reviewer', 'disclosure_office'],
  confidentiality: ['confidentiality'],
  approval: ['reviewer', 'head'],
};
export const publishRoles: StaffRole[] = ['editor', 'reviewer', 'disclosure_office'];
export const withdrawRoles: StaffRole[] = ['reviewer', 'disclosure_office', 'head'];

/** Publishes the document into the public index (search, feeds); injected so this module needs no search code. */
export interface PublicationHooks {
  published(trx: Queryable, documentId: number): Promise<void>;
  unpublished(trx: Queryable, documentId: number): Promise<void>;
}
export const noHooks: PublicationHooks = { published: async () => {}, unpublished: async () => {} };

type Reviews = Awaited<ReturnType<typeof store.listReviews>>;

/** The steps approved for one version, in order; a rejection or a later version voids them. */
export function approvedSteps(reviews: Reviews, version: number): ReviewStep[] {
  const done: ReviewStep[] = [];
  for (const r of reviews.filter((x) => x.version === version)) {
    if (r.decision === 'reject') done.length = 0;
    else if (r.decision === 'approve' || r.decision === 'migrated') done.push(r.step as ReviewStep);
  }
  return reviewStepOrder.filter((s) => done.includes(s));
}

export function nextStep(reviews: Reviews, version: number): ReviewStep | undefined {
  const done = approvedSteps(reviews, version);
  return reviewStepOrder.find((s) => !done.includes(s));
}

export async function submitForReview(database: Database, documentId: number, actor: AuditActor & { siteId: number }): Promise<Outcome<true>> {
  const doc = await store.findDocument(database.db, documentId);
  if (!doc || doc.site_id !== actor.siteId) return invalid({ '': '该文件不存在' });
  if (doc.status !== 'draft') return invalid({ '': '只有草稿可以送审' });
  await database.db.transaction().execute(async (trx) => {
    await store.updateDocument(trx, documentId, { status: 'in_review' });
    await appendAudit(trx, actor, { action: 'document.submit', targetType: 'document', targetId: documentId, summary: `《${doc.title}》第 ${doc.current_version} 版送审` });
  });
  return ok(true);
}

export async function reviewDocument(
  database: Database,
  documentId: number,
  input: { version: number; decision: 'approve' | 'reject'; comment: string; attribute?: AttributeDecision },
  reviewer: Reviewer,
): Promise<Outcome<ReviewStep>> {
  const doc = await store.findDocument(database.db, documentId);
  if (!doc || doc.site_id !== reviewer.siteId) return invalid({ '': '该文件不存在' });
  if (doc.status !== 'in_review') return invalid({ '': '该文件不在审核中' });
  if (input.version !== doc.current_version) return invalid({ '': `文件已修改为第 ${doc.current_version} 版，请审阅最新版本` });
  const reviews = await store.listReviews(database.db, documentId);
  const step = nextStep(reviews, doc.current_version);
  if (!step) return invalid({ '': '该版本已完成全部审查' });
  if (!stepRoles[step].some((r) => reviewer.roles.includes(r))) return invalid({ '': `您的角色不能进行“${reviewSteps[step]}”` });
  const authors = (await store.listVersions(database.db, documentId)).map((v) => v.created_by);
  if (doc.owner_id === reviewer.id || authors.includes(reviewer.id)) return invalid({ '': '不能审查自己起草或修改的文件（先审查、后公开，须由他人审查）' });
  if (input.decision === 'reject' && input.comment.length < 2) return invalid({ comment: '退回时请填写意见' });
  if (step === 'attribute' && input.decision === 'approve' && !input.attribute) return invalid({ disclosure: '请认定公开属性' });
  let recipientIds: number[] = [];
  if (step === 'attribute' && input.attribute?.targeted) {
    const found = await store.accountIdsByContact(database.db, input.attribute.recipients);
    const missing = input.attribute.recipients.filter((c) => !found.some((a) => a.email === c || a.mobile === c));
    if (missing.length) return invalid({ recipients: `以下账号不存在：${missing.join('、')}` });
    recipientIds = found.map((a) => a.id);
  }
  await database.db.transaction().execute(async (trx) => {
    const attribute = step === 'attribute' && input.decision === 'approve' ? input.attribute : undefined;
    const attributeText = attribute
      ? `；认定为${disclosureAttributes[attribute.disclosure as keyof typeof disclosureAttributes]}${attribute.reason ? `（${withholdingReasons[attribute.reason as keyof typeof withholdingReasons]}）` : ''}${attribute.targeted ? `，定向公开 ${recipientIds.length} 个账号` : ''}`
      : '';
    await store.insertReview(trx, { documentId, version: doc.current_version, step, decision: input.decision, reviewerId: reviewer.id, reviewerName: reviewer.label, comment: input.comment ? `${input.comment.replace(/[。；;.\s]+$/, '')}${attributeText}` : attributeText.replace(/^；/, '') });
    if (attribute) {
      await store.updateDocument(trx, documentId, { disclosure: attribute.disclosure, disclosure_reason: attribute.reason, targeted: attribute.targeted ? 1 : 0 });
      await store.replaceRecipients(trx, documentId, recipientIds);
    }
    const finished = input.decision === 'approve' && step === 'approval';
    if (input.decision === 'reject') await store.updateDocument(trx, documentId, { status: 'draft' });
    else if (finished) await store.updateDocument(trx, documentId, { status: 'approved' });
    await appendAudit(trx, reviewer, {
      action: `document.review.${step}`, targetType: 'document', targetId: documentId,
      summary: `${reviewSteps[step]}：${input.decision === 'approve' ? '通过' : '退回'}《${doc.title}》第 ${doc.current_version} 版${attributeText}${input.comment ? `，意见：${input.comment}` : ''}`,
    });
  });
  return ok(step);
}

/** An interpretation can go out with its policy: already public, or approved, public by attribute and clean. */
async function interpretationReady(db: Queryable, i: store.DocumentRow): Promise<boolean> {
  if (i.status === 'published') return true;
  return i.status === 'approved' && i.disclosure === 'proactive' && (await openFindingCount(db, i.id, i.current_version)) === 0;
}

/** Everything that must hold before a version goes public; the messages say what to do. */
export async function publicationBlockers(db: Queryable, documentId: number): Promise<string[]> {
  const doc = await store.findDocument(db, documentId);
  if (!doc) return ['该文件不存在'];
  const problems: string[] = [];
  if (doc.status !== 'approved') problems.push('文件须完成公开属性认定、保密审查和审核签发');
  if (doc.disclosure !== 'proactive') problems.push('只有认定为“主动公开”的文件才能发布到网站');
  const open = await openFindingCount(db, documentId, doc.current_version);
  if (open > 0) problems.push(`敏感信息检测有 ${open} 处未处理：请脱敏，或填写理由后忽略`);
  if (doc.needs_interpretation && doc.type !== 'interpretation') {
    const interpretations = await store.interpretationsOf(db, documentId);
    const ready = [];
    for (const i of interpretations) if (await interpretationReady(db, i)) ready.push(i);
    if (ready.length === 0) problems.push('该文件须同步发布政策解读（三同步）：请先完成一篇解读的审查，并处理其中的敏感信息');
  }
  if (doc.type === 'interpretation' && doc.interprets_id) {
    const policy = await store.findDocument(db, doc.interprets_id);
    if (policy && policy.status !== 'published' && policy.status !== 'approved') problems.push('所解读的政策文件尚未审定，解读须与政策同步发布');
  }
  return problems;
}

/**
 * Publishes now, or schedules. A policy that needs an interpretation takes its approved
 * interpretations with it in the same transaction (三同步).
 */
export async function publishDocument(
  database: Database,
  documentId: number,
  actor: AuditActor & { siteId: number; roles: StaffRole[] },
  options: { at?: Date; hooks?: PublicationHooks } = {},
): Promise<Outcome<'published' | 'scheduled'>> {
  const doc = await store.findDocument(database.db, documentId);
  if (!doc || doc.site_id !== actor.siteId) return invalid({ '': '该文件不存在' });
  if (!publishRoles.some((r) => actor.roles.includes(r))) return invalid({ '': '您的角色不能发布文件' });
  if (options.at && Number.isNaN(options.at.getTime())) return invalid({ at: '定时发布时间无效' });
  const problems = await publicationBlockers(database.db, documentId);
  if (problems.length) return invalid({ '': problems.join('；') });
  const hooks = options.hooks ?? noHooks;
  const scheduled = options.at && options.at.getTime() > Date.now() + 60_000;
  await database.db.transaction().execute(async (trx) => {
    if (scheduled) {
      await store.updateDocument(trx, documentId, { status: 'scheduled', scheduled_at: options.at!.toISOString() });
      await appendAudit(trx, actor, { action: 'document.schedule', targetType: 'document', targetId: documentId, summary: `《${doc.title}》定时于 ${options.at!.toISOString()} 发布` });
      return;
    }
    await makePublic(trx, documentId, actor, hooks);
  });
  return ok(scheduled ? 'scheduled' : 'published');
}

async function makePublic(trx: Queryable, documentId: number, actor: AuditActor, hooks: PublicationHooks) {
  const doc = await store.findDocument(trx, documentId);
  if (!doc) return;
  const now = nowIso();
  await store.updateDocument(trx, documentId, { status: 'published', published_version: doc.current_version, published_at: doc.published_at ?? now, scheduled_at: null, withdrawn_at: null, withdrawn_reason: null });
  await hooks.published(trx, documentId);
  await applyRelationEffects(trx, documentId, actor, hooks);
  await appendAudit(trx, actor, { action: 'document.publish', targetType: 'document', targetId: documentId, summary: `发布《${doc.title}》第 ${doc.current_version} 版` });
  if (doc.needs_interpretation && doc.type !== 'interpretation') {
    for (const interpretation of await store.interpretationsOf(trx, documentId)) {
      if (interpretation.status === 'approved' && (await interpretationReady(trx, interpretation))) await makePublic(trx, interpretation.id, actor, hooks);
    }
  }
}

/** The scheduled-publishing job: publishes what is due, re-checking every blocker at that moment. */
export async function publishDue(database: Database, hooks: PublicationHooks): Promise<number> {
  let count = 0;
  for (const due of await store.dueScheduled(database.db, nowIso())) {
    await database.db.transaction().execute(async (trx) => {
      await store.updateDocument(trx, due.id, { status: 'approved' });
      const problems = await publicationBlockers(trx, due.id);
      const system = { id: null, label: '定时发布', ip: '-', siteId: due.site_id };
      if (problems.length) {
        await appendAudit(trx, system, { action: 'document.schedule.failed', targetType: 'document', targetId: due.id, summary: `定时发布未执行：${problems.join('；')}` });
        return;
      }
      await makePublic(trx, due.id, system, hooks);
      count += 1;
    });
  }
  return count;
}

export async function withdrawDocument(
  database: Database,
  documentId: number,
  reason: string,
  actor: AuditActor & { siteId: number; roles: StaffRole[] },
  hooks: PublicationHooks = noHooks,
): Promise<Outcome<true>> {
  const doc = await store.findDocument(database.db, documentId);
  if (!doc || doc.site_id !== actor.siteId) return invalid({ '': '该文件不存在' });
  if (!withdrawRoles.some((r) => actor.roles.includes(r))) return invalid({ '': '您的角色不能撤回文件' });
  if (doc.status !== 'published' && doc.status !== 'scheduled') return invalid({ '': '只有已发布或定时发布的文件可以撤回' });
  await database.db.transaction().execute(async (trx) => {
    await store.updateDocument(trx, documentId, { status: 'withdrawn', withdrawn_at: nowIso(), withdrawn_reason: reason, scheduled_at: null });
    await hooks.unpublished(trx, documentId);
    await appendAudit(trx, actor, { action: 'document.withdraw', targetType: 'document', targetId: documentId, summary: `撤回《${doc.title}》，理由：${reason}` });
  });
  return ok(true);
}
