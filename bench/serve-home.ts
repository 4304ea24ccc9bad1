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
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Bench, findNginx, loadgenLimitNote, nginxVersion, onCleanup, reportBackground, type Row, type Server } from './harness.js';

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
const bench = new Bench({ duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, pin: !opts['no-pin'] });

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'gongkai-bench-'));
  onCleanup(() => rm(work, { recursive: true, force: true }));

  console.log('Gongkai 首页基准测试（回环地址，autocannon）');
  console.log(`  并发连接 ${CONNECTIONS}，每轮预热 ${WARMUP} 秒 + 测量 ${DURATION} 秒；本机 ${bench.cores} 个 CPU 核`);
  console.log(bench.describePinning());
  console.log('  Gongkai：1 个 Node.js 进程（无集群模式），SQLite，LOG_LEVEL=silent，JOBS=off');
  await reportBackground();

  const gongkai = await bench.startGongkai(join(work, 'gongkai'));
  console.log(`  首页 ${gongkai.body.length.toLocaleString('en-US')} 字节，ETag ${gongkai.etag || '（无）'}`);

  const nginxBinary = findNginx(opts.nginx);
  let nginx: (Server & { etag: string }) | undefined;
  if (!nginxBinary) {
    console.log('\n  ⚠ 没有找到 nginx（Debian 软件包 nginx：apt-get install -y nginx），只测 Gongkai。');
  } else {
    const started = await bench.startNginx(nginxBinary, work, {
      name: 'nginx', dir: 'nginx', path: '/', files: { 'index.html': gongkai.body },
      server: (prefix) => `    root ${prefix}/html;\n    index index.html;`,
    });
    const response = await fetch(started.url);
    const served = Buffer.from(await response.arrayBuffer());
    if (!served.equals(gongkai.body)) throw new Error('nginx 返回的内容与 Gongkai 首页不一致');
    nginx = { ...started, etag: response.headers.get('etag') ?? '' };
    console.log(`  ${nginxVersion(nginxBinary)}：worker_processes 1，access_log off，同一份首页作为 index.html`);
  }

  console.log('');
  const rows: Row[] = [];
  rows.push(await bench.measure(gongkai, 'Gongkai GET /', 200));
  if (nginx) rows.push(await bench.measure(nginx, 'nginx GET /（静态文件）', 200));
  if (gongkai.etag) rows.push(await bench.measure(gongkai, 'Gongkai GET / If-None-Match', 304, { 'if-none-match': gongkai.etag }));
  if (nginx?.etag) rows.push(await bench.measure(nginx, 'nginx GET / If-None-Match', 304, { 'if-none-match': nginx.etag }));

  bench.printTable(rows);
  const [g200, n200, g304, n304] = [rows.find((r) => r.label === 'Gongkai GET /'), rows.find((r) => r.label.startsWith('nginx GET /（')), rows.find((r) => r.label === 'Gongkai GET / If-None-Match'), rows.find((r) => r.label === 'nginx GET / If-None-Match')];
  console.log('');
  if (g200 && n200) {
    console.log(`nginx / Gongkai（200）：吞吐 ${(n200.rps / g200.rps).toFixed(1)} 倍；p50 延迟 ${g200.p50.toFixed(1)} ms 对 ${n200.p50.toFixed(1)} ms，p99 ${g200.p99.toFixed(1)} ms 对 ${n200.p99.toFixed(1)} ms`);
    const note = loadgenLimitNote(n200);
    if (note) console.log(note);
  }
  if (g200 && g304) console.log(`Gongkai 304 / 200：吞吐 ${(g304.rps / g200.rps).toFixed(2)} 倍（304 仍要渲染页面并计算 ETag，只是不发送正文）`);
  if (n304 && g304) console.log(`nginx / Gongkai（304）：吞吐 ${(n304.rps / g304.rps).toFixed(1)} 倍`);
  return bench.reportProblems(rows);
}

await bench.run(4, main);
