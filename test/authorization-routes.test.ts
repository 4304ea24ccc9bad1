import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoleCodes, type StaffRole } from '../src/modules/accounts/roles.js';
import { createDepartment } from '../src/modules/sites/sites.service.js';
import { deliverToInbox } from '../src/modules/space/inbox.store.js';
import { testDialects } from '../src/platform/db/testing.js';
import { curatorRoles } from '../src/modules/collections/index.js';
import { scoreDetailRoles, scoreViewerRoles } from '../src/modules/interpretations/index.js';
import type { Client, Reply } from './support/client.js';
import { fillParams, listRoutes, routeKey, type RouteEntry } from './support/routes.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { documentRouteAccess } from './support/documents-access.js';
import { appealRouteAccess } from '../src/modules/applications/appeals/index.js';
import { storeCaseFile } from '../src/modules/applications/applicant/index.js';
import { applicationRouteAccess, caseContext, submitOnline } from '../src/modules/applications/cases/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportRouteAccess } from '../src/modules/applications/report/index.js';
import { replyTemplateRoles } from '../src/modules/applications/replies/index.js';
import { subscriptionRouteAccess } from '../src/modules/subscriptions/index.js';

/*
 * Route-by-route authorization. The routes come from the app's own route tree, so a new console
 * or space route fails the first test until someone decides here who may use it.
 */

type Who = 'any staff' | 'platform admin' | StaffRole[];

/** Who may use each console route: the menu in console-page.tsx and each route's requireStaff call. */
const consoleAccess: Record<string, Who> = {
  'GET /console': 'any staff',
  'GET /console/account': 'any staff',
  'POST /console/account': 'any staff',
  'GET /console/users': ['admin'],
  'GET /console/users/new': ['admin'],
  'POST /console/users/new': ['admin'],
  'GET /console/users/:id': ['admin'],
  'POST /console/users/:id': ['admin'],
  'POST /console/users/:id/status': ['admin'],
  'GET /console/departments': ['admin'],
  'GET /console/departments/new': ['admin'],
  'POST /console/departments/new': ['admin'],
  'GET /console/departments/:id': ['admin'],
  'POST /console/departments/:id': ['admin'],
  'GET /console/audit': ['admin'],
  'GET /console/jobs': ['admin'],
  'POST /console/jobs/:id/retry': ['admin'],
  'GET /console/site': ['admin'],
  'POST /console/site': ['admin'],
  'GET /console/site/columns': ['admin'],
  'POST /console/site/columns': ['admin'],
  'GET /console/sites': 'platform admin',
  'POST /console/sites': 'platform admin',
  'GET /console/calendar': ['admin', 'disclosure_office'],
  'GET /console/calendar/:year': ['admin', 'disclosure_office'],
  'POST /console/calendar/years': ['admin'],
  'POST /console/calendar/:year/days': ['admin'],
  'POST /console/calendar/:year/days/remove': ['admin'],
  'POST /console/calendar/:year/publish': ['admin'],
  'GET /console/error-reports': ['admin', 'editor'],
  'POST /console/error-reports/:id': ['admin', 'editor'],
};

/**
 * Capabilities with their own role-by-role sweep over real documents and collections
 * (test/documents-console.test.ts, test/collections.test.ts, test/interpretation-scores.test.ts).
 * Here they get the anonymous, public and menu checks; their tables come from the modules.
 */
const moduleAccess: Record<string, Who> = {
  ...documentRouteAccess,
  ...reportRouteAccess,
  ...applicationRouteAccess,
  ...appealRouteAccess,
  ...subscriptionRouteAccess,
  'GET /console/reply-templates': [...replyTemplateRoles],
  'GET /console/reply-templates/:type': [...replyTemplateRoles],
  'POST /console/reply-templates/:type': [...replyTemplateRoles],
  'POST /console/reply-templates/:type/reset': [...replyTemplateRoles],
  ...Object.fromEntries(
    [
      'GET /console/collections', 'GET /console/collections/new', 'POST /console/collections/new', 'GET /console/collections/:id', 'POST /console/collections/:id',
      'POST /console/collections/:id/reviewed', 'POST /console/collections/:id/items/document', 'POST /console/collections/:id/items/faq',
      'POST /console/collections/:id/items/link', 'POST /console/collections/:id/items/:itemId/move', 'POST /console/collections/:id/items/:itemId/remove',
      'GET /console/collections/inspection', 'POST /console/collections/inspection/run',
    ].map((key) => [key, [...curatorRoles]]),
  ),
  'GET /console/interpretation-scores': [...scoreViewerRoles],
  'GET /console/interpretation-scores/:id': [...scoreDetailRoles],
  'GET /console/interpretation-scores/:id/score': ['expert'],
  'POST /console/interpretation-scores/:id/score': ['expert'],
};
Object.assign(consoleAccess, moduleAccess);

