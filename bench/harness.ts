/*
 * What the HTTP benchmarks share: Gongkai and nginx as pinned child processes, autocannon runs
 * with CPU accounting and the result table. Used by bench/serve-home.ts and
 * bench/document-page.ts (see bench/README.md for the method).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { cleanUp, coreBusy, coreTimes, cpuSeconds, freePort, onCleanup, repoRoot, runAutocannon, runWrk, stopChild, waitForHttp } from './harness-system.js';

export { findNginx, nginxVersion, onCleanup, reportBackground, sleep, wrkBinary } from './harness-system.js';

export interface BenchOptions {
  duration: number;
  warmup: number;
  connections: number;
  /** Pin the servers to core 1 and the load generator to core 0 (when there are two cores and taskset). */
  pin: boolean;
  /** The load generator: autocannon (in this process, the default) or a wrk binary (one thread, a child process). */
  wrk?: string;
}

export interface Server {
  name: string;
  url: string;
  pid: number;
  /** Other processes whose CPU counts for this server (the app behind a caching proxy). */
  alsoPids?: number[];
}

export interface Row {
  label: string;
  expectedStatus: number;
  rps: number;
  p50: number;
  p99: number;
  avg: number;
  /** CPU time of the server process(es) per second of wall time (1 = one full core). */
  cpu: number;
  /** Busy share of the server's and the load generator's cores (when pinned; anything else running there counts too). */
  serverCore: number;
  loadgenCpu: number;
  bytesPerResponse: number;
  unexpected: number;
  errors: number;
}

// ---------------------------------------------------------------- the harness

const SERVER_CORE = 1;
const LOADGEN_CORE = 0;

export class Bench {
  readonly cores = availableParallelism();
  readonly canPin: boolean;

