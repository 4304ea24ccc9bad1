import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoleCodes, type StaffRole } from '../src/modules/accounts/roles.js';
import { caseForApplicant, casesOfApplicant, confirmPaymentOnline, withdrawOnline } from '../src/modules/applications/cases/applicant.service.js';
import { applicationRouteAccess } from '../src/modules/applications/cases/console/access.js';
import { caseContext, systemActor } from '../src/modules/applications/cases/context.js';
import { assignCase } from '../src/modules/applications/cases/handling.service.js';
import { replyToCase } from '../src/modules/applications/cases/outcome.service.js';
import { addReleased } from '../src/modules/applications/cases/released.service.js';
import { registerByStaff, submitOnline } from '../src/modules/applications/cases/intake.service.js';
import { addDepartment, addDepartmentStaff, installApplications } from '../src/modules/applications/cases/testing.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { Client } from './support/client.js';
import { fillParams, listRoutes, routeKey } from './support/routes.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

const ID_NUMBER = '310101199003073236';

for (const kind of testDialects()) {
  describe(`applications: who sees and does what (${kind})`, () => {
    let t: TestApp;
    const ids: Record<'a' | 'b' | 'unassigned' | 'citizen' | 'replied', number> = { a: 0, b: 0, unassigned: 0, citizen: 0, replied: 0 };
    let releasedFid = 0;
    let dataDir: string;
    /** Released-record routes use a replied case of department A with a delivered record: every allowed POST is a 422, the download a 200. */
    const paramsOf = (url: string): Record<string, number> => (url.includes(':fid') ? { id: ids.replied, fid: releasedFid } : { id: ids.a });
    const numbers: Record<string, string> = {};
    const clients: Record<string, Client> = {};
    let citizenA: number;
    let citizenB: number;

    const login = async (username: string) => {
      const client = t.client();
      expect((await client.loginStaff(username, TEST_PASSWORD)).status).toBe(303);
      return client;
    };

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'gk-app-authz-'));
      t = await startTestApp(kind, { DATA_DIR: dataDir });
      await installApplications(t.gk);
      const deptA = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      const deptB = await addDepartment(t.database, t.siteId, '土地利用处', 'TDLY');
      await addDepartmentStaff(t.database, t.siteId, { username: 'handler-a', roles: ['handler'], departmentId: deptA, password: TEST_PASSWORD });
      await addDepartmentStaff(t.database, t.siteId, { username: 'handler-b', roles: ['handler'], departmentId: deptB, password: TEST_PASSWORD });
      for (const role of staffRoleCodes.filter((r) => r !== 'handler')) await t.addStaff(`r-${role.replace(/_/g, '-')}`, [role]);
      for (const username of ['handler-a', 'handler-b', ...staffRoleCodes.filter((r) => r !== 'handler').map((r) => `r-${r.replace(/_/g, '-')}`)]) clients[username] = await login(username);
      citizenA = await t.addCitizen('a@example.com', { name: '甲某某' });
      citizenB = await t.addCitizen('b@example.com', { name: '乙某某' });
      const ctx = await caseContext(t.gk.services);
      const office = { id: null, label: '公开办', ip: '-', siteId: t.siteId, kind: 'staff' as const, roles: ['disclosure_office' as const], departmentIds: [] };
      const intake = async (name: string) => {
        const outcome = await registerByStaff(ctx, office, { channel: 'in_person', applicantColumn: 'person', applicantName: name, idNumber: ID_NUMBER, submittedOn: '2026-10-12', description: `请公开${name}所需的规划文件`, deliveryForm: '当面领取', contactPhone: '021-12345678' });
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
        numbers[name] = outcome.value.number;
        return outcome.value.id;
      };
      ids.a = await intake('甲处案件');
      ids.b = await intake('乙处案件');
      ids.unassigned = await intake('未分办案件');
      expect((await assignCase(ctx, ids.a, office, { departmentId: deptA })).ok).toBe(true);
      expect((await assignCase(ctx, ids.b, office, { departmentId: deptB })).ok).toBe(true);
      const online = await submitOnline(ctx, t.siteId, { id: citizenA, ip: '-' }, { idNumber: ID_NUMBER, description: '请公开甲申请的文件', deliveryForm: '电子邮件', submittedAt: '2026-10-12T02:00:00Z' });
      if (!online.ok) throw new Error(JSON.stringify(online.errors));
      ids.citizen = online.value.id;
      expect((await assignCase(ctx, ids.citizen, office, { departmentId: deptA })).ok).toBe(true);
      ids.replied = await intake('已答复案件');
      expect((await assignCase(ctx, ids.replied, office, { departmentId: deptA })).ok).toBe(true);
      const released = await addReleased(t.database, { dataDir, secret: t.gk.services.secret }, ids.replied, office, { filename: '公开信息.txt', data: Buffer.from('2025年度部门预算说明'), truncated: false });
      if (!released.ok) throw new Error(JSON.stringify(released.errors));
      releasedFid = released.value.id;
      expect((await replyToCase(ctx, ids.replied, office, { on: '2026-10-13', replyType: 'disclosed' })).ok).toBe(true);
    });

    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('a handler sees only the cases of their own department (another department’s case is 404)', async () => {
      const a = clients['handler-a']!;
      expect((await a.get(`/console/applications/${ids.a}`)).status).toBe(200);
      for (const other of [ids.b, ids.unassigned]) {
        expect((await a.get(`/console/applications/${other}`)).status).toBe(404);
        const post = await a.submit(`/console/applications/${other}/reply`, { on: '2026-10-13', replyType: 'disclosed' }, `/console/applications/${ids.a}`);
        expect(post.status).toBe(404);
      }
      const queue = (await a.get('/console/applications?status=all')).body;
      expect(queue).toContain(numbers['甲处案件']);
      expect(queue).not.toContain(numbers['乙处案件']);
      expect(queue).not.toContain(numbers['未分办案件']);
      const officeQueue = (await clients['r-disclosure-office']!.get('/console/applications')).body;
      for (const n of Object.values(numbers)) expect(officeQueue).toContain(n);
    });

    it('an applicant sees only their own cases', async () => {
      expect((await caseForApplicant(t.database.db, citizenA, ids.citizen))?.id).toBe(ids.citizen);
      expect(await caseForApplicant(t.database.db, citizenB, ids.citizen)).toBeUndefined();
      expect(await caseForApplicant(t.database.db, citizenA, ids.a)).toBeUndefined();
      expect((await casesOfApplicant(t.database.db, citizenA)).map((c) => c.id)).toEqual([ids.citizen]);
      expect(await casesOfApplicant(t.database.db, citizenB)).toEqual([]);
      const ctx = await caseContext(t.gk.services);
      expect((await confirmPaymentOnline(ctx, { id: citizenB, name: '乙', ip: '-' }, ids.citizen)).ok).toBe(false);
      expect((await withdrawOnline(ctx, { id: citizenB, name: '乙', ip: '-' }, ids.citizen)).ok).toBe(false);
      const citizen = await t.citizenClient('c@example.com');
      expect((await citizen.get(`/console/applications/${ids.citizen}`)).status).toBe(403);
    });

    it('the system actor cannot make staff moves', async () => {
      const ctx = await caseContext(t.gk.services);
      const outcome = await assignCase(ctx, ids.unassigned, systemActor(t.siteId), { departmentId: 1 });
      expect(outcome.ok).toBe(false);
    });

    it('lists every route of the applications console and sends anonymous visitors to sign in', async () => {
      const routes = listRoutes(t.gk.app).filter((r) => r.url.startsWith('/console/applications')).map(routeKey).sort();
      expect(routes).toEqual(Object.keys(applicationRouteAccess).sort());
      const visitor = t.client();
      for (const key of routes) {
        const [method, url] = key.split(' ') as ['GET' | 'POST', string];
        const path = fillParams(url, paramsOf(url));
        const reply = method === 'GET' ? await visitor.get(path) : await visitor.post(path, { _csrf: await visitor.csrf('/login') });
        expect(reply.status, key).toBe(303);
        expect(reply.location, key).toBe(`/console/login?next=${encodeURIComponent(path)}`);
      }
    });

    it.each(staffRoleCodes.map((r) => [r]))('role %s: allowed exactly on the routes the table grants', async (role) => {
      const client = clients[role === 'handler' ? 'handler-a' : `r-${role.replace(/_/g, '-')}`]!;
      for (const [key, roles] of Object.entries(applicationRouteAccess)) {
        const [method, url] = key.split(' ') as ['GET' | 'POST', string];
        const path = fillParams(url, paramsOf(url));
        const reply = method === 'GET' ? await client.get(path) : await client.post(path, { _csrf: await client.csrf('/console/account') });
        const what = `${role}: ${key} → ${reply.status}`;
        if (!(roles as StaffRole[]).includes(role)) {
          expect(reply.status, what).toBe(403);
          expect(reply.body, what).toContain('您的角色无权使用此功能');
        } else if (method === 'GET') {
          expect(reply.status, what).toBe(200);
        } else {
          expect([303, 422], what).toContain(reply.status);
        }
      }
    });
  });
}
