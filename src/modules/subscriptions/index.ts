/*
 * Subscriptions and push (C1–C4): audience tags, subscriptions with double opt-in, the delivery
 * engine (events → deliveries, exactly once), 精准推送, relay packages (政策知识点) and webhooks.
 * See docs/subscriptions.md for the map.
 */
import type { RouteModule } from '../../app/http.js';
import type { Services } from '../../app/services.js';
import type { StaffRole } from '../accounts/roles.js';
import type { Schedule } from '../../platform/jobs/scheduler.js';
import { defineTagsJobs, tagsRouteAccess, tagsRoutes, tagsSchedules } from './tags/index.js';
import { defineSubscribeJobs, subscribeRouteAccess, subscribeRoutes, subscribeSchedules } from './subscribe/index.js';
import { defineDeliveryJobs, deliveryRouteAccess, deliveryRoutes, deliverySchedules } from './delivery/index.js';
import { definePushJobs, pushRouteAccess, pushRoutes, pushSchedules } from './push/index.js';
import { defineRelayJobs, relayRouteAccess, relayRoutes, relaySchedules } from './relay/index.js';
import { defineWebhooksJobs, webhooksRouteAccess, webhooksRoutes, webhooksSchedules } from './webhooks/index.js';

export const subscriptionRouteModules: RouteModule[] = [tagsRoutes, subscribeRoutes, deliveryRoutes, pushRoutes, relayRoutes, webhooksRoutes];

export const subscriptionRouteAccess: Record<string, StaffRole[]> = {
  ...tagsRouteAccess, ...subscribeRouteAccess, ...deliveryRouteAccess, ...pushRouteAccess, ...relayRouteAccess, ...webhooksRouteAccess,
};

export function defineSubscriptionJobs(services: Services): void {
  defineTagsJobs(services);
  defineSubscribeJobs(services);
  defineDeliveryJobs(services);
  definePushJobs(services);
  defineRelayJobs(services);
  defineWebhooksJobs(services);
}

export const subscriptionSchedules: Schedule[] = [...tagsSchedules, ...subscribeSchedules, ...deliverySchedules, ...pushSchedules, ...relaySchedules, ...webhooksSchedules];
