import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import type { StaffRole } from '../../accounts/roles.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';
import { packageRouteAccess, relayPackageRoutes } from './relay.console.js';
import { memberRouteAccess, relayMemberRoutes } from './relay.members.js';
import { relayPublicRoutes } from './relay.public.js';
import { relaySpaceRoutes } from './relay.space.js';

/*
 * 政策知识点 (issue 5 item 5): relay points (organisations), packages composed and published in
 * the console, the public page with .docx and .pdf, the relay notify event, and relay reports.
 */

/** Who may use each console route of this part (merged into test/authorization-routes.test.ts). */
export const relayRouteAccess: Record<string, StaffRole[]> = { ...packageRouteAccess, ...memberRouteAccess };

export function relayRoutes(app: FastifyInstance, services: Services): void {
  relayPackageRoutes(app, services);
  relayMemberRoutes(app, services);
  relayPublicRoutes(app, services);
  relaySpaceRoutes(app, services);
}

export function defineRelayJobs(_services: Services): void {}

export const relaySchedules: Schedule[] = [];

export { parseFaq, formatFaq, type FaqItem } from './faq.js';
export { applyAsMember, decideMember, publishPackage, createPackage, reportRelay } from './relay.service.js';
