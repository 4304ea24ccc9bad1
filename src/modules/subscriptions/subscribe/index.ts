import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import type { StaffRole } from '../../accounts/roles.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';
import { subscribePublicRoutes } from './subscribe.public.js';
import { subscribeSpaceRoutes } from './subscribe.space.js';
import { subscribeSettingsRouteAccess, subscribeSettingsRoutes } from './settings.console.js';

/** C2: subscriptions — /space/subscriptions, /subscribe (double opt-in), /unsubscribe/<token>; the limits at /console/subscription-settings. */

/** Who may use each console route of this part (merged into test/authorization-routes.test.ts). */
export const subscribeRouteAccess: Record<string, StaffRole[]> = { ...subscribeSettingsRouteAccess };

export function subscribeRoutes(app: FastifyInstance, services: Services): void {
  subscribeSpaceRoutes(app, services);
  subscribePublicRoutes(app, services);
  subscribeSettingsRoutes(app, services);
}

export function defineSubscribeJobs(_services: Services): void {}

export const subscribeSchedules: Schedule[] = [];

export { subscribe, subscribeByEmail, confirm, unsubscribe, changeFrequency, cancelOwn, listForAccount, endAllForAccount, describeSubscription } from './subscribe.service.js';
export { loadSubscribeSettings, type SubscribeSettings } from './subscribe.settings.js';
