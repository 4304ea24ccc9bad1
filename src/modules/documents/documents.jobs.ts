import type { Services } from '../../app/services.js';
import type { Schedule } from '../../platform/jobs/scheduler.js';
import { rescanPublished } from './rescan.service.js';
import { expireDocuments, todayInShanghai } from './validity.service.js';
import { publishDue } from './workflow.service.js';

/** The policy library's background work: expiry, scheduled publishing, re-scanning what is public. */
export function defineDocumentJobs(services: Services): void {
  services.jobs.define('documents.expire', async () => {
    await expireDocuments(services.database, todayInShanghai(), services.documentHooks);
  });
  services.jobs.define('documents.publish-due', async () => {
    await publishDue(services.database, services.documentHooks);
  });
  services.jobs.define('documents.rescan', async () => {
    await rescanPublished(services.database);
  }, { timeoutMs: 60 * 60_000 });
}

export const documentSchedules: Schedule[] = [
  { name: 'documents-expire', job: 'documents.expire', dailyAt: '00:10' },
  { name: 'documents-publish-due', job: 'documents.publish-due', everyMinutes: 1 },
  { name: 'documents-rescan', job: 'documents.rescan', dailyAt: '02:30' },
];
