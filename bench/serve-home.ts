/*
 * How fast does Gongkai serve its home page, next to nginx serving the very same bytes as a
 * static file? Run with `node bin/run-ts.js bench/serve-home.ts` (see bench/README.md).
 *
 *   Gongkai: one Node.js process (it has no cluster mode), SQLite, LOG_LEVEL=silent, JOBS=off.
 *   nginx:   worker_processes 1, access_log off, the home page saved as index.html.
 *   Load:    autocannon in this process, same connections and duration for every run, loopback.
 *
 * On a machine with two or more cores the servers are pinned to one core and this process
 * (the load generator) to another, so each side gets exactly one core: a fair one-process fight.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// ---------------------------------------------------------------- autocannon (untyped package)

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
  total?: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  throughput: Histogram & { total: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  timeout?: number;
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---------------------------------------------------------------- options

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'no-pin': { type: 'boolean', default: false },
    nginx: { type: 'string', default: '' },
  },
});
const DURATION = Number(opts.duration);
const WARMUP = Number(opts.warmup);
const CONNECTIONS = Number(opts.connections);
if (!(DURATION > 0 && WARMUP >= 0 && CONNECTIONS > 0)) {
  console.error('用法: node bin/run-ts.js bench/serve-home.ts [--duration 10] [--warmup 3] [--connections 50] [--no-pin] [--nginx /usr/sbin/nginx]');
  process.exit(2);
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- processes and clean-up

const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n收到 ${signal}，正在停止……`);
    void cleanUp().then(() => process.exit(130));
  });
}

/** Every run is bounded: warm-ups, measured runs and start-up, with a generous margin. */
const hardLimitMs = (4 * (DURATION + WARMUP) + 120) * 1000;
const hardLimit = setTimeout(() => {
  console.error(`\n基准测试超过 ${Math.round(hardLimitMs / 1000)} 秒仍未结束，强制停止。`);
  void cleanUp().then(() => process.exit(1));
}, hardLimitMs);

