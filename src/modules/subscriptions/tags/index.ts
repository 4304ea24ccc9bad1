import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import type { StaffRole } from '../../accounts/roles.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';

// Scaffold: the tags part of subscriptions & push (issue 5). Replace with the real exports.

/** Who may use each console route of this part (merged into test/authorization-routes.test.ts). */
export const tagsRouteAccess: Record<string, StaffRole[]> = {};

export function tagsRoutes(_app: FastifyInstance, _services: Services): void {}

export function defineTagsJobs(_services: Services): void {}

export const tagsSchedules: Schedule[] = [];
