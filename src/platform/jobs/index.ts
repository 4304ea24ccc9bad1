export { BullmqJobQueue, type BullmqQueueOptions } from './bullmq-queue.js';
export { createJobQueue, type CreateJobQueueOptions } from './create-queue.js';
export { EmbeddedJobQueue, type EmbeddedQueueOptions } from './embedded-queue.js';
export type {
  DeadJob,
  EnqueueOptions,
  EnqueueResult,
  JobContext,
  JobHandler,
  JobLogger,
  JobOptions,
  JobQueue,
  JobStats,
} from './queue.js';
export { JobTimeoutError } from './queue.js';
export { Scheduler, slotKey, slotStart, type Schedule, type SchedulerOptions } from './scheduler.js';
