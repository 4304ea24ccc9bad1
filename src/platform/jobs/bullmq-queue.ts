import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import { runStepOnce } from './job-steps.js';
import { bullJobId, insertOutbox, markPushed, OutboxRelay, type OutboxRow } from './outbox.js';
import {
  consoleJobLogger,
  jobDefinition,
  payloadJson,
  requireDefinition,
  runAttempt,
  type DeadJob,
  type EnqueueOptions,
  type EnqueueResult,
  type JobContext,
  type JobDefinition,
  type JobHandler,
  type JobLogger,
  type JobOptions,
  type JobQueue,
  type JobStats,
} from './queue.js';

export interface BullmqQueueOptions {
  database: Database;
  redisUrl: string;
  logger?: JobLogger;
  /** Redis key prefix: one per installation (and per test). Default 'gongkai'. */
  prefix?: string;
  /** A worker that stops renewing its lock this long is presumed dead and its job goes back to the queue. Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for such stalled jobs. Default 30 s. */
  stalledIntervalMs?: number;
  /** How often the outbox relay sweeps. Default 500. */
  relayIntervalMs?: number;
  /** An enqueue waits this long for Redis before leaving the job to the relay. Default 2000. */
  pushTimeoutMs?: number;
  /** Completed jobs stay in Redis this long (stats, and BullMQ's own job-id de-duplication). Default 7 days. */
  keepCompletedSeconds?: number;
}

/**
 * BullMQ on Redis, one BullMQ queue per job name (so concurrency is per name). Every job first
 * goes through the database outbox (outbox.ts); ctx.once records steps in the database, so
 * effects stay exactly-once across workers and machines.
 */
