import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { portalPage } from '../../app/portal-page.js';
import { safeNext } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { cachePublicly } from '../../platform/http/caching.js';
import { notFound } from '../../platform/http/errors.js';
import { applyPrefChange, parsePrefs, PREFS_COOKIE, prefsStylesheet, serializePrefs } from './prefs.js';
import { AboutPage, AccessibilityPage, ColumnPage, HomePage, SearchPage, SitemapPage } from './portal.views.js';
import { registerErrorReportRoutes } from './error-reports.routes.js';

const searchQuery = z.object({ q: z.string().trim().max(100).optional().default('') });

export function portalRoutes(app: FastifyInstance, services: Services) {
  app.get('/', async (request, reply) => {
    cachePublicly(reply);
    return reply.page(portalPage(request, { title: '首页', activeColumn: 'home' }, <HomePage site={request.site} />));
  });

  app.get<{ Params: { slug: string } }>('/column/:slug', async (request, reply) => {
    const column = request.site.columns.find((c) => c.slug === request.params.slug);
    if (!column) throw notFound('该栏目');
    cachePublicly(reply);
    return reply.page(
      portalPage(request, { title: column.title, activeColumn: column.slug, crumbs: [{ label: column.title }] }, <ColumnPage column={column} />),
    );
  });

  app.get('/search', async (request, reply) => {
    const parsed = searchQuery.safeParse(request.query);
    const q = parsed.success ? parsed.data.q : '';
    cachePublicly(reply);
    return reply.page(
      portalPage(request, { title: q ? `搜索：${q}` : '全站搜索', query: q, crumbs: [{ label: '全站搜索' }] }, <SearchPage query={q} tooLong={!parsed.success} />),
    );
  });

  app.get('/accessibility', async (request, reply) => {
    cachePublicly(reply, 300);
    return reply.page(portalPage(request, { title: '无障碍说明', crumbs: [{ label: '无障碍说明' }] }, <AccessibilityPage />));
  });
  app.get('/about', async (request, reply) => {
    cachePublicly(reply, 300);
    return reply.page(portalPage(request, { title: '关于本站', crumbs: [{ label: '关于本站' }] }, <AboutPage site={request.site} />));
  });
  app.get('/sitemap', async (request, reply) => {
    cachePublicly(reply, 300);
    return reply.page(portalPage(request, { title: '网站地图', crumbs: [{ label: '网站地图' }] }, <SitemapPage site={request.site} />));
  });

  // Display preferences work without JavaScript: a link sets the cookie and comes back.
  app.get<{ Querystring: { elderly?: string; scale?: string; return?: string } }>('/prefs', async (request, reply) => {
    const next = applyPrefChange(parsePrefs(request.cookies[PREFS_COOKIE]), request.query);
    reply.setCookie(PREFS_COOKIE, serializePrefs(next), { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', httpOnly: true });
    return reply.redirect(safeNext(request.query.return, '/'), 303);
  });

  app.get('/prefs.css', async (request, reply) => {
    reply.header('cache-control', 'private, no-cache');
    reply.header('vary', 'Cookie');
    return reply.type('text/css; charset=utf-8').send(prefsStylesheet(parsePrefs(request.cookies[PREFS_COOKIE])));
  });

  app.get('/favicon.ico', async (_request, reply) => {
    cachePublicly(reply, 86_400);
    return reply.redirect('/static/favicon.svg', 301);
  });

  app.get('/robots.txt', async (_request, reply) => {
    cachePublicly(reply, 3600);
    return reply.type('text/plain').send('User-agent: *\nDisallow: /console\nDisallow: /space\nDisallow: /api/\n');
  });

  registerErrorReportRoutes(app, services);
}
