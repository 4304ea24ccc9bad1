import { consoleJobLogger, errorText, type JobLogger, type JobQueue } from './queue.js';

/** A recurring job: daily at a wall-clock time in Asia/Shanghai, or every N minutes. */
export type Schedule = {
  /** Names the slots: the idempotency key of a run is `${name}@${slotStart}`. */
  name: string;
  /** The job (defined on the queue) to enqueue; its payload is { ...payload, slot }. */
  job: string;
  payload?: Record<string, unknown>;
} & ({ dailyAt: string } | { everyMinutes: number });

// China has observed no daylight saving time since 1991: Asia/Shanghai is always UTC+8.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function period(schedule: Schedule): number {
  return 'dailyAt' in schedule ? DAY_MS : schedule.everyMinutes * 60_000;
}

/** Start of the latest slot at or before `now`. Minute schedules are aligned to the epoch (so to the hour when N divides 60). */
export function slotStart(schedule: Schedule, now: Date): Date {
  if (!('dailyAt' in schedule)) {
    const every = period(schedule);
    return new Date(Math.floor(now.getTime() / every) * every);
  }
  const [hours, minutes] = schedule.dailyAt.split(':').map(Number) as [number, number];
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  let slot = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours, minutes) - SHANGHAI_OFFSET_MS;
  if (slot > now.getTime()) slot -= DAY_MS;
  return new Date(slot);
}

export function slotKey(schedule: Schedule, slot: Date): string {
  return `${schedule.name}@${slot.toISOString()}`;
}

function validate(schedule: Schedule): void {
  if ('dailyAt' in schedule) {
    const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(schedule.dailyAt);
    if (!match) throw new Error(`计划 ${schedule.name}: dailyAt 须为 HH:MM（北京时间），当前 ${schedule.dailyAt}`);
  } else if (!Number.isInteger(schedule.everyMinutes) || schedule.everyMinutes < 1) {
    throw new Error(`计划 ${schedule.name}: everyMinutes 须为正整数`);
  }
}

export interface SchedulerOptions {
  queue: JobQueue;
  schedules: Schedule[];
  logger?: JobLogger;
  /** The clock (tests). */
  now?: () => Date;
  /** Longest sleep between ticks, so a changed clock is noticed. Default 60 s. */
  maxSleepMs?: number;
}

/**
 * Enqueues each schedule's current slot, keyed by the slot: any number of schedulers (one per
 * process) enqueue a slot once, and a slot missed while every process was down runs once at
 * the next start (only the latest missed slot, not each one).
 */
export class Scheduler {
  private readonly now: () => Date;
  private readonly logger: JobLogger;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<unknown> | undefined;

  constructor(private readonly options: SchedulerOptions) {
    options.schedules.forEach(validate);
    const names = options.schedules.map((s) => s.name);
    if (new Set(names).size !== names.length) throw new Error('计划名重复');
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? consoleJobLogger;
  }

  /** Enqueues the current slot of every schedule; returns how many were new. */
  async tick(): Promise<number> {
    const now = this.now();
    let enqueued = 0;
    for (const schedule of this.options.schedules) {
      const slot = slotStart(schedule, now);
      try {
        const { duplicate } = await this.options.queue.enqueue(
          schedule.job,
          { ...schedule.payload, slot: slot.toISOString() },
          { idempotencyKey: slotKey(schedule, slot), runAt: slot },
        );
        if (!duplicate) enqueued += 1;
      } catch (error) {
        this.logger.error({ schedule: schedule.name, err: errorText(error) }, '定时任务入队失败');
      }
    }
    return enqueued;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.runTick();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
  }

  private async runTick(): Promise<void> {
    this.ticking = this.tick();
    await this.ticking;
    if (!this.running) return;
    const now = this.now().getTime();
    const nextSlot = Math.min(...this.options.schedules.map((s) => slotStart(s, new Date(now)).getTime() + period(s)));
    const sleep = Math.min(Math.max(nextSlot - now, 0) + 5, this.options.maxSleepMs ?? 60_000);
    this.timer = setTimeout(() => void this.runTick(), sleep);
  }
}