export class BullmqJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly database: Database;
  private readonly logger: JobLogger;
  private readonly prefix: string;
  /** Enqueue side: fails fast when Redis is down (the outbox keeps the job). */
  private readonly producer: Redis;
  /** Worker side: BullMQ requires commands that wait for Redis to come back. */
  private consumer: Redis | undefined;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly relay: OutboxRelay;
  private closed = false;
  private lastRedisError = 0;

  constructor(private readonly options: BullmqQueueOptions) {
    this.database = options.database;
    this.logger = options.logger ?? consoleJobLogger;
    this.prefix = options.prefix ?? 'gongkai';
    this.producer = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
    this.producer.on('error', (error: Error) => this.reportRedisError(error));
    this.relay = new OutboxRelay(this.database, (row) => this.push(row), options.relayIntervalMs ?? 500, this.logger);
  }

  define<P>(name: string, handler: JobHandler<P>, opts?: JobOptions): void {
    this.definitions.set(name, jobDefinition(name, handler, opts));
  }

  async enqueue<P>(name: string, payload: P, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    requireDefinition(this.definitions, name);
    const entry = { name, payload: payloadJson(payload), idempotencyKey: opts.idempotencyKey, runAt: opts.runAt ?? new Date() };
    const { row, duplicate } = await insertOutbox(opts.trx ?? this.database.db, entry);
    const id = bullJobId(row);
    if (duplicate) return { id, duplicate };
    if (opts.trx) {
      this.relay.kick();
      return { id, duplicate };
    }
    try {
      await withDeadline(this.push(row), this.options.pushTimeoutMs ?? 2000);
      await markPushed(this.database, [row.id]);
    } catch (error) {
      // The row is committed: the relay pushes it once Redis answers again.
      this.logger.warn({ id, err: String(error) }, '任务已入发件箱，推送到 Redis 失败，稍后重试');
    }
    return { id, duplicate };
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    this.consumer = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.consumer.on('error', (error: Error) => this.reportRedisError(error));
    for (const definition of this.definitions.values()) {
      const worker = new Worker(definition.name, (job: Job) => this.process(definition, job), {
        connection: this.consumer,
        prefix: this.prefix,
        concurrency: definition.concurrency,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        // a job that keeps killing its worker (stalls) ends up dead, like in the embedded runner
        maxStalledCount: definition.maxAttempts,
      });
      worker.on('error', (error) => this.logger.error({ name: definition.name, err: String(error) }, 'BullMQ 工作进程出错'));
      worker.on('failed', (job, error) => {
        if (job && job.attemptsMade >= definition.maxAttempts) {
          this.logger.warn({ id: job.id, name: definition.name, err: String(error) }, '任务转入死信');
        }
      });
      this.workers.push(worker);
    }
    this.relay.start();
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.relay.stop();
    await Promise.all(this.workers.splice(0).map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    await Promise.all([closeRedis(this.producer), this.consumer && closeRedis(this.consumer)]);
  }

  /** Counts over the job names this process knows (defined or enqueued). */
  async stats(): Promise<JobStats> {
    const stats: JobStats = { pending: 0, running: 0, done: 0, dead: 0 };
    for (const name of this.knownNames()) {
      const counts = await this.queue(name).getJobCounts('wait', 'prioritized', 'delayed', 'waiting-children', 'active', 'completed', 'failed');
      stats.pending += (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0) + (counts['waiting-children'] ?? 0);
      stats.running += counts.active ?? 0;
      stats.done += counts.completed ?? 0;
      stats.dead += counts.failed ?? 0;
    }
    return stats;
  }

  /** BullMQ's failed set is the dead-letter list: a job lands there only after its last attempt. */
  async listDead(limit = 50): Promise<DeadJob[]> {
    const dead: DeadJob[] = [];
    for (const name of this.knownNames()) {
      for (const job of await this.queue(name).getFailed(0, limit - 1)) {
        dead.push({
          id: String(job.id),
          name,
          payload: job.data as unknown,
          attempts: job.attemptsMade,
          lastError: job.failedReason ?? null,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        });
      }
    }
    return dead.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, limit);
  }

  async retryDead(id: string): Promise<void> {
    for (const name of this.knownNames()) {
      const job = await this.queue(name).getJob(id);
      if (job && (await job.isFailed())) {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return;
      }
    }
    throw new Error(`没有编号为 ${id} 的死信任务`);
  }

  /** Once per outage, not once per reconnection attempt. */
  private reportRedisError(error: Error): void {
    if (Date.now() - this.lastRedisError < 60_000) return;
    this.lastRedisError = Date.now();
    this.logger.error({ err: String(error) }, 'Redis 连接出错');
  }

  private knownNames(): string[] {
    return [...new Set([...this.definitions.keys(), ...this.queues.keys()])];
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.producer, prefix: this.prefix, skipWaitingForReady: true });
      queue.on('error', (error: Error) => this.reportRedisError(error));
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Idempotent: the job id comes from the outbox row, and BullMQ ignores an add with an existing id. */
  private async push(row: OutboxRow): Promise<void> {
    const definition = this.definitions.get(row.name) ?? jobDefinition(row.name, async () => {});
    await this.queue(row.name).add(row.name, JSON.parse(row.payload) as unknown, {
      jobId: bullJobId(row),
      delay: Math.max(0, Date.parse(row.run_at) - Date.now()),
      attempts: definition.maxAttempts,
      backoff: { type: 'exponential', delay: definition.backoffMs },
      removeOnComplete: { age: this.options.keepCompletedSeconds ?? 7 * 86_400 },
      removeOnFail: false,
    });
  }

  private async process(definition: JobDefinition, job: Job): Promise<void> {
    const jobId = String(job.id);
    const controller = new AbortController();
    const ctx: JobContext = {
      jobId,
      attempt: Math.max(job.attemptsStarted, job.attemptsMade + 1),
      database: this.database,
      signal: controller.signal,
      once: (step, fn) => runStepOnce(this.database, jobId, step, fn),
    };
    await runAttempt(() => definition.handler(job.data, ctx), definition.timeoutMs, controller);
  }
}

async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis ${ms} 毫秒内未响应`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
