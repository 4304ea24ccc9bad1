import type { Database } from '../db/database.js';
import { BullmqJobQueue, type BullmqQueueOptions } from './bullmq-queue.js';
import { EmbeddedJobQueue, type EmbeddedQueueOptions } from './embedded-queue.js';
import type { JobLogger, JobQueue } from './queue.js';

export interface CreateJobQueueOptions {
  database: Database;
  /** Set: BullMQ on this Redis; unset: the embedded runner on the database. */
  redisUrl?: string | undefined;
  logger?: JobLogger;
  embedded?: Omit<EmbeddedQueueOptions, 'database' | 'logger'>;
  bullmq?: Omit<BullmqQueueOptions, 'database' | 'logger' | 'redisUrl'>;
}

export function createJobQueue(options: CreateJobQueueOptions): JobQueue {
  const { database, logger } = options;
  return options.redisUrl
    ? new BullmqJobQueue({ ...options.bullmq, database, redisUrl: options.redisUrl, ...(logger ? { logger } : {}) })
    : new EmbeddedJobQueue({ ...options.embedded, database, ...(logger ? { logger } : {}) });
}
