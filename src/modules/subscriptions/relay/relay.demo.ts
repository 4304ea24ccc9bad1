import type { Database } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import { insertAccount } from '../../accounts/accounts.store.js';
import { hashPassword } from '../../accounts/passwords.js';
import { DEMO_PASSWORD, type DemoLogin } from '../../../seed/demo.js';
import { deliverToInbox } from '../../space/inbox.store.js';
import { usccCheckChar } from '../../../platform/text/scanner/official-numbers.js';
import { buildContent, relayablePolicy } from './relay-content.js';
import { relayPath } from './relay.service.js';
import * as store from './relay.store.js';
import { relayTitleFor } from './relay.vocabulary.js';

/*
 * Demo data: two approved relay organisations (a 协会 and a 园区, password as the other demo
 * accounts) and one published package with one relay recorded. Written directly because the seed
 * runs without a job queue: the relay event is stored as already handled and the two inbox
 * messages written as the delivery engine would. Once per site.
 */

const FAQ = [
  { q: '这项政策适用于哪些单位？', a: '适用于在本市从事相关业务的企业和其他组织，具体以政策原文所列范围为准。' },
  { q: '有疑问可以向哪里咨询？', a: '可拨打 12345 市民服务热线，或通过本站“互动交流”栏目留言咨询。' },
];
const SCRIPT = '各位会员、企业朋友：本局发布了一项与大家相关的政策，原文要点、解读和常见问答都在这份材料里，适用范围和办理方式请以原文为准，有疑问请拨打 12345 咨询。';

const code = (first17: string) => first17 + usccCheckChar(first17);

export const relayDemoLogins: DemoLogin[] = [
  { who: '浦东新区建筑业协会（转发点）', login: 'association@example.com', where: '/login' },
  { who: '张江科学城园区服务中心（转发点）', login: 'park@example.com', where: '/login' },
];

export async function seedDemoRelay(database: Database, siteId: number): Promise<number> {
  const db = database.db;
  if (await db.selectFrom('relay_packages').select('id').where('site_id', '=', siteId).executeTakeFirst()) return 0;
  const staffId = async (username: string) => (await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst())?.id ?? null;
  const [editor, reviewer] = [await staffId('editor'), await staffId('reviewer')];
  const interpretation = await db
    .selectFrom('documents as i')
    .innerJoin('documents as p', 'p.id', 'i.interprets_id')
    .select(['p.id as policy', 'i.id as interpretation'])
    .where('i.site_id', '=', siteId).where('i.type', '=', 'interpretation').where('i.status', '=', 'published').where('p.status', '=', 'published').where('p.validity', '=', 'current')
    .orderBy('p.published_at', 'desc')
    .executeTakeFirst();
  const policy = interpretation ? await relayablePolicy(db, siteId, interpretation.policy) : undefined;
  const site = await db.selectFrom('sites').select('name').where('id', '=', siteId).executeTakeFirst();
  if (!editor || !reviewer || !policy || !site) return 0;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const orgs = [
      { name: '浦东新区建筑业协会', email: 'association@example.com', type: 'association', area: '浦东新区 260 家会员企业', credit: code('51310115MJ4A00017') },
      { name: '张江科学城园区服务中心', email: 'park@example.com', type: 'park', area: '张江科学城园区入驻企业', credit: code('12310115MB2C00028') },
    ];
    const members: { account_id: number; relay_type: string }[] = [];
    for (const o of orgs) {
      const accountId = await insertAccount(trx, { kind: 'organization', orgType: '社会公益组织', name: o.name, siteId: null, email: o.email, creditCode: o.credit, passwordHash });
      const memberId = await store.saveApplication(trx, siteId, accountId, { relay_type: o.type, area: o.area, notes: '' });
      await store.decideMember(trx, memberId, { status: 'approved', note: '', by: reviewer });
      members.push({ account_id: accountId, relay_type: o.type });
    }
    const title = relayTitleFor(policy.title);
    const id = await store.insertPackage(trx, { site_id: siteId, document_id: policy.id, title, interpretation_ids: [interpretation!.interpretation], faq: FAQ, script: SCRIPT, created_by: editor });
    const content = await buildContent(trx, { title, siteName: site.name, policy, interpretationIds: [interpretation!.interpretation], faq: FAQ, script: SCRIPT, publishedAt: now });
    await store.markPublished(trx, id, { content: JSON.stringify(content), published_by: reviewer, published_at: now });
    await store.insertRecipients(trx, id, members);
    const summary = `「${content.policy.title}」的原文要点、解读、常见问答和宣传口径已打包，可下载 Word 或 PDF 版本转发，转发后请在企业专属空间登记。`;
    await trx.insertInto('notify_events').values({
      site_id: siteId, kind: 'relay', dedupe_key: `relay:${id}`, document_id: policy.id, status: 'done', match_cursor: 0, matched_count: members.length, created_at: now, matched_at: now,
      payload: JSON.stringify({
        title: `政策知识点：${title}`, path: relayPath(id), summary, documentId: policy.id, docNumber: policy.doc_number, issuers: content.policy.issuers, type: policy.type, theme: policy.theme, tags: [],
        matchText: title, serviceType: false, publishedAt: now, audience: { tagIds: [], accountKinds: ['organization'], accountIds: members.map((m) => m.account_id), channels: [] }, relayPackageId: id,
      }),
    }).execute();
    for (const m of members) await deliverToInbox(trx, { siteId, accountId: m.account_id, category: '政策知识点', title: `政策知识点：${title}`, body: summary, link: relayPath(id) });
    await store.insertReport(trx, { package_id: id, account_id: members[0]!.account_id, relayed_on: content.publishedOn, channel: 'meeting', reach: 85, note: '会员单位季度例会上宣讲' });
  });
  return 1;
}
