import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database } from '../../platform/db/database.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../platform/outcome.js';
import { defaultColumns } from './default-columns.js';
import { siteAddSchema, type SiteAddInput, type SiteColumn, type SiteFooter } from './sites.schemas.js';
import * as store from './sites.store.js';

export async function addSite(database: Database, raw: SiteAddInput, actor: AuditActor, isDefault = false): Promise<Outcome<number>> {
  const parsed = siteAddSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const input = parsed.data;
  if (await store.siteSlugTaken(database.db, input.slug)) return invalid({ slug: '该站点代号已存在' });
  const others = await store.listSites(database.db);
  const clash = input.hosts.find((h) => others.some((s) => s.hosts.includes(h)));
  if (clash) return invalid({ hosts: `域名 ${clash} 已被其他站点使用` });
  const id = await database.db.transaction().execute(async (trx) => {
    const siteId = await store.insertSite(trx, { ...input, isDefault: isDefault || others.length === 0, columns: defaultColumns });
    await appendAudit(trx, { ...actor, siteId }, {
      action: 'site.create', targetType: 'site', targetId: siteId, summary: `新建站点 ${input.name}（${input.hosts.join('、')}）`,
    });
    return siteId;
  });
  return ok(id);
}

export async function updateSiteSettings(
  database: Database,
  siteId: number,
  input: { name: string; hosts: string[]; footer: SiteFooter },
  actor: AuditActor,
): Promise<Outcome<true>> {
  const others = (await store.listSites(database.db)).filter((s) => s.id !== siteId);
  const clash = input.hosts.find((h) => others.some((s) => s.hosts.includes(h)));
  if (clash) return invalid({ hosts: `域名 ${clash} 已被其他站点使用` });
  await database.db.transaction().execute(async (trx) => {
    await store.updateSiteFooter(trx, siteId, input.name, input.hosts, input.footer);
    await appendAudit(trx, actor, { action: 'site.update', targetType: 'site', targetId: siteId, summary: `修改站点信息：${input.name}` });
  });
  return ok(true);
}

export async function createDepartment(database: Database, siteId: number, input: { name: string; code: string }, actor: AuditActor): Promise<Outcome<number>> {
  const clash = await store.findDepartmentByNameOrCode(database.db, siteId, input.name, input.code);
  if (clash) return invalid(clash.name === input.name ? { name: '该处室名称已存在' } : { code: '该处室代码已存在' });
  const id = await database.db.transaction().execute(async (trx) => {
    const departmentId = await store.insertDepartment(trx, siteId, input.name, input.code);
    await appendAudit(trx, actor, { action: 'department.create', targetType: 'department', targetId: departmentId, summary: `新建处室 ${input.name}` });
    return departmentId;
  });
  return ok(id);
}

export async function updateDepartment(
  database: Database,
  siteId: number,
  departmentId: number,
  input: { name: string; code: string; active: boolean },
  actor: AuditActor,
): Promise<Outcome<true>> {
  // Ids come from URLs: a non-integer or one beyond PostgreSQL's integer range is simply not there.
  if (!Number.isInteger(departmentId) || departmentId <= 0 || departmentId > 2_147_483_647) return invalid({ '': '该处室不存在' });
  const clash = await store.findDepartmentByNameOrCode(database.db, siteId, input.name, input.code, departmentId);
  if (clash) return invalid(clash.name === input.name ? { name: '该处室名称已存在' } : { code: '该处室代码已存在' });
  const outcome = await database.db.transaction().execute(async (trx) => {
    const result = await store.updateDepartment(trx, siteId, departmentId, input);
    if (Number(result.numUpdatedRows) === 0) return false;
    await appendAudit(trx, actor, {
      action: 'department.update', targetType: 'department', targetId: departmentId,
      summary: `修改处室 ${input.name}${input.active ? '' : '（停用）'}`,
    });
    return true;
  });
  return outcome ? ok(true) : invalid({ '': '该处室不存在' });
}

export async function updateSiteColumns(database: Database, siteId: number, columns: SiteColumn[], actor: AuditActor): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await store.updateSiteColumnsRow(trx, siteId, columns);
    await appendAudit(trx, actor, {
      action: 'site.columns.update', targetType: 'site', targetId: siteId, summary: `修改门户栏目：${columns.map((c) => c.title).join('、')}`,
    });
  });
}
