import type { FastifyInstance, FastifyRequest } from 'fastify';
import { portalPage } from '../../app/portal-page.js';
import { safeNext } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { cachePublicly } from '../../platform/http/caching.js';
import { notFound } from '../../platform/http/errors.js';
import { applyPrefChange, parsePrefs, PREFS_COOKIE, prefsStylesheet, serializePrefs } from './prefs.js';
import { cacheLibraryPage, pageCacheFor, sendPage, type Rendered } from '../documents/portal/cache.js';
import { isPolicyType } from '../documents/portal/format.js';
import { renderLibraryPage } from '../documents/portal/frame.js';
import { latestPublic } from '../documents/portal/public-store.js';
import { columnFilter, listHref, sectionFilter } from '../documents/portal/sections.js';
import type { SiteColumn } from '../sites/sites.schemas.js';
import { AboutPage, AccessibilityPage, ColumnPage, HomePage, SitemapPage, type ColumnDocuments, type SectionDocuments } from './portal.views.js';
import { searchRoutes } from './search.routes.js';
import { siteBase } from '../documents/portal/feeds.routes.js';
import { registerErrorReportRoutes } from './error-reports.routes.js';

const HOME_LATEST = 10;
const HOME_PER_COLUMN = 6;
const SECTION_LATEST = 8;

export function portalRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const cache = pageCacheFor(services);

  async function renderHome(request: FastifyRequest): Promise<Rendered> {
    const site = request.site;
    const [latest, columns] = await Promise.all([
      latestPublic(db, site.id, {}, HOME_LATEST),
      Promise.all(
        site.columns.map(async (column): Promise<ColumnDocuments> => {
          const filter = columnFilter(column.sections);
          if (!filter) return { column };
          const more = `/column/${column.slug}`;
          return { column, docs: await latestPublic(db, site.id, filter, HOME_PER_COLUMN), more };
        }),
      ),
    ]);
    const html = renderLibraryPage(request, { title: '首页', path: '/', activeColumn: 'home' }, <HomePage site={site} latest={latest} columns={columns} />);
    return { status: 200, html };
  }

  /** Sections that are services rather than document lists. */
  const serviceSections: Record<string, string> = { 依申请公开: '/apply/guide', 政府信息公开年度报告: '/reports', 办件查询: '/space/applications' };

  async function renderColumn(request: FastifyRequest, column: SiteColumn): Promise<Rendered> {
    const sections = await Promise.all(
      column.sections.map(async (section): Promise<SectionDocuments> => {
        const filter = sectionFilter(section.title);
        const service = serviceSections[section.title.trim()];
        if (service) return { section, more: service };
        if (!filter) return { section };
        const policy = filter.types?.every(isPolicyType);
        return {
          section,
          docs: await latestPublic(db, request.site.id, filter, SECTION_LATEST),
          more: listHref(filter),
          current: policy && filter.types?.length === 1 ? `/policies/current?type=${filter.types[0]}` : undefined,
        };
      }),
    );
    const html = renderLibraryPage(
      request,
      { title: column.title, path: `/column/${column.slug}`, activeColumn: column.slug, crumbs: [{ label: column.title }] },
      <ColumnPage column={column} sections={sections} />,
    );
    return { status: 200, html };
  }

  app.get('/', async (request, reply) => {
    const page = (await cache.get(request.site, 'home', () => renderHome(request)))!;
    cacheLibraryPage(reply);
    return sendPage(request, reply, page);
  });

  app.get<{ Params: { slug: string } }>('/column/:slug', async (request, reply) => {
    const column = request.site.columns.find((c) => c.slug === request.params.slug);
    if (!column) throw notFound('该栏目');
    const page = (await cache.get(request.site, `column:${column.slug}`, () => renderColumn(request, column)))!;
    cacheLibraryPage(reply);
    return sendPage(request, reply, page);
  });

  searchRoutes(app, services);

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

  app.get('/robots.txt', async (request, reply) => {
    cachePublicly(reply, 3600);
    return reply.type('text/plain').send(`User-agent: *\nDisallow: /console\nDisallow: /space\nDisallow: /api/\n\nSitemap: ${siteBase(services, request)}/sitemap.xml\n`);
  });

  registerErrorReportRoutes(app, services);
}
