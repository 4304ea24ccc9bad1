import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../platform/db/database.js';
import type { Mailer } from '../platform/mail/mailer.js';
import type { SiteDirectory } from '../modules/sites/site-directory.js';
import type { CalendarService } from '../platform/calendar/calendar.service.js';
import type { JobQueue } from '../platform/jobs/queue.js';
import type { SearchIndex } from '../platform/search/search.types.js';
import type { PublicationHooks } from '../modules/documents/workflow.service.js';

/** What every module's routes and jobs are given: built once in main.ts, never global. */
export interface Services {
  config: Config;
  database: Database;
  sites: SiteDirectory;
  mailer: Mailer;
  logger: Logger;
  calendar: CalendarService;
  jobs: JobQueue;
  search: SearchIndex;
  /** Keeps search (and page caches) in step with publication, inside the publishing transaction. */
  documentHooks: PublicationHooks;
  /** Signs CSRF tokens and unsubscribe links. */
  secret: string;
}
