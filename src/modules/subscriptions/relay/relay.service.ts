import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import { todayInBeijing } from '../../applications/report/report.service.js';
import { createNotifyEvent } from '../notify-event.js';
import { buildContent, interpretationsFor, relayablePolicy } from './relay-content.js';
import { memberApplySchema, memberDecisionSchema, packageSchema, reportSchema } from './relay.schemas.js';
import * as store from './relay.store.js';
import { label, relayChannels, relayTypes } from './relay.vocabulary.js';
import { shanghaiDate } from '../../documents/portal/format.js';

/*
 * Relay points and 政策知识点. Every change is audited in its own transaction. Publishing is the
 * one step with consequences outside: it freezes the content, snapshots the recipients and
 * writes the relay notify event together, so a package is announced once or not at all.
 */

export const relayPath = (id: number) => `/relay/${id}`;

/** reportRelay's answer for a package this account did not receive: the route answers 404, not a form error. */
export const NOT_RECEIVED = 'not_received';

export async function applyAsMember(database: Database, siteId: number, account: { id: number; kind: string }, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<number>> {
  if (account.kind !== 'organization') return invalid({ '': '转发点仅限法人或其他组织账号申请' });
  const parsed = memberApplySchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const existing = await store.findMember(database.db, siteId, account.id);
  if (existing && existing.status !== 'rejected') return invalid({ '': existing.status === 'approved' ? '您已是转发点' : '您的申请正在审核中' });
  const id = await database.db.transaction().execute(async (trx) => {
    const memberId = await store.saveApplication(trx, siteId, account.id, parsed.data);
    await appendAudit(trx, actor, { action: 'relay.member.apply', targetType: 'relay_member', targetId: memberId, summary: `申请成为转发点（${relayTypes[parsed.data.relay_type]}）`, detail: { ...parsed.data } });
    return memberId;
  });
  return ok(id);
}

export async function decideMember(database: Database, siteId: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<true>> {
  const parsed = memberDecisionSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const { member_id, decision, note } = parsed.data;
  const member = await store.findMemberById(database.db, siteId, member_id);
  if (!member) return invalid({ member_id: '该转发点不存在' });
  if (member.status !== 'pending') return invalid({ member_id: '该申请已经处理过了' });
  const status = decision === 'approve' ? 'approved' : 'rejected';
  await database.db.transaction().execute(async (trx) => {
    await store.decideMember(trx, member.id, { status, note, by: actor.id });
    await appendAudit(trx, actor, {
      action: `relay.member.${decision}`, targetType: 'relay_member', targetId: member.id,
      summary: `${decision === 'approve' ? '通过' : '不通过'}转发点申请（账号 ${member.account_id}，${label(relayTypes, member.relay_type)}）`, detail: { accountId: member.account_id, note },
    });
  });
  return ok(true);
}

export async function setSubscription(database: Database, siteId: number, accountId: number, subscribed: boolean, actor: AuditActor): Promise<Outcome<true>> {
  const member = await store.findMember(database.db, siteId, accountId);
  if (!member) return invalid({ '': '请先申请成为转发点' });
  await database.db.transaction().execute(async (trx) => {
    await store.setSubscribed(trx, member.id, subscribed);
    await appendAudit(trx, actor, { action: subscribed ? 'relay.member.subscribe' : 'relay.member.unsubscribe', targetType: 'relay_member', targetId: member.id, summary: subscribed ? '订阅政策知识点' : '退订政策知识点' });
  });
  return ok(true);
}

export async function createPackage(database: Database, siteId: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<number>> {
  const parsed = packageSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const v = parsed.data;
  const policy = await relayablePolicy(database.db, siteId, v.document_id);
  if (!policy) return invalid({ document_id: '只能为本站已发布、主动公开且现行有效的政策文件制作政策知识点' });
  const available = new Set((await interpretationsFor(database.db, policy)).map((i) => i.id));
  if (v.interpretation_ids.some((id) => !available.has(id))) return invalid({ interpretation_ids: '所选解读不是该政策已公开的解读，请重新选择' });
  const id = await database.db.transaction().execute(async (trx) => {
    const packageId = await store.insertPackage(trx, { site_id: siteId, document_id: policy.id, title: v.title, interpretation_ids: v.interpretation_ids, faq: v.faq, script: v.script, created_by: actor.id });
    await appendAudit(trx, actor, { action: 'relay.package.create', targetType: 'relay_package', targetId: packageId, summary: `编写政策知识点「${v.title}」`, detail: { documentId: policy.id, interpretations: v.interpretation_ids, faq: v.faq.length } });
    return packageId;
  });
  return ok(id);
}

export type PublishResult = { recipients: number; eventId: number };

/** Draft → published. The author may not publish their own package; a second publish changes nothing. */
export async function publishPackage(database: Database, jobs: JobQueue, site: { id: number; name: string }, id: number, actor: AuditActor): Promise<Outcome<PublishResult | 'already'>> {
  const pkg = await store.findPackage(database.db, site.id, id);
  if (!pkg) return invalid({ '': '该政策知识点不存在' });
  if (pkg.status === 'published') return ok('already');
  if (pkg.created_by !== null && pkg.created_by === actor.id) return invalid({ '': '不能发布自己编写的政策知识点，请由另一位审核人员发布' });
  const policy = await relayablePolicy(database.db, site.id, pkg.document_id);
  if (!policy) return invalid({ '': '所依据的政策文件已撤回、废止或失效，不能发布' });
  return database.db.transaction().execute(async (trx): Promise<Outcome<PublishResult | 'already'>> => {
    const publishedAt = nowIso();
    const content = await buildContent(trx, {
      title: pkg.title, siteName: site.name, policy, interpretationIds: JSON.parse(pkg.interpretation_ids) as number[],
      faq: JSON.parse(pkg.faq) as never, script: pkg.script, publishedAt,
    });
    if (!(await store.markPublished(trx, pkg.id, { content: JSON.stringify(content), published_by: actor.id, published_at: publishedAt }))) return ok('already');
    const members = await store.activeMembers(trx, site.id);
    await store.insertRecipients(trx, pkg.id, members);
    const event = await createNotifyEvent(trx, jobs, {
      siteId: site.id, kind: 'relay', dedupeKey: `relay:${pkg.id}`, documentId: policy.id,
      payload: {
        title: `政策知识点：${pkg.title}`, path: relayPath(pkg.id),
        summary: `「${content.policy.title}」的原文要点、解读、常见问答和宣传口径已打包，可下载 Word 或 PDF 版本转发，转发后请在企业专属空间登记。`,
        documentId: policy.id, docNumber: policy.doc_number, issuers: content.policy.issuers, type: policy.type, theme: policy.theme, tags: [],
        matchText: `${pkg.title}\n${content.policy.title}`.slice(0, 2000), serviceType: false, publishedAt,
        audience: { tagIds: [], accountKinds: ['organization'], accountIds: members.map((m) => m.account_id), channels: [] },
        relayPackageId: pkg.id,
      },
    });
    await appendAudit(trx, actor, { action: 'relay.package.publish', targetType: 'relay_package', targetId: pkg.id, summary: `发布政策知识点「${pkg.title}」，推送给 ${members.length} 个转发点`, detail: { eventId: event.id, recipients: members.length } });
    return ok({ recipients: members.length, eventId: event.id });
  });
}

/** An organisation records that it passed a package on. Only recipients may (else the package "does not exist"). */
export async function reportRelay(database: Database, siteId: number, accountId: number, raw: Record<string, unknown>, actor: AuditActor, today = todayInBeijing()): Promise<Outcome<number>> {
  const packageId = Number(typeof raw.package_id === 'string' ? raw.package_id : NaN);
  const pkg = Number.isInteger(packageId) && packageId > 0 ? await receivedPackage(database.db, siteId, packageId, accountId) : undefined;
  if (!pkg) return invalid({ '': NOT_RECEIVED });
  const parsed = reportSchema(today, shanghaiDate(pkg.published_at)).safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const v = parsed.data;
  const id = await database.db.transaction().execute(async (trx) => {
    const reportId = await store.insertReport(trx, { package_id: pkg.id, account_id: accountId, relayed_on: v.relayed_on, channel: v.channel, reach: v.reach, note: v.note });
    await appendAudit(trx, actor, {
      action: 'relay.report', targetType: 'relay_package', targetId: pkg.id,
      summary: `登记转发政策知识点「${pkg.title}」：${v.relayed_on}，${relayChannels[v.channel]}，覆盖 ${v.reach} 人`, detail: { reportId, ...v },
    });
    return reportId;
  });
  return ok(id);
}

export async function receivedPackage(db: Queryable, siteId: number, packageId: number, accountId: number) {
  const pkg = await store.findPackage(db, siteId, packageId);
  if (!pkg || pkg.status !== 'published' || !(await store.isRecipient(db, pkg.id, accountId))) return undefined;
  return pkg;
}
