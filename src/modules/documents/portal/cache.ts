import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerAccount } from '../../../app/portal-page.js';
import type { Services } from '../../../app/services.js';
import { withAccountLinks } from '../../../platform/views/AccountLinks.js';

/*
 * Caching of the public library pages. Publishing or withdrawing must show within 5 seconds
 * (issue 3), everywhere, so the copies along the way are bounded:
 *
 *   in this process   RENDER_TTL_MS (1 s), cleared at once when this process publishes/withdraws
 *   reverse proxy     s-maxage=3, stale-while-revalidate=1  (see docs/operations.md)
 *   browser           max-age=0: it revalidates every view with If-None-Match (a 304 from the proxy)
 *
 * 1 + 3 + 1 = 5 s at worst. Browsers get max-age=0 rather than a few seconds because a proxy
 * (nginx) sends no Age header: a browser would keep a copy that was already old for its whole
 * max-age, and the delays would add up.
 */
export const SHARED_MAX_AGE = 3;
export const STALE_WHILE_REVALIDATE = 1;
export const RENDER_TTL_MS = 1000;
export const LIBRARY_CACHE_CONTROL = `public, max-age=0, s-maxage=${SHARED_MAX_AGE}, stale-while-revalidate=${STALE_WHILE_REVALIDATE}`;

/** The same for every anonymous visitor: a shared cache may keep it briefly (ETag added by platform/http/caching). */
export function cacheLibraryPage(reply: FastifyReply): void {
  reply.header('cache-control', LIBRARY_CACHE_CONTROL);
}

/** Depends on who is asking (定向公开, a signed-in visitor's search). */
export function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'private, no-store');
}

/** What a page renderer returns (HTML, or the text of a feed). */
export interface Rendered {
  status: number;
  html: string;
}

/** A rendered response ready to send again and again: encoded once, validated by its ETag. */
export interface Page {
  status: number;
  body: Buffer;
  /** The same strong ETag platform/http/caching.ts would compute (SHA-1 of the bytes). */
  etag: string;
}

export function toPage(rendered: Rendered): Page {
  const body = Buffer.from(rendered.html);
  return { status: rendered.status, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * Sends a page as bytes. A public 200 carries its ETag and answers a matching If-None-Match with
 * 304, as platform/http/caching.ts does for strings — but without encoding and hashing the page
 * again on every request (a cached 30 KB page costs more to hash than to find).
 */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: Page, contentType = 'text/html; charset=utf-8'): FastifyReply {
  const account = headerAccount(request);
  if (account && contentType.startsWith('text/html')) {
    // The same page with the visitor's name in the header: for this visitor only.
    reply.header('cache-control', 'private, no-store');
    return reply.code(page.status).type(contentType).send(withAccountLinks(page.body.toString('utf8'), account));
  }
  const shared = !request.viewer && String(reply.getHeader('cache-control') ?? '').startsWith('public');
  if (page.status === 200 && shared) {
    reply.header('etag', page.etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === page.etag)) return reply.code(304).send();
  }
  return reply.code(page.status).type(contentType).send(page.body);
}

interface Entry {
  expires: number;
  value: Promise<Page | undefined>;
}

/**
 * Rendered anonymous pages kept for a second: under load a popular page is rendered about once a
 * second instead of once a request, and concurrent misses share one rendering (like
 * proxy_cache_lock). Entries belong to a Site object, so a site whose settings change (the
 * directory reloads it as a new object) never gets an old frame. Bounded in size.
 */
export class RenderCache {
  private bySite = new WeakMap<object, Map<string, Entry>>();
  private generation = 0;

  constructor(
    private readonly ttlMs = RENDER_TTL_MS,
    private readonly maxEntriesPerSite = 2000,
  ) {}

  async get(site: object, key: string, render: () => Promise<Rendered | undefined>): Promise<Page | undefined> {
    const prepared = async () => {
      const rendered = await render();
      return rendered && toPage(rendered);
    };
    const now = Date.now();
    let entries = this.bySite.get(site);
    const hit = entries?.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.ttlMs <= 0) return prepared();
    if (!entries) this.bySite.set(site, (entries = new Map()));
    if (entries.size >= this.maxEntriesPerSite) {
      for (const [k, e] of entries) if (e.expires <= now) entries.delete(k);
      if (entries.size >= this.maxEntriesPerSite) entries.clear();
    }
    const generation = this.generation;
    const value = prepared();
    const entry: Entry = { expires: now + this.ttlMs, value };
    entries.set(key, entry);
    const forget = () => {
      if (entries.get(key) === entry) entries.delete(key);
    };
    value.then((result) => {
      // Not found, or rendered from data that changed meanwhile: do not keep it.
      if (result === undefined || generation !== this.generation) forget();
    }, forget);
    return value;
  }

  clear(): void {
    this.generation += 1;
    this.bySite = new WeakMap();
  }
}

const caches = new WeakMap<Services, RenderCache>();

/**
 * The render cache of one app (one Services). The first call also makes publication hooks clear
 * it, so a change made in this process shows at once; changes made by other processes (a worker
 * publishing on schedule, another web process) show when entries expire.
 */
export function pageCacheFor(services: Services): RenderCache {
  let cache = caches.get(services);
  if (cache) return cache;
  const created = new RenderCache();
  cache = created;
  caches.set(services, created);
  const inner = services.documentHooks;
  services.documentHooks = {
    async published(trx, documentId) {
      await inner.published(trx, documentId);
      created.clear();
    },
    async unpublished(trx, documentId) {
      await inner.unpublished(trx, documentId);
      created.clear();
    },
  };
  return created;
}
