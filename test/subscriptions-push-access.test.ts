import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoleCodes } from '../src/modules/accounts/roles.js';
import { pushRouteAccess } from '../src/modules/subscriptions/push/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { Client } from './support/client.js';
import { library } from './support/library.js';
import { fillParams, listRoutes, routeKey } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** 精准推送, role by role: every console route is in pushRouteAccess, and each role gets exactly what it says. */
describe.each(testDialects())('精准推送 console authorization (%s)', (kind) => {
  let t: TestApp;
  const clients = new Map<string, Client>();
  let pushId: number;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const [docId] = await library(t).publish({ title: '用于权限测试的政策' });
    for (const role of staffRoleCodes) clients.set(role, await t.staffClient(`pa.${role.replace(/_/g, '-')}`, [role]));
    const creator = (await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'pa.editor').executeTakeFirstOrThrow()).id;
    const now = new Date().toISOString();
    const row = await t.database.db.insertInto('pushes').values({
      site_id: t.siteId, document_id: docId!, title: '权限测试推送', message: '内容', audience: JSON.stringify({ tagIds: [], accountKinds: ['person'], channels: [] }), audience_all: 0,
      status: 'draft', created_by: creator, approved_by: null, approval_comment: '', recipient_count: null, event_id: null, created_at: now, updated_at: now, submitted_at: null, decided_at: null, sent_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    pushId = row.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists every /console/pushes route of the app in pushRouteAccess', () => {
    const found = listRoutes(t.gk.app).filter((r) => r.url.startsWith('/console/pushes')).map(routeKey).sort();
    expect(found).toEqual(Object.keys(pushRouteAccess).sort());
  });

  it('lets each role use exactly the routes its roles are given, and refuses the others with 403', async () => {
    for (const [key, roles] of Object.entries(pushRouteAccess)) {
      const [method, path] = key.split(' ') as ['GET' | 'POST', string];
      const url = fillParams(path, { id: pushId });
      for (const role of staffRoleCodes) {
        const client = clients.get(role)!;
        const reply = method === 'GET' ? await client.get(url) : await client.submit(url, {}, '/console/account');
        const what = `${role}: ${key} → ${reply.status}`;
        if (roles.includes(role)) {
          expect(reply.status, what).not.toBe(403);
          expect(reply.status, what).toBeLessThan(500);
        } else {
          expect(reply.status, what).toBe(403);
          expect(reply.body, what).toContain('您的角色无权使用此功能');
        }
      }
    }
  });

  it('sends visitors to sign in, and refuses members of the public, on the console and rating routes', async () => {
    const visitor = t.client();
    expect((await visitor.get('/console/pushes')).location).toBe('/console/login?next=%2Fconsole%2Fpushes');
    const rating = await visitor.submit(`/space/pushes/${pushId}/rating`, { useful: '1' }, '/login');
    expect(rating.status).toBe(303);
    expect(rating.location).toBe(`/login?next=${encodeURIComponent(`/space/pushes/${pushId}/rating`)}`);
    const citizen = await t.citizenClient('pa.citizen@example.com');
    expect((await citizen.get(`/console/pushes/${pushId}`)).status).toBe(403);
    expect((await citizen.submit(`/space/pushes/${pushId}/rating`, { useful: '1' }, '/space')).status).toBe(404);
  });
});
