/*
 * The delivery engine (C4): notify events → matching in batches → one deliveries row per
 * (event, recipient, channel) → the inbox written set-based, e-mail / SMS / webhooks sent through
 * the job queue with rate limits, retries and dead letters; recovery, digests and opens.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import { createChannelSenders } from '../channels.js';
import type { Schedule } from '../../../platform/jobs/scheduler.js';
import type { StaffRole } from '../../accounts/roles.js';
import { MATCH_JOB } from '../notify-event.js';
import { deliveryConsoleAccess, deliveryConsoleRoutes } from './console.routes.js';
import { EXTERNAL_CHANNELS, INBOX_JOB, sendJobName, type DeliveryDeps, type DeliverySite } from './deps.js';
import { DIGEST_JOB, DIGEST_SEND_JOB, runDigest, runDigestSend, type DigestFrequency } from './digests.js';
import { writeInbox } from './inbox.js';
import { runMatch } from './match.js';
import { openRoutes } from './opens.js';
import { runTick } from './recovery.js';
import { runSender } from './send.js';

export { publicationEvent, publicationPayload, withPublicationEvents } from './publication-event.js';
export { countPushAudience, pushAudienceQuery } from './audience.js';
export { openPath } from './opens.js';
export type { DeliveryDeps } from './deps.js';

export const TICK_JOB = 'notify.tick';
// Fan-out to a million inboxes takes minutes, not the queue's default ten.
const LONG_JOB = { timeoutMs: 60 * 60_000, maxAttempts: 20, backoffMs: 5000 };

/** Who may use each console route of this part (merged into test/authorization-routes.test.ts). */
export const deliveryRouteAccess: Record<string, StaffRole[]> = deliveryConsoleAccess;

export function deliveryRoutes(app: FastifyInstance, services: Services): void {
  deliveryConsoleRoutes(app, services);
  openRoutes(app, services);
}

/** A site's name and absolute base URL: PUBLIC_URL for the default site, else its first host name. */
export function siteForLinks(services: Pick<Services, 'sites' | 'config'>, siteId: number): DeliverySite {
  const site = services.sites.byId(siteId) ?? services.sites.defaultSite();
  const name = site?.name ?? '政务公开平台';
  if ((!site || site.isDefault) && services.config.publicUrl) return { name, base: services.config.publicUrl.replace(/\/+$/, '') };
  const host = site?.hosts[0] ?? 'localhost';
  const local = /^(localhost|127\.|\[::1\])/.test(host);
  return { name, base: `${local ? 'http' : 'https'}://${host}` };
}

export function deliveryDepsFrom(services: Services): DeliveryDeps {
  return {
    database: services.database,
    jobs: services.jobs,
    logger: services.logger,
    settings: services.config.delivery,
    secret: services.secret,
    senders: createChannelSenders(services),
    site: (siteId) => siteForLinks(services, siteId),
  };
}

/** Defines the engine's jobs on deps.jobs; the crash test and the benchmark call this with bare deps. */
export function defineDeliveryEngine(deps: DeliveryDeps): void {
  const { jobs } = deps;
  jobs.define<{ eventId: number }>(MATCH_JOB, (payload, ctx) => runMatch(deps, payload.eventId, ctx), LONG_JOB);
  jobs.define<{ eventId: number }>(INBOX_JOB, async (payload, ctx) => void (await writeInbox(deps, payload.eventId, ctx.signal)), LONG_JOB);
  for (const channel of EXTERNAL_CHANNELS) {
    jobs.define(sendJobName(channel), async (_payload, ctx) => void (await runSender(deps, channel, ctx.signal)), LONG_JOB);
  }
  jobs.define<{ slot?: string }>(TICK_JOB, (payload) => runTick(deps, payload.slot ?? new Date().toISOString()));
  jobs.define<{ frequency: DigestFrequency; slot: string }>(DIGEST_JOB, (payload, ctx) => runDigest(deps, payload.frequency, payload.slot, ctx));
  jobs.define(DIGEST_SEND_JOB, (_payload, ctx) => runDigestSend(deps, ctx.signal), LONG_JOB);
}

export function defineDeliveryJobs(services: Services): void {
  defineDeliveryEngine(deliveryDepsFrom(services));
}

export const deliverySchedules: Schedule[] = [
  { name: 'notify-tick', job: TICK_JOB, everyMinutes: 1 },
  { name: 'notify-digest-daily', job: DIGEST_JOB, dailyAt: '08:00', payload: { frequency: 'daily' } },
  // Built every day at 08:00, but runDigest only makes a weekly digest on Mondays.
  { name: 'notify-digest-weekly', job: DIGEST_JOB, dailyAt: '08:00', payload: { frequency: 'weekly' } },
];