  constructor(readonly options: BenchOptions) {
    this.canPin = options.pin && this.cores >= 2 && spawnSync('taskset', ['--version']).status === 0;
    if (this.canPin) {
      // -a: every thread of this process (autocannon runs on the main thread; libuv's pool too).
      const pinned = spawnSync('taskset', ['-a', '-cp', String(LOADGEN_CORE), String(process.pid)]);
      if (pinned.status !== 0) console.warn('无法固定压测进程的 CPU：', pinned.stderr.toString().trim());
    }
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(`\n收到 ${signal}，正在停止……`);
        void cleanUp().then(() => process.exit(130));
      });
    }
  }

  describePinning(): string {
    return this.canPin
      ? `  CPU 固定：服务端进程在第 ${SERVER_CORE} 号核，压测进程（${this.loadgen}）在第 ${LOADGEN_CORE} 号核——双方各占一核`
      : '  未固定 CPU（--no-pin、只有一个核或没有 taskset）：服务端与压测进程共享 CPU，结果偏保守';
  }

  pinnedCommand(command: string, args: string[]): [string, string[]] {
    return this.canPin ? ['taskset', ['-c', String(SERVER_CORE), command, ...args]] : [command, args];
  }

  /** Runs main with a hard time limit for `runs` measured runs; cleans up and exits whatever happens. */
  async run(runs: number, main: () => Promise<number>): Promise<never> {
    const { duration, warmup } = this.options;
    const hardLimitMs = (runs * (duration + warmup) + 120) * 1000;
    const hardLimit = setTimeout(() => {
      console.error(`\n基准测试超过 ${Math.round(hardLimitMs / 1000)} 秒仍未结束，强制停止。`);
      void cleanUp().then(() => process.exit(1));
    }, hardLimitMs);
    let code = 1;
    try {
      code = await main();
    } catch (error) {
      console.error(`\n基准测试失败：${(error as Error).message}`);
    } finally {
      await cleanUp();
      clearTimeout(hardLimit);
    }
    process.exit(code);
  }

  /**
   * Starts `gongkai serve` on a free loopback port (production mode, silent log, no jobs, no
   * practical rate limit) over the SQLite database in `dataDir` (created when missing).
   */
  async startGongkai(dataDir: string, path = '/'): Promise<Server & { base: string; etag: string; body: Buffer }> {
    const port = await freePort();
    await mkdir(dataDir, { recursive: true });
    const log: string[] = [];
    const [command, args] = this.pinnedCommand(process.execPath, [join(repoRoot, 'bin/gongkai.js'), 'serve']);
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? dataDir,
        NODE_ENV: 'production',
        SESSION_SECRET: 'bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dataDir, 'gongkai.db')}`,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        JOBS: 'off',
        RATE_LIMIT_PER_MINUTE: '1000000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
    onCleanup(() => stopChild(child));
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, child, () => log.join(''));
    const url = `${base}${path}`;
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`Gongkai ${path} 返回 ${response.status}`);
    const etag = response.headers.get('etag') ?? '';
    const body = Buffer.from(await response.arrayBuffer());
    return { name: 'Gongkai', url, base, pid: child.pid ?? 0, etag, body };
  }

  /**
   * Starts nginx in the foreground with one worker and a generated configuration: the common
   * `http` settings, `extraHttp` (e.g. a proxy_cache_path), and one server listening on a free
   * loopback port whose body `server(prefix)` writes. `files` go into `${prefix}/html`.
   */
  async startNginx(binary: string, work: string, opts: { name: string; dir: string; path: string; files?: Record<string, Buffer>; extraHttp?: string; server: (prefix: string) => string }): Promise<Server> {
    const prefix = join(work, opts.dir);
    const html = join(prefix, 'html');
    await mkdir(html, { recursive: true });
    for (const dir of ['logs', 'tmp', 'cache']) await mkdir(join(prefix, dir), { recursive: true });
    for (const [name, data] of Object.entries(opts.files ?? {})) {
      await writeFile(join(html, name), data);
      await chmod(join(html, name), 0o644);
    }
    // nginx workers may drop privileges (to nobody when started as root): make the files readable and the cache writable.
    for (const path of [work, prefix, html]) await chmod(path, 0o755);
    for (const dir of ['tmp', 'cache']) await chmod(join(prefix, dir), 0o777);
    const port = await freePort();
    const conf = join(prefix, 'nginx.conf');
    await writeFile(
      conf,
      `# Generated by bench/harness.ts
worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  types { text/html html; }
  default_type application/octet-stream;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path ${prefix}/tmp/client_body;
  proxy_temp_path ${prefix}/tmp/proxy;
  fastcgi_temp_path ${prefix}/tmp/fastcgi;
  uwsgi_temp_path ${prefix}/tmp/uwsgi;
  scgi_temp_path ${prefix}/tmp/scgi;
${opts.extraHttp ?? ''}
  server {
    listen 127.0.0.1:${port};
${opts.server(prefix)}
  }
}
`,
    );
    const log: string[] = [];
    const [command, args] = this.pinnedCommand(binary, ['-p', prefix, '-e', join(prefix, 'logs/error.log'), '-c', conf]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
    // SIGQUIT: graceful stop of master and worker (daemon off, so the master is our child).
    onCleanup(() => stopChild(child, 'SIGQUIT'));
    const url = `http://127.0.0.1:${port}${opts.path}`;
    try {
      await waitForHttp(url, child, () => log.join(''), 15_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${log.join('')}${await readFile(join(prefix, 'logs/error.log'), 'utf8').catch(() => '')}`);
    }
    return { name: opts.name, url, pid: child.pid ?? 0 };
  }

  /** The load generator's name, for the report. */
  get loadgen(): string {
    return this.options.wrk ? 'wrk（1 个线程）' : 'autocannon';
  }

  async measure(server: Server, label: string, expectedStatus: number, headers: Record<string, string> = {}): Promise<Row> {
    const { duration, warmup, connections, wrk } = this.options;
    const wrkCommand: [string, string[]] | undefined = wrk ? (this.canPin ? ['taskset', ['-c', String(LOADGEN_CORE), wrk]] : [wrk, []]) : undefined;
    const load = (seconds: number) =>
      wrkCommand ? runWrk(wrkCommand, server.url, connections, seconds, headers) : runAutocannon(server.url, connections, seconds, headers, expectedStatus);
    process.stdout.write(`  ${label}：预热 ${warmup} 秒……`);
    if (warmup > 0) await load(warmup);
    process.stdout.write(` 测量 ${duration} 秒……`);
    const serverCpu = async () => (await Promise.all([server.pid, ...(server.alsoPids ?? [])].map(cpuSeconds))).reduce((a, b) => a + b, 0);
    const cpuBefore = await serverCpu();
    const ownBefore = process.cpuUsage();
    const coresBefore = await coreTimes();
    const started = process.hrtime.bigint();
    const result = await load(duration);
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = (await serverCpu()) - cpuBefore;
    const own = process.cpuUsage(ownBefore);
    const coresAfter = await coreTimes();
    process.stdout.write(' 完成\n');
    return {
      label,
      expectedStatus,
      rps: result.total / result.duration,
      p50: result.p50,
      p99: result.p99,
      avg: result.avg,
      cpu: cpu / wall,
      serverCore: coreBusy(coresBefore, coresAfter, SERVER_CORE),
      loadgenCpu: this.canPin ? coreBusy(coresBefore, coresAfter, LOADGEN_CORE) : (own.user + own.system) / 1e6 / wall,
      bytesPerResponse: result.total ? result.bytes / result.total : 0,
      unexpected: result.unexpected,
      errors: result.errors,
    };
  }

  printTable(rows: Row[]) {
    const pinned = this.canPin;
    const header = ['运行', '状态', '请求/秒', 'p50 ms', 'p99 ms', '平均 ms', '服务端进程 CPU', ...(pinned ? ['服务端核忙'] : []), pinned ? '压测核忙' : '压测进程 CPU', '字节/响应', '异常'];
    const lines = rows.map((r) => [
      r.label,
      String(r.expectedStatus),
      Math.round(r.rps).toLocaleString('en-US'),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      r.avg.toFixed(2),
      `${Math.round(r.cpu * 100)}%`,
      ...(pinned ? [`${Math.round(r.serverCore * 100)}%`] : []),
      `${Math.round(r.loadgenCpu * 100)}%`,
      Math.round(r.bytesPerResponse).toLocaleString('en-US'),
      String(r.unexpected + r.errors),
    ]);
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
    const cols = header.map((h, i) => Math.max(width(h), ...lines.map((l) => width(l[i] ?? ''))));
    const pad = (s: string, i: number) => (i === 0 ? s + ' '.repeat(cols[i]! - width(s)) : ' '.repeat(cols[i]! - width(s)) + s);
    console.log(`\n${header.map(pad).join('  ')}`);
    console.log(cols.map((c) => '-'.repeat(c)).join('  '));
    for (const l of lines) console.log(l.map(pad).join('  '));
  }

  /** Prints the rows that had unexpected statuses or errors; returns the exit code (0 when none). */
  reportProblems(rows: Row[]): number {
    const bad = rows.filter((r) => r.unexpected + r.errors > 0);
    for (const r of bad) console.log(`⚠ ${r.label}：${r.unexpected} 个响应的状态不是 ${r.expectedStatus}，${r.errors} 个连接错误或超时`);
    return bad.length === 0 ? 0 : 1;
  }
}

/** A note when the load generator, not nginx, was the limit of an nginx run (its figure is then a lower bound). */
export function loadgenLimitNote(row: Row): string | undefined {
  if (row.loadgenCpu > 0.9 && row.cpu < 0.9) {
    return `  注意：测 ${row.label} 时压测端已满（${Math.round(row.loadgenCpu * 100)}%）而 nginx 进程只用了一个核的 ${Math.round(row.cpu * 100)}%：瓶颈在压测端，nginx 的真实上限更高，倍数是下限。`;
  }
  return undefined;
}
