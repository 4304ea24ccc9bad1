import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../app/services.js';
import type { Site } from '../sites/sites.schemas.js';
import { cacheLibraryPage, noStore, pageCacheFor, sendPage, toPage, type Rendered } from '../documents/portal/cache.js';
import { publicViewerId, renderLibraryPage } from '../documents/portal/frame.js';
import { canonicalQuery, issuesByField, withoutBlanks } from '../documents/portal/list.schemas.js';
import { publicIssuers } from '../documents/portal/public-store.js';
import { hasCriteria, hitUrl, SEARCH_PAGE_SIZE, searchParams, toSearchQuery, type SearchParams } from './search.schema.js';
import { SearchPage } from './search.views.js';

const ISSUERS_TTL_MS = 60_000;

/** /search: full-text search of the library within what the visitor may see; 422 with a Chinese message on bad input. */
export function searchRoutes(app: FastifyInstance, services: Services) {
  const cache = pageCacheFor(services);
  const issuerLists = new WeakMap<Site, { expires: number; list: Promise<string[]> }>();

  /** The 发文机关 of the public library, for the filter (refreshed every minute). */
  function issuersOf(site: Site): Promise<string[]> {
    const known = issuerLists.get(site);
    if (known && known.expires > Date.now()) return known.list;
    const list = publicIssuers(services.database.db, site.id).catch(() => []);
    issuerLists.set(site, { expires: Date.now() + ISSUERS_TTL_MS, list });
    return list;
  }

  async function render(request: FastifyRequest, p: SearchParams, viewerId: number | null): Promise<Rendered> {
    const values = { q: p.q, type: p.type, issuer: p.issuer, year: p.year, validity: p.validity, theme: p.theme, order: p.order === 'relevance' ? undefined : p.order, scope: p.scope === 'site' ? undefined : p.scope };
    const href = (page: number) => `/search${canonicalQuery(values, page)}`;
    const [issuers, result] = await Promise.all([
      issuersOf(request.site),
      hasCriteria(p) ? services.search.search(toSearchQuery(p, request.site.id, viewerId)) : Promise.resolve(undefined),
    ]);
    const hostOf = (siteId: number) => services.sites.byId(siteId)?.hosts[0];
    const items = result?.items.map((hit) => ({ ...hit, url: hitUrl(hit, request.site, hostOf, request.protocol) }));
    const outcome = result && items && { total: result.total, items, page: p.page, pages: Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE)), href };
    const title = p.q ? `搜索：${p.q}` : '全站搜索';
    const html = renderLibraryPage(
      request,
      { title, path: href(p.page), query: p.q, crumbs: [{ label: '全站搜索' }] },
      <SearchPage values={{ ...values, order: p.order, scope: p.scope }} errors={{}} issuers={issuers} result={outcome} query={p.q} />,
    );
    return { status: 200, html };
  }

  app.get('/search', async (request, reply) => {
    const raw = withoutBlanks(request.query);
    const parsed = searchParams.safeParse(raw);
    if (!parsed.success) {
      const errors = issuesByField(parsed.error);
      const html = renderLibraryPage(
        request,
        { title: '全站搜索', path: '/search', crumbs: [{ label: '全站搜索' }] },
        <SearchPage values={raw} errors={errors} issuers={await issuersOf(request.site)} query="" />,
      );
      cacheLibraryPage(reply);
      return sendPage(request, reply, toPage({ status: 422, html }));
    }
    const p = parsed.data;
    const viewerId = publicViewerId(request);
    if (viewerId !== null) {
      // A signed-in member of the public also sees the 定向公开 documents addressed to them: for them only.
      noStore(reply);
      return sendPage(request, reply, toPage(await render(request, p, viewerId)));
    }
    const key = `/search${canonicalQuery({ q: p.q, type: p.type, issuer: p.issuer, year: p.year, validity: p.validity, theme: p.theme, order: p.order }, p.page)}`;
    const page = (await cache.get(request.site, key, () => render(request, p, null)))!;
    cacheLibraryPage(reply);
    return sendPage(request, reply, page);
  });
}
