import type { Services } from '../../../app/services.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';

/** Webhook endpoints (C3): /console/webhooks for staff, /space/webhooks for organisation accounts; the channel itself is webhook-channel.ts. */
export { webhooksRoutes, webhooksRouteAccess, WEBHOOK_ROLES } from './webhooks.routes.js';
export { createWebhookSender, postSigned, SECRET_PURPOSE, type WebhookBody } from './webhook-channel.js';

export function defineWebhooksJobs(_services: Services): void {}

export const webhooksSchedules: Schedule[] = [];
