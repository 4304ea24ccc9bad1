import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { buildHttpServer } from './app/http.js';
import { routeModules } from './app/routes.js';
import type { Services } from './app/services.js';
import type { Config } from './config/config.js';
import { deleteExpiredSessions } from './modules/accounts/accounts.store.js';
import { SiteDirectory } from './modules/sites/site-directory.js';
import { appendAudit } from './platform/audit/audit.service.js';
import { CalendarService, seedCalendarIfEmpty } from './platform/calendar/index.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { installationSecret } from './platform/db/settings.js';
import { createJobQueue } from './platform/jobs/create-queue.js';
import { Scheduler, type Schedule } from './platform/jobs/scheduler.js';
import { createMailer } from './platform/mail/mailer.js';
import { ensureDefaultSite } from './seed/default-site.js';
import { createSearchIndex } from './platform/search/index.js';
import { publicationHooks } from './modules/documents/publication.js';
import { defineDocumentJobs, documentSchedules } from './modules/documents/documents.jobs.js';
import { collectionSchedules, defineCollectionJobs } from './modules/collections/index.js';
import { defineSubscriptionJobs, subscriptionSchedules } from './modules/subscriptions/index.js';
import { withPublicationEvents } from './modules/subscriptions/delivery/publication-event.js';
import { applicationSchedules, defineApplicationJobs, subscribeToCalendar } from './modules/applications/cases/index.js';

export interface Gongkai {
  services: Services;
  app: FastifyInstance;
  close(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { app: 'gongkai' } });
}

/** Opens the database, brings it to the latest schema and loads what every process needs. */
export async function openServices(config: Config, logger: Logger, database?: Database): Promise<Services> {
  const db = database ?? openDatabase(config.database.kind === 'sqlite' ? { kind: 'sqlite', file: config.database.file } : { kind: 'postgres', url: config.database.url });
  const { applied } = await migrateToLatest(db);
  if (applied.length) logger.info({ applied }, '数据库迁移完成');
  await seedCalendarIfEmpty(db);
  await ensureDefaultSite(db);
  const sites = new SiteDirectory(db);
  await sites.refresh();
  const calendar = new CalendarService(db);
  const jobs = createJobQueue({ database: db, redisUrl: config.redisUrl, logger });
  const search = createSearchIndex(db);
  const services: Services = {
    config,
    database: db,
    sites,
    mailer: createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, logger }),
    logger,
    secret: await installationSecret(db, config.sessionSecret),
    calendar,
    jobs,
    search,
    // A publication also becomes a notify event for subscribers, in the publishing transaction.
    documentHooks: withPublicationEvents(publicationHooks(search), jobs),
  };
  defineJobs(services);
  return services;
}

/** Platform housekeeping jobs; modules add their own the same way. */
function defineJobs(services: Services) {
  services.jobs.define('platform.sessions.cleanup', async (_payload, ctx) => {
    const idleBefore = new Date(Date.now() - services.config.session.idleMinutes * 60_000).toISOString();
    await ctx.once('delete', (trx) => deleteExpiredSessions(trx, idleBefore));
  });
  services.jobs.define('platform.sites.refresh', async () => services.sites.refresh());
  defineDocumentJobs(services);
  defineCollectionJobs(services);
  defineApplicationJobs(services);
  defineSubscriptionJobs(services);
}

export const schedules: Schedule[] = [
  { name: 'sessions-cleanup', job: 'platform.sessions.cleanup', everyMinutes: 15 },
  ...documentSchedules,
  ...collectionSchedules,
  ...applicationSchedules,
  ...subscriptionSchedules,
];

/** Runs the background side: the job queue and the recurring-job scheduler. */
export async function startWorker(services: Services): Promise<() => Promise<void>> {
  await services.jobs.start();
  const scheduler = new Scheduler({ queue: services.jobs, schedules, logger: services.logger });
  await scheduler.start();
  return async () => {
    await scheduler.stop();
    await services.jobs.stop();
  };
}

export async function createGongkai(config: Config, options: { logger?: Logger; database?: Database; withJobs?: boolean } = {}): Promise<Gongkai> {
  const logger = options.logger ?? createLogger(config);
  const services = await openServices(config, logger, options.database);
  services.calendar = new CalendarService(services.database, {
    audit: (trx, entry) => appendAudit(trx, { id: null, label: '系统', ip: '-', siteId: null }, entry),
  });
  // A holiday-calendar change recomputes every open case's due date (in a job, in batches).
  const unsubscribeCalendar = subscribeToCalendar(services);
  const app = await buildHttpServer(services, routeModules);
  const stopWorker = options.withJobs ?? config.jobs === 'embedded' ? await startWorker(services) : undefined;
  const refresh = setInterval(() => void services.sites.refresh().catch((err: unknown) => logger.warn({ err }, 'site refresh failed')), 60_000);
  refresh.unref();
  return {
    services,
    app,
    async close() {
      clearInterval(refresh);
      unsubscribeCalendar();
      await app.close();
      if (stopWorker) await stopWorker();
      await services.database.close();
    },
  };
}
