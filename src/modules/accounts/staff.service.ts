import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import * as sitesStore from '../sites/sites.store.js';
import * as store from './accounts.store.js';
import type { StaffUserInput } from './accounts.schemas.js';
import { hashPassword } from './passwords.js';
import { staffRoles, type StaffRole } from './roles.js';
import { roleLabels } from './accounts.service.js';

export interface StaffSummary {
  id: number;
  name: string;
  username: string | null;
  email: string | null;
  status: string;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  roles: StaffRole[];
  departmentId: number | null;
  isPlatformAdmin: boolean;
  siteId: number | null;
}

async function checkDepartment(database: Database, siteId: number, departmentId: number | null): Promise<boolean> {
  if (departmentId === null) return true;
  const departments = await sitesStore.listDepartments(database.db, siteId);
  return departments.some((d) => d.id === departmentId && d.active === 1);
}

export async function createStaffUser(
  database: Database,
  siteId: number,
  input: StaffUserInput & { password: string; isPlatformAdmin?: boolean },
  actor: AuditActor,
): Promise<Outcome<number>> {
  if (await store.contactTaken(database.db, 'username', input.username)) return invalid({ username: '该登录名已被使用' });
  if (input.email && (await store.contactTaken(database.db, 'email', input.email))) return invalid({ email: '该电子邮箱已被其他账号使用' });
  if (!(await checkDepartment(database, siteId, input.departmentId))) return invalid({ departmentId: '所选处室不存在或已停用' });
  const passwordHash = await hashPassword(input.password);
  const id = await database.db.transaction().execute(async (trx) => {
    const accountId = await store.insertAccount(trx, {
      kind: 'staff',
      name: input.name,
      siteId,
      username: input.username,
      email: input.email,
      passwordHash,
      isPlatformAdmin: input.isPlatformAdmin ?? false,
    });
    await store.replaceRoles(trx, accountId, input.roles, input.departmentId);
    await appendAudit(trx, actor, {
      action: 'staff.create',
      targetType: 'account',
      targetId: accountId,
      summary: `新建工作人员 ${input.name}（${input.username}），角色：${roleLabels(input.roles)}`,
      detail: { roles: input.roles, departmentId: input.departmentId },
    });
    return accountId;
  });
  return ok(id);
}

export async function updateStaffUser(
  database: Database,
  siteId: number,
  accountId: number,
  input: StaffUserInput,
  actor: AuditActor,
): Promise<Outcome<true>> {
  const existing = await store.findAccountById(database.db, accountId);
  if (!existing || existing.kind !== 'staff' || existing.site_id !== siteId) return invalid({ '': '该工作人员不存在' });
  if (await store.contactTaken(database.db, 'username', input.username, accountId)) return invalid({ username: '该登录名已被使用' });
  if (input.email && (await store.contactTaken(database.db, 'email', input.email, accountId))) return invalid({ email: '该电子邮箱已被其他账号使用' });
  if (!(await checkDepartment(database, siteId, input.departmentId))) return invalid({ departmentId: '所选处室不存在或已停用' });
  if (actor.id === accountId && !input.roles.includes('admin')) return invalid({ roles: '不能取消自己的系统管理员角色' });
  await database.db.transaction().execute(async (trx) => {
    await store.updateAccount(trx, accountId, { name: input.name, username: input.username, email: input.email });
    await store.replaceRoles(trx, accountId, input.roles, input.departmentId);
    await appendAudit(trx, actor, {
      action: 'staff.update',
      targetType: 'account',
      targetId: accountId,
      summary: `修改工作人员 ${input.name}，角色：${roleLabels(input.roles)}`,
      detail: { roles: input.roles, departmentId: input.departmentId },
    });
  });
  return ok(true);
}

export type StaffStatusChange = 'disable' | 'enable' | 'unlock';
const statusSummaries: Record<StaffStatusChange, string> = { disable: '停用账号', enable: '启用账号', unlock: '解除锁定' };

export async function changeStaffStatus(
  database: Database,
  siteId: number,
  accountId: number,
  change: StaffStatusChange,
  actor: AuditActor,
): Promise<Outcome<true>> {
  const existing = await store.findAccountById(database.db, accountId);
  if (!existing || existing.kind !== 'staff' || existing.site_id !== siteId) return invalid({ '': '该工作人员不存在' });
  if (actor.id === accountId && change === 'disable') return invalid({ '': '不能停用自己的账号' });
  await database.db.transaction().execute(async (trx) => {
    if (change === 'disable') {
      await store.updateAccount(trx, accountId, { status: 'disabled' });
      await store.deleteSessionsOf(trx, accountId);
    } else if (change === 'enable') {
      await store.updateAccount(trx, accountId, { status: 'active' });
    } else {
      await store.updateAccount(trx, accountId, { failed_logins: 0, locked_until: null });
    }
    await appendAudit(trx, actor, {
      action: `staff.${change}`, targetType: 'account', targetId: accountId, summary: `${statusSummaries[change]}：${existing.name}`,
    });
  });
  return ok(true);
}

export async function listStaffSummaries(database: Database, siteId: number | null): Promise<StaffSummary[]> {
  const rows = await store.listStaff(database.db, siteId);
  const roles = await store.rolesForAccounts(database.db, rows.map((r) => r.id));
  return rows.map((row) => {
    const mine = roles.filter((r) => r.account_id === row.id);
    return {
      id: row.id,
      name: row.name,
      username: row.username,
      email: row.email,
      status: row.status,
      lockedUntil: row.locked_until && row.locked_until > new Date().toISOString() ? row.locked_until : null,
      lastLoginAt: row.last_login_at,
      roles: mine.map((r) => r.role as StaffRole).filter((r) => r in staffRoles),
      departmentId: mine.find((r) => r.department_id !== null)?.department_id ?? null,
      isPlatformAdmin: row.is_platform_admin === 1,
      siteId: row.site_id,
    };
  });
}
