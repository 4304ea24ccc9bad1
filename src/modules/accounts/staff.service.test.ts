import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../platform/audit/audit.service.js';
import { createTestDatabase, testDialects, type TestDatabase } from '../../platform/db/testing.js';
import { ensureDefaultSite } from '../../seed/default-site.js';
import { addSite, createDepartment, updateDepartment } from '../sites/sites.service.js';
import type { StaffUserInput } from './accounts.schemas.js';
import { openSession } from './accounts.service.js';
import { changeStaffStatus, createStaffUser, listStaffSummaries, updateStaffUser } from './staff.service.js';

const PASSWORD = 'Staff-Passw0rd-1';
const footer = { sponsor: '某某局', siteCode: '3100000009', icp: '沪ICP备1号', psb: '沪公网安备1号', phone: '021-12345678', address: '上海市', email: '' };

describe.each(testDialects())('staff service (%s)', (kind) => {
  let database: TestDatabase;
  let siteId: number;
  let actor: AuditActor;

  const input = (username: string, extra: Partial<StaffUserInput> = {}): StaffUserInput & { password: string } => ({
    name: `测试${username}`, username, email: null, roles: ['editor'], departmentId: null, password: PASSWORD, ...extra,
  });
  const create = async (username: string, extra: Partial<StaffUserInput> = {}, site = siteId) => {
    const outcome = await createStaffUser(database, site, input(username, extra), actor);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    return outcome.value;
  };

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await ensureDefaultSite(database);
    siteId = (await database.db.selectFrom('sites').select('id').executeTakeFirstOrThrow()).id;
    actor = { id: null, label: '测试管理员', ip: '10.0.0.1', siteId };
  });

  afterEach(async () => {
    await database?.close();
  });

  it('creates staff with several roles and lists them for their site only', async () => {
    const id = await create('multi', { roles: ['editor', 'reviewer', 'head'], email: 'multi@example.gov.cn' });
    const other = await addSite(database, { slug: 'other', name: '另一站点', hosts: 'o.example', footer }, actor);
    if (!other.ok) throw new Error('site');
    await create('elsewhere', {}, other.value);
    const listed = await listStaffSummaries(database, siteId);
    expect(listed.map((s) => s.username)).toEqual(['multi']);
    expect([...listed[0]!.roles].sort()).toEqual(['editor', 'head', 'reviewer']);
    expect(listed[0]).toMatchObject({ id, email: 'multi@example.gov.cn', status: 'active', lockedUntil: null, isPlatformAdmin: false });
    expect((await listStaffSummaries(database, null)).map((s) => s.username).sort()).toEqual(['elsewhere', 'multi']);
  });

  it('refuses taken user names and e-mails', async () => {
    await create('taken', { email: 'taken@example.gov.cn' });
    expect(await createStaffUser(database, siteId, input('taken'), actor)).toEqual({ ok: false, errors: { username: '该登录名已被使用' } });
    expect(await createStaffUser(database, siteId, input('other', { email: 'taken@example.gov.cn' }), actor)).toEqual({ ok: false, errors: { email: '该电子邮箱已被其他账号使用' } });
  });

  it('ties handlers to an active department of the same site', async () => {
    const department = await createDepartment(database, siteId, { name: '详细规划管理处', code: 'GHC' }, actor);
    if (!department.ok) throw new Error('department');
    const id = await create('handler', { roles: ['handler'], departmentId: department.value });
    expect((await listStaffSummaries(database, siteId)).find((s) => s.id === id)?.departmentId).toBe(department.value);
    await updateDepartment(database, siteId, department.value, { name: '详细规划管理处', code: 'GHC', active: false }, actor);
    expect(await createStaffUser(database, siteId, input('handler2', { roles: ['handler'], departmentId: department.value }), actor)).toEqual({ ok: false, errors: { departmentId: '所选处室不存在或已停用' } });
    expect(await createStaffUser(database, siteId, input('handler3', { roles: ['handler'], departmentId: 999 }), actor)).toEqual({ ok: false, errors: { departmentId: '所选处室不存在或已停用' } });
  });

  it('does not let an administrator remove their own administrator role', async () => {
    const adminId = await create('self.admin', { roles: ['admin'] });
    const self = { ...actor, id: adminId };
    expect(await updateStaffUser(database, siteId, adminId, input('self.admin', { roles: ['editor'] }), self)).toEqual({ ok: false, errors: { roles: '不能取消自己的系统管理员角色' } });
    expect(await updateStaffUser(database, siteId, adminId, input('self.admin', { roles: ['admin', 'editor'] }), self)).toEqual({ ok: true, value: true });
  });

  it('changes only staff of the site it is asked for', async () => {
    const other = await addSite(database, { slug: 'bsite', name: '乙站', hosts: 'b.example', footer }, actor);
    if (!other.ok) throw new Error('site');
    const foreign = await create('foreign', {}, other.value);
    expect(await updateStaffUser(database, siteId, foreign, input('foreign'), actor)).toEqual({ ok: false, errors: { '': '该工作人员不存在' } });
    expect(await changeStaffStatus(database, siteId, foreign, 'disable', actor)).toEqual({ ok: false, errors: { '': '该工作人员不存在' } });
    for (const bad of [Number.NaN, 1.5, -1, 3_000_000_000]) {
      expect(await changeStaffStatus(database, siteId, bad, 'disable', actor), String(bad)).toEqual({ ok: false, errors: { '': '该工作人员不存在' } });
    }
  });

  it('disables (ending sessions), enables and unlocks, but never disables oneself', async () => {
    const id = await create('status');
    await openSession(database, id, { ip: '-', userAgent: '-' }, { idleMinutes: 30, maxHours: 1 });
    await database.db.updateTable('accounts').set({ failed_logins: 2, locked_until: new Date(Date.now() + 60_000).toISOString() }).where('id', '=', id).execute();
    expect((await listStaffSummaries(database, siteId))[0]?.lockedUntil).not.toBeNull();
    expect(await changeStaffStatus(database, siteId, id, 'unlock', actor)).toEqual({ ok: true, value: true });
    expect((await listStaffSummaries(database, siteId))[0]?.lockedUntil).toBeNull();
    expect(await changeStaffStatus(database, siteId, id, 'disable', actor)).toEqual({ ok: true, value: true });
    expect(await database.db.selectFrom('sessions').select('token_hash').where('account_id', '=', id).execute()).toEqual([]);
    expect((await listStaffSummaries(database, siteId))[0]?.status).toBe('disabled');
    expect(await changeStaffStatus(database, siteId, id, 'enable', actor)).toEqual({ ok: true, value: true });
    expect(await changeStaffStatus(database, siteId, id, 'disable', { ...actor, id })).toEqual({ ok: false, errors: { '': '不能停用自己的账号' } });
    const actions = (await database.db.selectFrom('audit_log').select('action').where('target_type', '=', 'account').where('target_id', '=', String(id)).orderBy('seq').execute()).map((r) => r.action);
    expect(actions).toEqual(['staff.create', 'staff.unlock', 'staff.disable', 'staff.enable']);
  });
});
