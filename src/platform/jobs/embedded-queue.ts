import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../db/database.js';
import {
  buryAbandoned,
  claimJobs,
  completeJob,
  countJobs,
  failJob,
  insertJob,
  listDeadJobs,
  renewLease,
  reviveDeadJob,
  type JobRow,
} from './embedded-store.js';
import { runStepOnce } from './job-steps.js';
import {
  backoffDelayMs,
  consoleJobLogger,
  errorText,
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

export interface EmbeddedQueueOptions {
  database: Database;
  logger?: JobLogger;
  /** How often to look for due jobs when nothing wakes the runner. Default 500. */
  pollMs?: number;
  /** A claimed job is this worker's for leaseMs, renewed every leaseMs/3 while it runs. Default 30 s. */
  leaseMs?: number;
}

/** The durable table-backed runner: jobs in the `jobs` table, claimed with a lease, so several processes can share it. */
export class EmbeddedJobQueue implements JobQueue {
  readonly kind = 'embedded' as const;
  private readonly database: Database;
  private readonly logger: JobLogger;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly active = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private lastBurial = 0;

  constructor(options: EmbeddedQueueOptions) {
    this.database = options.database;
    this.logger = options.logger ?? consoleJobLogger;
    this.pollMs = options.pollMs ?? 500;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  define<P>(name: string, handler: JobHandler<P>, opts?: JobOptions): void {
    this.definitions.set(name, jobDefinition(name, handler, opts));
  }

  async enqueue<P>(name: string, payload: P, opts: EnqueueOptions = {}): Promise<EnqueueResult> {
    const definition = requireDefinition(this.definitions, name);
    const { id, duplicate } = await insertJob(opts.trx ?? this.database.db, {
      name,
      payload: payloadJson(payload),
      idempotencyKey: opts.idempotencyKey,
      runAt: opts.runAt ?? new Date(),
      maxAttempts: definition.maxAttempts,
    });
    // Inside a transaction the row is not visible yet: on SQLite the claim waits for the
    // connection and so runs after the commit; on PostgreSQL the next poll finds it.
    if (!duplicate) this.wake();
    return { id: String(id), duplicate };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  stats(): Promise<JobStats> {
    return countJobs(this.database);
  }

  listDead(limit = 50): Promise<DeadJob[]> {
    return listDeadJobs(this.database, limit);
  }

  async retryDead(id: string): Promise<void> {
    if (!(await reviveDeadJob(this.database, Number(id)))) throw new Error(`没有编号为 ${id} 的死信任务`);
    this.wake();
  }

  private wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      this.woken = false;
      try {
        await this.claimAndRun();
      } catch (error) {
        this.logger.error({ err: errorText(error) }, '任务轮询失败');
      }
      if (!this.running || this.woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async claimAndRun(): Promise<void> {
    if (Date.now() - this.lastBurial > Math.min(this.leaseMs, 5000)) {
      this.lastBurial = Date.now();
      const buried = await buryAbandoned(this.database);
      if (buried > 0) this.logger.warn({ count: buried }, '进程中断的任务已无剩余尝试次数，转入死信');
    }
    for (const definition of this.definitions.values()) {
      const free = definition.concurrency - (this.active.get(definition.name) ?? 0);
      if (free <= 0 || !this.running) continue;
      const rows = await claimJobs(this.database, definition.name, free, this.workerId, this.leaseMs);
      for (const row of rows) this.launch(definition, row);
    }
  }

  private launch(definition: JobDefinition, row: JobRow): void {
    this.active.set(definition.name, (this.active.get(definition.name) ?? 0) + 1);
    const task = this.execute(definition, row).finally(() => {
      this.active.set(definition.name, (this.active.get(definition.name) ?? 1) - 1);
      this.inFlight.delete(task);
      this.wake();
    });
    this.inFlight.add(task);
  }

  private async execute(definition: JobDefinition, row: JobRow): Promise<void> {
    const attempt = row.attempts;
    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      renewLease(this.database, row.id, attempt, this.leaseMs).then(
        (held) => {
          if (!held) controller.abort(new Error('租约已被其他进程接管'));
        },
        (error: unknown) => this.logger.warn({ jobId: row.id, err: errorText(error) }, '续租失败'),
      );
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    const ctx: JobContext = {
      jobId: String(row.id),
      attempt,
      database: this.database,
      signal: controller.signal,
      once: (step, fn) => runStepOnce(this.database, String(row.id), step, fn),
    };
    try {
      await runAttempt(() => definition.handler(JSON.parse(row.payload), ctx), definition.timeoutMs, controller);
      if (!(await completeJob(this.database, row.id, attempt))) {
        this.logger.warn({ jobId: row.id, attempt }, '任务已完成，但租约已被接管；由接管者收尾');
      }
    } catch (error) {
      const exhausted = attempt >= row.max_attempts;
      const retryAt = exhausted ? null : new Date(Date.now() + backoffDelayMs(definition.backoffMs, attempt));
      const recorded = await failJob(this.database, row.id, attempt, errorText(error), retryAt).catch((dbError: unknown) => {
        this.logger.error({ jobId: row.id, err: errorText(dbError) }, '记录任务失败时出错；租约过期后重试');
        return false;
      });
      if (recorded) {
        this.logger.warn({ jobId: row.id, name: row.name, attempt, dead: exhausted, err: errorText(error) }, exhausted ? '任务转入死信' : '任务失败，将重试');
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
}