function freePort(): Promise<number> {
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

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  if (!(await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]))) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** CPU seconds (user + system) used so far by a process and its direct children (nginx workers). */
async function cpuSeconds(pid: number): Promise<number> {
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

/** Busy share of each CPU core between two readings of /proc/stat (includes softirq: loopback TCP). */
async function coreTimes(): Promise<Map<string, { busy: number; total: number }>> {
  const text = await readFile('/proc/stat', 'utf8').catch(() => '');
  const times = new Map<string, { busy: number; total: number }>();
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
function coreBusy(before: Map<string, { busy: number; total: number }>, after: Map<string, { busy: number; total: number }>, core: number): number {
  const a = before.get(`cpu${core}`);
  const b = after.get(`cpu${core}`);
  if (!a || !b || b.total === a.total) return NaN;
  return (b.busy - a.busy) / (b.total - a.total);
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000) {
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

// ---------------------------------------------------------------- CPU pinning

const cores = availableParallelism();
const canPin = !opts['no-pin'] && cores >= 2 && spawnSync('taskset', ['--version']).status === 0;
const SERVER_CORE = 1;
const LOADGEN_CORE = 0;
if (canPin) {
  // -a: every thread of this process (autocannon runs on the main thread; libuv's pool too).
  const pinned = spawnSync('taskset', ['-a', '-cp', String(LOADGEN_CORE), String(process.pid)]);
  if (pinned.status !== 0) console.warn('无法固定压测进程的 CPU：', pinned.stderr.toString().trim());
}
const pinnedCommand = (command: string, args: string[]): [string, string[]] =>
  canPin ? ['taskset', ['-c', String(SERVER_CORE), command, ...args]] : [command, args];

// ---------------------------------------------------------------- servers

interface Server {
  name: string;
  url: string;
  pid: number;
}

async function startGongkai(work: string): Promise<Server & { etag: string; body: Buffer }> {
  const port = await freePort();
  const dataDir = join(work, 'gongkai');
  await mkdir(dataDir, { recursive: true });
  const log: string[] = [];
  const [command, args] = pinnedCommand(process.execPath, [join(repoRoot, 'bin/gongkai.js'), 'serve']);
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? work,
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
  cleanups.push(() => stopChild(child));
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(`${url}healthz`, child, () => log.join(''));
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`Gongkai 首页返回 ${response.status}`);
  const etag = response.headers.get('etag') ?? '';
  const body = Buffer.from(await response.arrayBuffer());
  return { name: 'Gongkai', url, pid: child.pid ?? 0, etag, body };
}

function findNginx(): string | undefined {
  if (opts.nginx) return existsSync(opts.nginx) ? opts.nginx : undefined;
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v nginx']);
  const found = which.stdout?.toString().trim();
  return found || undefined;
}

async function startNginx(binary: string, work: string, body: Buffer): Promise<Server & { etag: string }> {
  const prefix = join(work, 'nginx');
  const html = join(prefix, 'html');
  await mkdir(html, { recursive: true });
  for (const dir of ['logs', 'tmp']) await mkdir(join(prefix, dir), { recursive: true });
  await writeFile(join(html, 'index.html'), body);
  // nginx workers may drop privileges (to nobody when started as root): make the files readable.
  for (const path of [work, prefix, html]) await chmod(path, 0o755);
  await chmod(join(html, 'index.html'), 0o644);
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  await writeFile(
    conf,
    `# Generated by bench/serve-home.ts
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
  server {
    listen 127.0.0.1:${port};
    root ${html};
    index index.html;
  }
}
`,
  );
  const log: string[] = [];
  const [command, args] = pinnedCommand(binary, ['-p', prefix, '-e', join(prefix, 'logs/error.log'), '-c', conf]);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  // SIGQUIT: graceful stop of master and worker (daemon off, so the master is our child).
  cleanups.push(() => stopChild(child, 'SIGQUIT'));
  const url = `http://127.0.0.1:${port}/`;
  const errorLog = async () => `${log.join('')}${await readFile(join(prefix, 'logs/error.log'), 'utf8').catch(() => '')}`;
  try {
    await waitForHttp(url, child, () => log.join(''), 15_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await errorLog()}`);
  }
  const response = await fetch(url);
  const served = Buffer.from(await response.arrayBuffer());
  if (!served.equals(body)) throw new Error('nginx 返回的内容与 Gongkai 首页不一致');
  return { name: 'nginx', url, pid: child.pid ?? 0, etag: response.headers.get('etag') ?? '' };
}

// ---------------------------------------------------------------- measuring

interface Row {
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

async function measure(server: Server, label: string, expectedStatus: number, headers: Record<string, string> = {}): Promise<Row> {
  process.stdout.write(`  ${label}：预热 ${WARMUP} 秒……`);
  if (WARMUP > 0) await autocannon({ url: server.url, connections: CONNECTIONS, duration: WARMUP, headers });
  process.stdout.write(` 测量 ${DURATION} 秒……`);
  const cpuBefore = await cpuSeconds(server.pid);
  const ownBefore = process.cpuUsage();
  const coresBefore = await coreTimes();
  const started = process.hrtime.bigint();
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, duration: DURATION, headers, timeout: 10 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (await cpuSeconds(server.pid)) - cpuBefore;
  const own = process.cpuUsage(ownBefore);
  const coresAfter = await coreTimes();
  const total = result.requests.total;
  const matching = Number(result.statusCodeStats[String(expectedStatus)]?.count ?? 0);
  process.stdout.write(' 完成\n');
  return {
    label,
    expectedStatus,
    rps: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    avg: result.latency.average,
    cpu: cpu / wall,
    serverCore: coreBusy(coresBefore, coresAfter, SERVER_CORE),
    loadgenCpu: canPin ? coreBusy(coresBefore, coresAfter, LOADGEN_CORE) : (own.user + own.system) / 1e6 / wall,
    bytesPerResponse: total ? result.throughput.total / total : 0,
    unexpected: total - matching,
    errors: result.errors + result.timeouts,
  };
}

function printTable(rows: Row[]) {
  const header = ['运行', '状态', '请求/秒', 'p50 ms', 'p99 ms', '平均 ms', '服务端进程 CPU', ...(canPin ? ['服务端核忙'] : []), canPin ? '压测核忙' : '压测进程 CPU', '字节/响应', '异常'];
  const lines = rows.map((r) => [
    r.label,
    String(r.expectedStatus),
    Math.round(r.rps).toLocaleString('en-US'),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.avg.toFixed(2),
    `${Math.round(r.cpu * 100)}%`,
    ...(canPin ? [`${Math.round(r.serverCore * 100)}%`] : []),
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

// ---------------------------------------------------------------- main

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'gongkai-bench-'));
  cleanups.push(() => rm(work, { recursive: true, force: true }));

  console.log('Gongkai 首页基准测试（回环地址，autocannon）');
  console.log(`  并发连接 ${CONNECTIONS}，每轮预热 ${WARMUP} 秒 + 测量 ${DURATION} 秒；本机 ${cores} 个 CPU 核`);
  console.log(
    canPin
      ? `  CPU 固定：服务端进程在第 ${SERVER_CORE} 号核，压测进程（autocannon）在第 ${LOADGEN_CORE} 号核——双方各占一核`
      : '  未固定 CPU（--no-pin、只有一个核或没有 taskset）：服务端与压测进程共享 CPU，结果偏保守',
  );
  console.log('  Gongkai：1 个 Node.js 进程（无集群模式），SQLite，LOG_LEVEL=silent，JOBS=off');

  const idleBefore = await coreTimes();
  await sleep(1_000);
  const idleAfter = await coreTimes();
  const background = [...idleAfter.keys()].map((core) => coreBusy(idleBefore, idleAfter, Number(core.slice(3))));
  const backgroundMax = Math.max(...background.filter((b) => !Number.isNaN(b)), 0);
  console.log(`  开始前 1 秒各核忙碌：${background.map((b) => `${Math.round(b * 100)}%`).join(' / ')}`);
  if (backgroundMax > 0.1) console.log('  ⚠ 机器上还有其他负载：结果会偏低且不稳定，请在空闲时重测。');

  const gongkai = await startGongkai(work);
  console.log(`  首页 ${gongkai.body.length.toLocaleString('en-US')} 字节，ETag ${gongkai.etag || '（无）'}`);

  const nginxBinary = findNginx();
  let nginx: (Server & { etag: string }) | undefined;
  if (!nginxBinary) {
    console.log('\n  ⚠ 没有找到 nginx（Debian 软件包 nginx：apt-get install -y nginx），只测 Gongkai。');
  } else {
    nginx = await startNginx(nginxBinary, work, gongkai.body);
    const version = spawnSync(nginxBinary, ['-v']).stderr.toString().trim();
    console.log(`  ${version}：worker_processes 1，access_log off，同一份首页作为 index.html`);
  }

  console.log('');
  const rows: Row[] = [];
  rows.push(await measure(gongkai, 'Gongkai GET /', 200));
  if (nginx) rows.push(await measure(nginx, 'nginx GET /（静态文件）', 200));
  if (gongkai.etag) rows.push(await measure(gongkai, 'Gongkai GET / If-None-Match', 304, { 'if-none-match': gongkai.etag }));
  if (nginx?.etag) rows.push(await measure(nginx, 'nginx GET / If-None-Match', 304, { 'if-none-match': nginx.etag }));

  printTable(rows);
  const [g200, n200, g304, n304] = [rows.find((r) => r.label === 'Gongkai GET /'), rows.find((r) => r.label.startsWith('nginx GET /（')), rows.find((r) => r.label === 'Gongkai GET / If-None-Match'), rows.find((r) => r.label === 'nginx GET / If-None-Match')];
  console.log('');
  if (g200 && n200) {
    console.log(`nginx / Gongkai（200）：吞吐 ${(n200.rps / g200.rps).toFixed(1)} 倍；p50 延迟 ${g200.p50.toFixed(1)} ms 对 ${n200.p50.toFixed(1)} ms，p99 ${g200.p99.toFixed(1)} ms 对 ${n200.p99.toFixed(1)} ms`);
    if (n200.loadgenCpu > 0.9 && n200.cpu < 0.9) {
      console.log(`  注意：测 nginx 时压测端已满（${Math.round(n200.loadgenCpu * 100)}%）而 nginx 进程只用了一个核的 ${Math.round(n200.cpu * 100)}%：瓶颈在 autocannon，nginx 的真实上限更高，倍数是下限。`);
    }
  }
  if (g200 && g304) console.log(`Gongkai 304 / 200：吞吐 ${(g304.rps / g200.rps).toFixed(2)} 倍（304 仍要渲染页面并计算 ETag，只是不发送正文）`);
  if (n304 && g304) console.log(`nginx / Gongkai（304）：吞吐 ${(n304.rps / g304.rps).toFixed(1)} 倍`);
  const bad = rows.filter((r) => r.unexpected + r.errors > 0);
  for (const r of bad) console.log(`⚠ ${r.label}：${r.unexpected} 个响应的状态不是 ${r.expectedStatus}，${r.errors} 个连接错误或超时`);
  return bad.length === 0 ? 0 : 1;
}

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
