import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverToInbox } from '../src/modules/space/inbox.store.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { Client } from './support/client.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

/* Who may see what beyond roles: sites keep their staff apart, people keep their messages apart. */

describe.each(testDialects())('site boundaries and ownership (%s)', (kind) => {
  let t: TestApp;
  let siteB: number;
  let adminA: Client;
  let adminB: Client;

  const departmentsOf = (siteId: number) => t.database.db.selectFrom('departments').select('name').where('site_id', '=', siteId).execute();
  const accountId = async (by: 'username' | 'email', value: string) =>
    (await t.database.db.selectFrom('accounts').select('id').where(by, '=', value).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    t = await startTestApp(kind);
    siteB = await t.addSite('bsite', '乙区规划资源局', 'b.example');
    adminA = await t.staffClient('a.admin', ['admin']);
    adminB = await t.staffClient('b.admin', ['admin'], { siteId: siteB, host: 'b.example' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('routes each host to its own console: site B staff work on b.example', async () => {
    const home = await adminB.get('/console');
    expect(home.status).toBe(200);
    expect(home.body).toContain('乙区规划资源局');
    const created = await adminB.submit('/console/departments/new', { name: '乙区办公室', code: 'BBGS', active: 'on' });
    expect(created.status).toBe(303);
    expect((await departmentsOf(siteB)).map((d) => d.name)).toEqual(['乙区办公室']);
  });

  it('refuses site B staff on site A, for pages and for form posts', async () => {
    const token = await adminB.csrf('/console/account');
    adminB.host = 'localhost';
    try {
      for (const url of ['/console', '/console/users', '/console/departments', '/console/audit', '/console/account']) {
        const reply = await adminB.get(url);
        expect(reply.status, url).toBe(403);
        expect(reply.body).toContain('您的账号不属于本站点');
      }
      const post = await adminB.post('/console/departments/new', { _csrf: token, name: '越权处室', code: 'XX', active: 'on' });
      expect(post.status).toBe(403);
      expect(await departmentsOf(t.siteId)).toEqual([]);
    } finally {
      adminB.host = 'b.example';
    }
  });

  it('does not let site B staff sign in on site A, nor site A staff on site B', async () => {
    const onA = await t.client().loginStaff('b.admin', TEST_PASSWORD);
    expect(onA.status).toBe(422);
    expect(onA.body).toContain('该工作人员账号不属于本站点');
    const onB = await t.client({ host: 'b.example' }).loginStaff('a.admin', TEST_PASSWORD);
    expect(onB.status).toBe(422);
    expect(onB.body).toContain('该工作人员账号不属于本站点');
  });

  it('refuses a site A administrator on site B, but lets a platform administrator in', async () => {
    adminA.host = 'b.example';
    try {
      expect((await adminA.get('/console/users')).status).toBe(403);
    } finally {
      adminA.host = 'localhost';
    }
    const platform = await t.staffClient('platform.admin', ['admin'], { platformAdmin: true });
    platform.host = 'b.example';
    const page = await platform.get('/console/users');
    expect(page.status).toBe(200);
    expect(page.body).toContain('b.admin');
    expect(page.body).not.toContain('a.admin');
  });

  it("does not let a site A administrator edit or disable site B's staff through A's console", async () => {
    const bAdminId = await accountId('username', 'b.admin');
    expect((await adminA.get(`/console/users/${bAdminId}`)).status).toBe(404);
    const disable = await adminA.submit(`/console/users/${bAdminId}/status`, { change: 'disable' }, '/console/users');
    expect(disable.status).toBe(422);
    const row = await t.database.db.selectFrom('accounts').select('status').where('id', '=', bAdminId).executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });

  it("hides another person's inbox message (404) and leaves it unread", async () => {
    const alice = await t.citizenClient('alice@example.com');
    const bob = await t.citizenClient('bob@example.com');
    const messageId = await deliverToInbox(t.database.db, { siteId: t.siteId, accountId: await accountId('email', 'alice@example.com'), category: '系统通知', title: '您的申请已受理', body: '私人内容' });
    const peek = await bob.get(`/space/inbox/${messageId}`);
    expect(peek.status).toBe(404);
    expect(peek.body).not.toContain('私人内容');
    expect((await bob.get('/space/inbox')).body).not.toContain('您的申请已受理');
    const unread = await t.database.db.selectFrom('inbox_messages').select('read_at').where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(unread.read_at).toBeNull();
    const own = await alice.get(`/space/inbox/${messageId}`);
    expect(own.status).toBe(200);
    expect(own.body).toContain('私人内容');
  });

  it('answers malformed or out-of-range ids with 404 or a form error, never 500', async () => {
    const citizen = await t.citizenClient('ids@example.com');
    for (const id of ['abc', '1.5', '-1', '3000000000', '99999999999999999999', '0x10']) {
      for (const url of [`/console/users/${id}`, `/console/departments/${id}`]) {
        expect((await adminA.get(url)).status, url).toBe(404);
      }
      expect((await citizen.get(`/space/inbox/${id}`)).status, `inbox ${id}`).toBe(404);
      const posts: [string, Record<string, string>][] = [
        [`/console/users/${id}/status`, { change: 'disable' }],
        [`/console/users/${id}`, { name: '某某', username: 'someone', roles: 'editor' }],
        [`/console/departments/${id}`, { name: '某处室', code: 'MCS', active: 'on' }],
        [`/console/error-reports/${id}`, { status: 'handled' }],
      ];
      for (const [url, form] of posts) {
        const reply = await adminA.submit(url, form, '/console/account');
        expect([404, 422], `${url} → ${reply.status}`).toContain(reply.status);
      }
    }
  });

  it('answers /api/v1/me with 401 JSON when anonymous and the account when signed in', async () => {
    const anonymous = await t.client().get('/api/v1/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.header('content-type')).toMatch(/application\/json/);
    expect(anonymous.json()).toEqual({ error: { code: 'unauthenticated', message: '未登录或会话已过期。' } });
    const citizen = await t.citizenClient('me@example.com');
    const me = await citizen.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'person', name: '测试市民', roles: [] });
    expect(me.header('cache-control')).toBe('private, no-store');
  });
});
