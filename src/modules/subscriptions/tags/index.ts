import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import type { StaffRole } from '../../accounts/roles.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';
import { tagConsoleRouteAccess, tagConsoleRoutes } from './tags.console.js';
import { tagSpaceRoutes } from './tags.space.js';

/** C1: the audience-tag vocabulary (/console/audience-tags) and profile tags (/space/tags). */

/** Who may use each console route of this part (merged into test/authorization-routes.test.ts). */
export const tagsRouteAccess: Record<string, StaffRole[]> = { ...tagConsoleRouteAccess };

export function tagsRoutes(app: FastifyInstance, services: Services): void {
  tagConsoleRoutes(app, services);
  tagSpaceRoutes(app, services);
}

export function defineTagsJobs(_services: Services): void {}

export const tagsSchedules: Schedule[] = [];

export { ensureDefaultTags, tagVocabulary, checkDocumentTags, groupByCategory, type TagRow } from './tags.service.js';
export { TagPicker, chosenValues } from './tag-picker.js';
