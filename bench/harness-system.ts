/*
 * The system side of the HTTP benchmarks (bench/harness.ts): autocannon, ports, child processes,
 * CPU accounting from /proc, and clean-up on every exit path.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- autocannon (untyped package)

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total?: number;
}
export interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  throughput: Histogram & { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
export type Autocannon = (options: { url: string; connections: number; duration: number; headers?: Record<string, string>; timeout?: number }) => Promise<AutocannonResult>;

export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- processes and clean-up

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error('清理时出错：', (error as Error).message);
      }
    }
  })();
  return cleaning;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  if (!(await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]))) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** CPU seconds (user + system) used so far by a process and its direct children (nginx workers). */
export async function cpuSeconds(pid: number): Promise<number> {
  const ticks = 100; // USER_HZ on Linux
  const one = async (p: number) => {
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / ticks;
  };
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(/\s+/).filter(Boolean).map(Number);
  const all = await Promise.all([pid, ...children].map(one));
  return all.reduce((a, b) => a + b, 0);
}

export type CoreTimes = Map<string, { busy: number; total: number }>;

/** Busy share of each CPU core between two readings of /proc/stat (includes softirq: loopback TCP). */
export async function coreTimes(): Promise<CoreTimes> {
  const text = await readFile('/proc/stat', 'utf8').catch(() => '');
  const times: CoreTimes = new Map();
  for (const line of text.split('\n')) {
    const match = /^(cpu\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const n = match[2]!.split(/\s+/).map(Number);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    times.set(match[1]!, { busy: total - idle, total });
  }
  return times;
}
export function coreBusy(before: CoreTimes, after: CoreTimes, core: number): number {
  const a = before.get(`cpu${core}`);
  const b = after.get(`cpu${core}`);
  if (!a || !b || b.total === a.total) return NaN;
  return (b.busy - a.busy) / (b.total - a.total);
}

/** Busy share of every core over one idle second before the runs; prints it and warns when the machine is not quiet. */
export async function reportBackground(): Promise<void> {
  const before = await coreTimes();
  await sleep(1_000);
  const after = await coreTimes();
  const busy = [...after.keys()].map((core) => coreBusy(before, after, Number(core.slice(3))));
  console.log(`  开始前 1 秒各核忙碌：${busy.map((b) => `${Math.round(b * 100)}%`).join(' / ')}`);
  if (Math.max(...busy.filter((b) => !Number.isNaN(b)), 0) > 0.1) console.log('  ⚠ 机器上还有其他负载：结果会偏低且不稳定，请在空闲时重测。');
}

export async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`进程提前退出（代码 ${child.exitCode}）：\n${log()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${url} 在 ${timeoutMs / 1000} 秒内没有响应：\n${log()}`);
}

export function findNginx(explicit?: string): string | undefined {
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v nginx']);
  const found = which.stdout?.toString().trim();
  return found || undefined;
}

export const nginxVersion = (binary: string): string => spawnSync(binary, ['-v']).stderr.toString().trim();


/** What one load run measured, whichever generator ran it. */
export interface LoadResult {
  total: number;
  /** Seconds. */
  duration: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  avg: number;
  bytes: number;
  /** Responses with the wrong status (autocannon: not the expected one; wrk: not 2xx/3xx). */
  unexpected: number;
  errors: number;
}

export async function runAutocannon(url: string, connections: number, duration: number, headers: Record<string, string>, expectedStatus: number): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration, headers, timeout: 10 });
  const total = result.requests.total;
  const matching = Number(result.statusCodeStats[String(expectedStatus)]?.count ?? 0);
  return {
    total, duration: result.duration, p50: result.latency.p50, p99: result.latency.p99, avg: result.latency.average,
    bytes: result.throughput.total, unexpected: total - matching, errors: result.errors + result.timeouts,
  };
}

const toMs = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? 1);
const toBytes = (value: string, unit: string) => Number(value) * ({ B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[unit] ?? 1);

/** One wrk run (one thread: it is pinned to one core) as a child process; its report parsed. */
export async function runWrk(command: [string, string[]], url: string, connections: number, duration: number, headers: Record<string, string>): Promise<LoadResult> {
  const [cmd, prefix] = command;
  const args = [...prefix, '-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '10s', '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const totals = /(\d+) requests in ([\d.]+)(us|ms|s|m), ([\d.]+)(B|KB|MB|GB) read/.exec(out);
  if (code !== 0 || !totals) throw new Error(`wrk 运行失败：\n${out}`);
  const latency = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s|m)`).exec(out);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    total: Number(totals[1]),
    duration: toMs(totals[2]!, totals[3]!) / 1000,
    p50: latency('50%'),
    p99: latency('99%'),
    avg: latency('Latency'),
    bytes: toBytes(totals[4]!, totals[5]!),
    unexpected: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    // wrk counts a closed keep-alive connection as a read error; connect, write and timeout errors are real.
    errors: socket ? Number(socket[1]) + Number(socket[3]) + Number(socket[4]) : 0,
  };
}

export const wrkBinary = (): string | undefined => {
  const found = spawnSync('sh', ['-c', 'command -v wrk']).stdout?.toString().trim();
  return found || undefined;
};
