import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.js';
import { collectionItemRoutes } from './collection-items.console.js';
import { collectionConsoleRoutes } from './collections.console.js';
import { collectionPortalRoutes } from './collections.portal.js';
import { inspectionConsoleRoutes } from './inspection.console.js';

/*
 * 主题库 (A3) manifest.
 * Routes: /topics, /topics/:slug (public); /console/collections… (editor, reviewer, admin).
 * Jobs: defineCollectionJobs(services) + collectionSchedules (daily 日常巡检 at 05:30 Beijing time).
 * Menu: { href: '/console/collections', label: '主题库', roles: curatorRoles }.
 */
export function collectionRoutes(app: FastifyInstance, services: Services) {
  inspectionConsoleRoutes(app, services);
  collectionConsoleRoutes(app, services);
  collectionItemRoutes(app, services);
  collectionPortalRoutes(app, services);
}

export { curatorRoles } from './collections.console.js';
export { collectionSchedules, defineCollectionJobs, runInspection, INSPECTION_JOB } from './inspection.service.js';
export { DEFAULT_STALE_AFTER_DAYS } from './collections.schemas.js';
