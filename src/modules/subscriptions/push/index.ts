import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';
import { pushRatingRoutes } from './push-rating.js';
import { pushConsoleRoutes } from './push.routes.js';

/** 精准推送 (C3): compose, approve (by someone else), send as a notify event; ratings; statistics. */
export { pushRouteAccess } from './push.routes.js';
export { PushRatingForm, pushRatingFor } from './push-rating.js';
export { PUSH_APPROVE_ROLES, PUSH_COMPOSE_ROLES, PUSH_SEND_ROLES, PUSH_VIEW_ROLES } from './push.vocabulary.js';

export function pushRoutes(app: FastifyInstance, services: Services): void {
  pushConsoleRoutes(app, services);
  pushRatingRoutes(app, services);
}

/** Pushes need no jobs of their own: sending hands the event to the delivery engine's queue. */
export function definePushJobs(_services: Services): void {}

export const pushSchedules: Schedule[] = [];
