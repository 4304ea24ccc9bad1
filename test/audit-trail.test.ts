import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/platform/audit/audit.service.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { Client } from './support/client.js';
import { textOf } from './support/client.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

/* Every staff action through the console leaves a record naming who did it, in an intact chain. */

describe.each(testDialects())('audit trail of console actions (%s)', (kind) => {
  let t: TestApp;
  let admin: Client;
  let adminId: number;

  const lastRecord = () => t.database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const count = async () => Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.staffClient('audit.admin', ['admin']);
    adminId = (await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'audit.admin').executeTakeFirstOrThrow()).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('records creating a department, with the administrator as actor', async () => {
    const reply = await admin.submit('/console/departments/new', { name: '详细规划管理处', code: 'GHC', active: 'on' });
    expect(reply.status).toBe(303);
    const department = await t.database.db.selectFrom('departments').select('id').where('code', '=', 'GHC').executeTakeFirstOrThrow();
    expect(await lastRecord()).toMatchObject({
      action: 'department.create', actor_id: adminId, actor_label: '测试audit.admin', target_type: 'department',
      target_id: String(department.id), summary: '新建处室 详细规划管理处', site_id: t.siteId, ip: '127.0.0.1',
    });
  });

  it('records creating a user with the roles granted', async () => {
    const reply = await admin.submit('/console/users/new', { name: '赵审核', username: 'zhao.sh', email: '', roles: ['reviewer', 'editor'], password: TEST_PASSWORD });
    expect(reply.status).toBe(303);
    const user = await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'zhao.sh').executeTakeFirstOrThrow();
    const record = await lastRecord();
    expect(record).toMatchObject({ action: 'staff.create', actor_id: adminId, target_id: String(user.id), site_id: t.siteId });
    expect(record.summary).toContain('赵审核');
    expect(JSON.parse(record.detail)).toMatchObject({ roles: ['reviewer', 'editor'] });
  });

  it('records editing, disabling and unlocking a user, and editing a department', async () => {
    const user = await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'zhao.sh').executeTakeFirstOrThrow();
    const department = await t.database.db.selectFrom('departments').select('id').where('code', '=', 'GHC').executeTakeFirstOrThrow();
    const steps: [string, Record<string, string | string[]>, string][] = [
      [`/console/users/${user.id}`, { name: '赵审核', username: 'zhao.sh', email: '', roles: ['reviewer'] }, 'staff.update'],
      [`/console/users/${user.id}/status`, { change: 'disable' }, 'staff.disable'],
      [`/console/users/${user.id}/status`, { change: 'enable' }, 'staff.enable'],
      [`/console/users/${user.id}/status`, { change: 'unlock' }, 'staff.unlock'],
      [`/console/departments/${department.id}`, { name: '详细规划管理处', code: 'GHC' }, 'department.update'],
    ];
    for (const [url, form, action] of steps) {
      const reply = await admin.submit(url, form, '/console/users');
      expect(reply.status, url).toBe(303);
      expect(await lastRecord(), action).toMatchObject({ action, actor_id: adminId });
    }
  });

  it('records changing site settings and one’s own password', async () => {
    const site = t.gk.services.sites.byId(t.siteId)!;
    const settings = await admin.submit('/console/site', {
      name: site.name, hosts: site.hosts.join(','), 'footer.sponsor': '某某局', 'footer.siteCode': '3100000000', 'footer.icp': '沪ICP备1号',
      'footer.psb': '沪公网安备1号', 'footer.phone': '021-1234567', 'footer.address': '上海市', 'footer.email': '',
    });
    expect(settings.status).toBe(303);
    expect((await lastRecord()).action).toBe('site.update');
    const password = await admin.submit('/console/account', { current: TEST_PASSWORD, password: 'Changed-Passw0rd-9', passwordConfirm: 'Changed-Passw0rd-9' });
    expect(password.status).toBe(303);
    expect(await lastRecord()).toMatchObject({ action: 'account.password.change', actor_id: adminId });
  });

  it('writes nothing for a refused or invalid action', async () => {
    const before = await count();
    const invalid = await admin.submit('/console/departments/new', { name: '', code: '!!' });
    expect(invalid.status).toBe(422);
    const duplicate = await admin.submit('/console/departments/new', { name: '详细规划管理处', code: 'OTHER' });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toContain('该处室名称已存在');
    const editor = await t.staffClient('audit.editor', ['editor']);
    const afterSetup = await count();
    expect((await editor.submit('/console/departments/new', { name: '越权处室', code: 'YQ' }, '/console')).status).toBe(403);
    expect(await count()).toBe(afterSetup);
    expect(afterSetup - before).toBe(2); // the editor's creation and sign-in, nothing for the refused posts
  });

  it('keeps the chain intact and says so on the audit page', async () => {
    expect(await verifyAuditChain(t.database)).toMatchObject({ ok: true });
    const page = await admin.get('/console/audit?verify=1');
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('哈希链校验通过');
    const filtered = await admin.get('/console/audit?action=department');
    expect(textOf(filtered.body)).toContain('新建处室 详细规划管理处');
    expect(textOf(filtered.body)).not.toContain('staff.create');
  });
});
