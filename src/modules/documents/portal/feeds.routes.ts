import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../../app/services.js';
import { badRequest, notFound } from '../../../platform/http/errors.js';
import { documentTypeCodes, themes } from '../documents.vocabulary.js';
import { cacheLibraryPage, pageCacheFor, sendPage, type Page } from './cache.js';
import { documentHref } from './document.views.js';
import { atomFeed, jsonFeed, rssFeed, sitemapIndexXml, sitemapXml, type FeedMeta } from './feeds.js';
import { isPolicyType, shanghaiDate, typeLabel } from './format.js';
import { canonicalQuery, feedQuery, issuesByField, withoutBlanks } from './list.schemas.js';
import { z } from 'zod';
import { tagVocabulary } from '../../subscriptions/tags/tags.service.js';
import { countPublic, feedEntries, publicIssuers, sitemapChunk } from './public-store.js';

export const FEED_SIZE = 50;
/** Documents per sitemap file (the protocol allows 50,000 URLs; pages take a few). */
export const SITEMAP_CHUNK = 45_000;

const formats = {
  rss: { type: 'application/rss+xml; charset=utf-8', build: rssFeed },
  atom: { type: 'application/atom+xml; charset=utf-8', build: atomFeed },
  json: { type: 'application/feed+json; charset=utf-8', build: jsonFeed },
} as const;
type Format = keyof typeof formats;

/**
 * The site's absolute base URL: PUBLIC_URL for the default site, else this request's host when
 * it is one of the site's host names (never an arbitrary Host header, which a cache would keep).
 */
export function siteBase(services: Services, request: FastifyRequest): string {
  if (request.site.isDefault && services.config.publicUrl) return services.config.publicUrl.replace(/\/+$/, '');
  const requested = (request.headers.host ?? '').toLowerCase();
  const known = request.site.hosts.includes(requested) || request.site.hosts.includes(requested.replace(/:\d+$/, ''));
  return `${request.protocol}://${known ? requested : (request.site.hosts[0] ?? 'localhost')}`;
}

const feedFilters = feedQuery.extend({
  tag: z.string({ error: '标签不正确' }).trim().min(1).max(40, '标签不超过 40 个字').optional(),
  issuer: z.string({ error: '发文机关不正确' }).trim().min(1).max(60, '发文机关不超过 60 个字').optional(),
});

/** Feeds of newly published documents (/feeds/documents.rss|atom|json, ?type= ?theme= ?tag= ?issuer=) and sitemap.xml. */
export function documentFeedRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const cache = pageCacheFor(services);

  const send = (request: FastifyRequest, reply: FastifyReply, type: string, page: Page) => {
    cacheLibraryPage(reply);
    return sendPage(request, reply, page, type);
  };

  for (const format of Object.keys(formats) as Format[]) {
    app.get(`/feeds/documents.${format}`, async (request, reply) => {
      const parsed = feedFilters.safeParse(withoutBlanks(request.query));
      if (!parsed.success) throw badRequest(Object.values(issuesByField(parsed.error)).join('；'));
      const { type, theme, tag, issuer } = parsed.data;
      if (theme && !(themes as readonly string[]).includes(theme)) throw badRequest(`没有名为「${theme}」的主题分类`);
      if (tag && !(await tagVocabulary(db, request.site.id)).some((t) => t.label === tag)) throw badRequest(`没有名为「${tag}」的标签`);
      if (issuer && !(await publicIssuers(db, request.site.id)).includes(issuer)) throw badRequest(`本站没有「${issuer}」发布的文件`);
      const query = canonicalQuery({ type, theme, tag, issuer });
      const base = siteBase(services, request);
      const rendered = await cache.get(request.site, `${base}/feeds/documents.${format}${query}`, async () => {
        const rows = await feedEntries(db, request.site.id, { types: type ? [type] : undefined, theme, tag, issuer }, FEED_SIZE);
        const what = [type ? typeLabel(type) : '', theme ? `主题：${theme}` : '', tag ? `标签：${tag}` : '', issuer ? `发文机关：${issuer}` : ''].filter(Boolean).join('，');
        const meta: FeedMeta = {
          base,
          title: `${request.site.name} · 新发布${what ? `（${what}）` : '的文件'}`,
          description: `${request.site.name}最新主动公开的${type ? typeLabel(type) : '政策文件、解读和公告'}。`,
          self: `${base}/feeds/documents.${format}${query}`,
          homePage: `${base}/documents${query}`,
          author: request.site.footer.sponsor || request.site.name,
        };
        return { status: 200, html: formats[format].build(meta, rows) };
      });
      return send(request, reply, formats[format].type, rendered!);
    });
  }

  async function pageUrls(request: FastifyRequest, base: string) {
    const paths = ['/', '/documents', '/policies/current', '/search'];
    for (const t of documentTypeCodes) {
      paths.push(`/documents?type=${t}`);
      if (isPolicyType(t)) paths.push(`/policies/current?type=${t}`);
    }
    for (const c of request.site.columns) paths.push(`/column/${c.slug}`);
    if (app.hasRoute({ method: 'GET', url: '/topics' })) paths.push('/topics');
    paths.push('/about', '/accessibility', '/sitemap');
    return paths.map((p) => ({ loc: `${base}${p}` }));
  }

  async function documentUrls(request: FastifyRequest, base: string, chunk: number) {
    const rows = await sitemapChunk(db, request.site.id, SITEMAP_CHUNK, chunk * SITEMAP_CHUNK);
    return rows.map((r) => ({ loc: `${base}${documentHref(r.id)}`, lastmod: shanghaiDate(r.updated_at) }));
  }

  app.get('/sitemap.xml', async (request, reply) => {
    const base = siteBase(services, request);
    const rendered = await cache.get(request.site, `${base}/sitemap.xml`, async () => {
      const count = await countPublic(db, request.site.id);
      if (count <= SITEMAP_CHUNK) return { status: 200, html: sitemapXml([...(await pageUrls(request, base)), ...(await documentUrls(request, base, 0))]) };
      const chunks = Math.ceil(count / SITEMAP_CHUNK);
      return { status: 200, html: sitemapIndexXml([`${base}/sitemaps/pages.xml`, ...Array.from({ length: chunks }, (_, i) => `${base}/sitemaps/documents-${i + 1}.xml`)]) };
    });
    return send(request, reply, 'application/xml; charset=utf-8', rendered!);
  });

  // The parts of a sitemap index, used when the library outgrows one sitemap file.
  app.get<{ Params: { name: string } }>('/sitemaps/:name', async (request, reply) => {
    const name = request.params.name;
    const chunk = /^documents-([1-9]\d{0,3})\.xml$/.exec(name);
    if (name !== 'pages.xml' && !chunk) throw notFound();
    const base = siteBase(services, request);
    const rendered = await cache.get(request.site, `${base}/sitemaps/${name}`, async () => {
      if (!chunk) return { status: 200, html: sitemapXml(await pageUrls(request, base)) };
      const urls = await documentUrls(request, base, Number(chunk[1]) - 1);
      return urls.length ? { status: 200, html: sitemapXml(urls) } : undefined;
    });
    if (!rendered) throw notFound();
    return send(request, reply, 'application/xml; charset=utf-8', rendered);
  });
}
