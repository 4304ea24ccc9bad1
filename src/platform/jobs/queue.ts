import type { Transaction } from 'kysely';
import type { Database, Queryable } from '../db/database.js';
import type { Schema } from '../db/schema.js';

/*
 * One queue interface, two implementations: the embedded table-backed runner (default) and
 * the BullMQ adapter (REDIS_URL). Delivery is at-least-once in both; a job's effects are
 * exactly-once when they happen inside ctx.once, whose step record commits in the same
 * transaction as the effects (see job-steps.ts).
 */

export interface JobContext {
  /** Stable across attempts; the key under which ctx.once records steps. */
  readonly jobId: string;
  /** 1 for the first attempt; an attempt cut short by a crash counts too. */
  readonly attempt: number;
  readonly database: Database;
  /** Aborted when the attempt timed out or its lease was lost: stop early, the job will be retried. */
  readonly signal: AbortSignal;
  /**
   * Runs fn in a transaction that also records (jobId, step) as done; a step already done by an
   * earlier attempt is skipped and yields undefined. Use trx (not ctx.database) inside fn.
   */
  once<T>(step: string, fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T | undefined>;
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>;

export interface JobOptions {
  /** Attempts before the job goes to the dead-letter list. Default 5. */
  maxAttempts?: number;
  /** Delay before the 2nd attempt; doubles after each failure. Default 1000. */
  backoffMs?: number;
  /** Jobs of this name run at the same time in one process. Default 1. */
  concurrency?: number;
  /** An attempt running longer fails (and ctx.signal aborts). Default 10 minutes. */
  timeoutMs?: number;
}

export interface EnqueueOptions {
  /** A second enqueue with the same key creates no job and returns {duplicate: true}. */
  idempotencyKey?: string;
  runAt?: Date;
  /** Write the job in the caller's transaction: nothing is enqueued if it rolls back. */
  trx?: Queryable;
}

export interface EnqueueResult {
  id: string;
  duplicate: boolean;
}

/** pending includes jobs waiting for a retry; dead jobs exhausted their attempts. */
export interface JobStats {
  pending: number;
  running: number;
  done: number;
  dead: number;
}

export interface DeadJob {
  id: string;
  name: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  failedAt: string | null;
}

export interface JobQueue {
  readonly kind: 'embedded' | 'bullmq';
  /** Every process that enqueues or runs a job defines it (options travel with the job). */
  define<P>(name: string, handler: JobHandler<P>, opts?: JobOptions): void;
  enqueue<P>(name: string, payload: P, opts?: EnqueueOptions): Promise<EnqueueResult>;
  /** Starts running defined jobs in this process. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones; closes connections the queue opened. */
  stop(): Promise<void>;
  stats(): Promise<JobStats>;
  /** Newest first. */
  listDead(limit?: number): Promise<DeadJob[]>;
  /** Puts a dead job back to pending with a fresh attempt count; steps already done stay done. */
  retryDead(id: string): Promise<void>;
}

/** What the queues log; pino's logger fits. */
export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const consoleJobLogger: JobLogger = {
  info: () => {},
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};

export interface JobDefinition {
  name: string;
  handler: JobHandler<unknown>;
  maxAttempts: number;
  backoffMs: number;
  concurrency: number;
  timeoutMs: number;
}

const jobName = /^[a-z][a-z0-9_.-]{0,99}$/i;

export function jobDefinition<P>(name: string, handler: JobHandler<P>, opts: JobOptions = {}): JobDefinition {
  if (!jobName.test(name)) throw new Error(`任务名不合规: ${JSON.stringify(name)}（字母开头，仅字母、数字、. _ -）`);
  const definition = {
    name,
    handler: handler as JobHandler<unknown>,
    maxAttempts: opts.maxAttempts ?? 5,
    backoffMs: opts.backoffMs ?? 1000,
    concurrency: opts.concurrency ?? 1,
    timeoutMs: opts.timeoutMs ?? 10 * 60_000,
  };
  for (const key of ['maxAttempts', 'concurrency', 'timeoutMs'] as const) {
    if (!Number.isInteger(definition[key]) || definition[key] < 1) throw new Error(`任务 ${name}: ${key} 须为正整数`);
  }
  if (!Number.isInteger(definition.backoffMs) || definition.backoffMs < 0) throw new Error(`任务 ${name}: backoffMs 须为非负整数`);
  return definition;
}

export function requireDefinition(definitions: Map<string, JobDefinition>, name: string): JobDefinition {
  const definition = definitions.get(name);
  if (!definition) throw new Error(`未定义的任务: ${name}（先 define 再 enqueue）`);
  return definition;
}

/** Delay after the given failed attempt (1-based): backoffMs · 2^(attempt-1), the same curve as BullMQ's 'exponential'. */
export function backoffDelayMs(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** (attempt - 1);
}

export class JobTimeoutError extends Error {
  constructor(ms: number) {
    super(`任务超时（${ms} 毫秒）`);
    this.name = 'JobTimeoutError';
  }
}

/** Runs one attempt; rejects on timeout or abort. The handler cannot be killed, only asked to stop via the signal. */
export async function runAttempt(run: () => Promise<void>, timeoutMs: number, controller: AbortController): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limits = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    onAbort = () => reject(controller.signal.reason);
    controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([run(), limits]);
  } finally {
    clearTimeout(timer);
    if (onAbort) controller.signal.removeEventListener('abort', onAbort);
  }
}

export function errorText(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.slice(0, 4000);
}

export function payloadJson(payload: unknown): string {
  return JSON.stringify(payload ?? null);
}