interface Actor {
  label: string;
  username: string;
  roles: StaffRole[];
  platformAdmin?: boolean;
}

const actors: Actor[] = [
  ...staffRoleCodes.map((role) => ({ label: `staff with role ${role}`, username: `r.${role.replace(/_/g, '-')}`, roles: [role] })),
  { label: 'platform admin holding only the editor role', username: 'p.admin', roles: ['editor'], platformAdmin: true },
];

function allowed(actor: Actor, route: RouteEntry): boolean {
  const who = consoleAccess[routeKey(route)];
  if (who === undefined) throw new Error(`unclassified route ${routeKey(route)}`);
  if (actor.platformAdmin) return true;
  if (who === 'any staff') return true;
  if (who === 'platform admin') return false;
  return who.some((role) => actor.roles.includes(role));
}

const isSignInRedirect = (reply: Reply, login: string) => reply.status === 303 && (reply.location ?? '').startsWith(`${login}?next=`);

describe.each(testDialects())('authorization, route by route (%s)', (kind) => {
  let t: TestApp;
  let consoleRoutes: RouteEntry[];
  let spaceRoutes: RouteEntry[];
  let citizen: Client;
  let ownMessageId: number;
  let dataDir: string;
  const staff = new Map<string, Client>();
  const params: Record<string, Record<string, string | number>> = {};

  /** A concrete URL for a route: ids of real rows, so allowed requests reach the handler's work. */
  const urlOf = (route: RouteEntry) => {
    const area = route.url.split('/')[2] ?? '';
    return fillParams(route.url, params[area] ?? {});
  };

  /** Sends the request; a POST carries the client's own valid CSRF token and an empty form. */
  async function send(client: Client, route: RouteEntry, tokenFrom: string): Promise<Reply> {
    const url = urlOf(route);
    if (route.method === 'GET') return client.get(url);
    return client.post(url, { _csrf: await client.csrf(tokenFrom) });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gk-routes-'));
    t = await startTestApp(kind, { DATA_DIR: dataDir });
    const all = listRoutes(t.gk.app);
    consoleRoutes = all.filter((r) => r.url.startsWith('/console') && r.url !== '/console/login');
    spaceRoutes = all.filter((r) => r.url === '/space' || r.url.startsWith('/space/'));
    for (const actor of actors) staff.set(actor.label, await t.staffClient(actor.username, actor.roles, { platformAdmin: actor.platformAdmin }));
    citizen = await t.citizenClient('route.citizen@example.com');
    const citizenId = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'route.citizen@example.com').executeTakeFirstOrThrow()).id;
    const messageId = await deliverToInbox(t.database.db, { siteId: t.siteId, accountId: citizenId, category: '系统通知', title: '测试消息', body: '正文' });
    if (messageId === null) throw new Error('the citizen is active: the message must be written');
    ownMessageId = messageId;
    const department = await createDepartment(t.database, t.siteId, { name: '测试处', code: 'CSC' }, { id: null, label: '测试', ip: '-', siteId: t.siteId });
    if (!department.ok) throw new Error('department');
    const report = await t.client().submit('/feedback/site-error', { pageUrl: '/about', category: '错别字', description: '关于本站页面有错别字。', contact: '' });
    expect(report.status).toBe(200);
    const reportId = (await t.database.db.selectFrom('error_reports').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const someStaffId = (await t.database.db.selectFrom('accounts').select('id').where('username', '=', 'r.editor').executeTakeFirstOrThrow()).id;
    Object.assign(params, {
      users: { id: someStaffId },
      departments: { id: department.value },
      'error-reports': { id: reportId },
      jobs: { id: 'no-such-job' },
      calendar: { year: 2026 },
      inbox: { id: ownMessageId },
      // Routes swept role by role in their own test files; here only anonymous and public requests reach them.
      documents: { id: 1, fid: 1, aid: 1 },
      'sensitive-terms': { tid: 1 },
      collections: { id: 1, itemId: 1 },
      'interpretation-scores': { id: 1 },
      reports: { year: 2025 },
      appeals: { id: 1 },
      'audience-tags': { id: 1 },
      subscriptions: { id: 1 },
      deliveries: { id: 1 },
      pushes: { id: 1 },
      'relay-packages': { id: 1 },
      webhooks: { id: 1 },
      'reply-templates': { type: 'disclosed' },
      applications: await ownCase(citizenId),
    });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A real case of the route citizen, with a letter they may download. */
  async function ownCase(citizenId: number) {
    const ctx = await caseContext(t.gk.services);
    const created = await submitOnline(ctx, t.siteId, { id: citizenId, ip: '127.0.0.1' }, {
      idNumber: '310101199003073236', description: '申请公开某地块控制性详细规划调整的批前公示材料', deliveryForm: '电子邮件', contactEmail: 'route.citizen@example.com',
    });
    if (!created.ok) throw new Error(`case: ${JSON.stringify(created.errors)}`);
    const id = created.value.id;
    const fid = await storeCaseFile(t.database.db, { dataDir, secret: t.gk.services.secret }, {
      caseId: id, kind: 'letter', upload: { filename: '答复告知书.docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: Buffer.from('PK') }, createdBy: null, toApplicant: true,
    });
    return { id, fid };
  }

  it('reads every console and space route from the app and knows who may use each console route', () => {
    const found = consoleRoutes.map(routeKey).sort();
    expect(found).toEqual(Object.keys(consoleAccess).sort());
    expect(spaceRoutes.map(routeKey)).toEqual(expect.arrayContaining(['GET /space', 'GET /space/inbox/:id', 'POST /space/profile', 'POST /space/password', 'GET /space/close', 'POST /space/close']));
  });

  it('sends anonymous visitors to the staff sign-in from every console route, GET and POST', async () => {
    const visitor = t.client();
    for (const route of consoleRoutes) {
      const reply = await send(visitor, route, '/login');
      expect(isSignInRedirect(reply, '/console/login'), `${routeKey(route)} → ${reply.status} ${reply.location}`).toBe(true);
      expect(reply.location).toBe(`/console/login?next=${encodeURIComponent(urlOf(route))}`);
    }
  });

  it('sends anonymous visitors to the public sign-in from every space route, GET and POST', async () => {
    const visitor = t.client();
    for (const route of spaceRoutes) {
      const reply = await send(visitor, route, '/login');
      expect(reply.status, routeKey(route)).toBe(303);
      expect(reply.location).toBe(`/login?next=${encodeURIComponent(urlOf(route))}`);
    }
  });

  it('refuses members of the public (403, Chinese page) on every console route', async () => {
    for (const route of consoleRoutes) {
      const reply = await send(citizen, route, '/space');
      expect(reply.status, routeKey(route)).toBe(403);
      expect(reply.body).toContain('后台仅限工作人员使用');
    }
  });

  it('refuses staff (403) on every space route, whatever their roles', async () => {
    for (const client of [staff.get('staff with role admin')!, staff.get('platform admin holding only the editor role')!]) {
      for (const route of spaceRoutes) {
        const reply = await send(client, route, '/console/account');
        expect(reply.status, routeKey(route)).toBe(403);
        expect(reply.body).toContain('个人/企业空间供公众账号使用');
      }
    }
  });

  it('lets a member of the public open every space page', async () => {
    for (const route of spaceRoutes.filter((r) => r.method === 'GET')) {
      const reply = await citizen.get(urlOf(route));
      expect(reply.status, routeKey(route)).toBe(200);
    }
  });

  it.each(actors.map((a) => [a.label, a] as const))('%s: allowed exactly on the console routes the roles grant', async (_label, actor) => {
    const client = staff.get(actor.label)!;
    for (const route of consoleRoutes.filter((r) => !(routeKey(r) in moduleAccess))) {
      const reply = await send(client, route, '/console/account');
      const what = `${actor.label}: ${routeKey(route)} → ${reply.status} ${reply.location ?? ''}`;
      if (!allowed(actor, route)) {
        expect(reply.status, what).toBe(403);
        expect(reply.body, what).toMatch(/您的角色无权使用此功能|仅平台管理员可管理站点/);
      } else if (route.method === 'GET') {
        expect(reply.status, what).toBe(200);
      } else {
        expect([200, 303, 404, 410, 422], what).toContain(reply.status);
        expect(reply.location ?? '', what).not.toMatch(/login/);
      }
    }
  });

  it('shows each role exactly the console menu entries it may open', async () => {
    const navOf = async (client: Client) => {
      const page = await client.get('/console');
      const nav = /<nav class="console-nav"[\s\S]*?<\/nav>/.exec(page.body)?.[0] ?? '';
      return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).filter((href) => href !== '/');
    };
    const fullMenu = await navOf(staff.get('platform admin holding only the editor role')!);
    expect(fullMenu).toEqual(expect.arrayContaining(['/console', '/console/users', '/console/audit', '/console/sites', '/console/account']));
    for (const actor of actors) {
      const shown = await navOf(staff.get(actor.label)!);
      for (const href of fullMenu) {
        const route = { method: 'GET', url: href } as const;
        expect(shown.includes(href), `${actor.label} menu entry ${href}`).toBe(allowed(actor, route));
      }
    }
  });
});
