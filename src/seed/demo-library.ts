import type { Database } from '../platform/db/database.js';
import { importDocuments } from '../modules/documents/import.service.js';
import * as store from '../modules/documents/documents.store.js';
import { addRelation } from '../modules/documents/validity.service.js';
import type { PublicationHooks } from '../modules/documents/workflow.service.js';
import { generateDemoLibrary } from './demo-documents.js';

/**
 * A believable policy library for `npm start`: a few hundred published documents across every
 * type and validity state, with 废止/修改 relations and interpretations. Runs once (no documents yet).
 */
export async function seedDemoLibrary(database: Database, site: { id: number; siteCode: string }, hooks: PublicationHooks, count = 300): Promise<number> {
  const any = await database.db.selectFrom('documents').select('id').where('site_id', '=', site.id).limit(1).executeTakeFirst();
  if (any) return 0;
  const library = generateDemoLibrary(count);
  const actor = { id: null, label: '演示数据', ip: '-', siteId: site.id };
  const report = await importDocuments(database, site, library.lines.map((l) => JSON.stringify(l)), actor, hooks);
  if (report.errors.length) throw new Error(`演示文件导入失败：${JSON.stringify(report.errors.slice(0, 3))}`);
  const idOf = async (externalId: string) => (await store.findByExternalId(database.db, site.id, externalId))?.id;
  const relate = async (pairs: [string, string][], kind: 'repeals' | 'amends') => {
    for (const [from, to] of pairs) {
      const [fromId, toId] = [await idOf(from), await idOf(to)];
      if (fromId && toId) await addRelation(database, { fromId, toId, kind }, actor, hooks);
    }
  };
  await relate(library.repeals, 'repeals');
  await relate(library.amends, 'amends');
  for (const externalId of library.interpreted) {
    const policy = await store.findByExternalId(database.db, site.id, externalId);
    if (!policy) continue;
    const interpretation = {
      title: `《${policy.title}》政策解读`,
      issuer: '上海市规划和自然资源局',
      type: 'interpretation',
      publishedAt: policy.published_at ?? new Date().toISOString(),
      body: `一、起草背景\n为落实《${policy.title}》（${policy.doc_number ?? '无文号'}），回应企业和群众关切，现就主要内容解读如下。\n二、主要内容\n文件明确了适用范围、工作要求和办理流程，提出了便民利企的具体措施。\n三、适用对象\n本市相关企业、社会组织和个人。\n四、咨询方式\n可通过本网站“政策咨询”栏目留言，承办处室将限时答复。`,
      externalId: `${externalId}-jd`,
    };
    const result = await importDocuments(database, site, [JSON.stringify(interpretation)], actor, hooks);
    const created = await store.findByExternalId(database.db, site.id, interpretation.externalId);
    if (result.errors.length || !created) continue;
    await database.db.transaction().execute(async (trx) => {
      await store.updateDocument(trx, created.id, { interprets_id: policy.id, interpretation_form: 'text' });
      await store.updateDocument(trx, policy.id, { needs_interpretation: 1 });
      await store.insertRelation(trx, created.id, policy.id, 'interprets');
      await hooks.published(trx, created.id);
    });
  }
  return report.created;
}
