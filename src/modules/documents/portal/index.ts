import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import { documentPageRoutes } from './document.routes.js';
import { documentFeedRoutes } from './feeds.routes.js';
import { documentListRoutes } from './list.routes.js';

/*
 * The policy library on the portal.
 *   /documents/:id                       a document: status banner, facts, body, attachments, 解读, related
 *   /documents/:id/attachments/:aid      an attachment of a public document (or of a 定向公开 one, for its recipients)
 *   /documents?type=&theme=&year=&validity=&form=&page=   lists, 20 per page
 *   /policies/current?type=              the 现行有效 lists
 *   /feeds/documents.rss|atom|json?type=&theme=           feeds of new documents
 *   /sitemap.xml, /sitemaps/:name        the sitemap (an index of parts past 45,000 documents)
 * Home, column pages and /search are in modules/portal, using public-store.ts and the search index.
 */
export function documentPortalRoutes(app: FastifyInstance, services: Services) {
  documentPageRoutes(app, services);
  documentListRoutes(app, services);
  documentFeedRoutes(app, services);
}

export { latestPublic, type ListRow } from './public-store.js';
export { pageCacheFor, cacheLibraryPage, noStore } from './cache.js';
