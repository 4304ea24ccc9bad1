/*
 * How fast is a policy document's page (/documents/:id, ~30 KB), served by Gongkai alone, next to
 * nginx serving the same bytes as a static file, and through the nginx proxy_cache configuration
 * docs/operations.md recommends? Then: how long until a withdrawal and a publication show through
 * that cache (the target is 5 s). Run with `node bin/run-ts.js bench/document-page.ts`.
 *
 *   Gongkai: one Node.js process, SQLite with the demo library (~300 documents) plus one long
 *            policy (~9,000 characters, an interpretation, a repealed predecessor).
 *   nginx:   worker_processes 1; the static copy and the caching proxy are separate nginx runs.
 *   Targets (issue 3): Gongkai ≥ 0.25 × nginx; behind the proxy cache ≥ 0.9 × nginx.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importDocuments } from '../src/modules/documents/import.service.js';
import { publicationHooks } from '../src/modules/documents/publication.js';
import { findByExternalId } from '../src/modules/documents/documents.store.js';
import { addRelation } from '../src/modules/documents/validity.service.js';
import { withdrawDocument } from '../src/modules/documents/workflow.service.js';
import { openDatabase, type Database } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createSearchIndex } from '../src/platform/search/index.js';
import { ensureDefaultSite } from '../src/seed/default-site.js';
import { seedDemoLibrary } from '../src/seed/demo-library.js';
import { Bench, findNginx, loadgenLimitNote, nginxVersion, onCleanup, reportBackground, sleep, wrkBinary, type Row } from './harness.js';
import { generateDocument } from './search-data.js';

const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'no-pin': { type: 'boolean', default: false },
    nginx: { type: 'string', default: '' },
    loadgen: { type: 'string', default: 'auto' },
  },
});
// A 30 KB page: autocannon (JavaScript, one thread) tops out below nginx; wrk (C) goes further.
const wrk = opts.loadgen === 'autocannon' ? undefined : wrkBinary();
const bench = new Bench({ duration: Number(opts.duration), warmup: Number(opts.warmup), connections: Number(opts.connections), pin: !opts['no-pin'], wrk });
if (!(bench.options.duration > 0 && bench.options.warmup >= 0 && bench.options.connections > 0) || !['auto', 'wrk', 'autocannon'].includes(opts.loadgen) || (opts.loadgen === 'wrk' && !wrk)) {
  console.error('用法: node bin/run-ts.js bench/document-page.ts [--duration 10] [--warmup 3] [--connections 50] [--no-pin] [--nginx /usr/sbin/nginx] [--loadgen auto|wrk|autocannon]');
  process.exit(2);
}

/** The reverse-proxy cache of docs/operations.md, minus TLS and logging (keep the two in step). */
const proxyCacheHttp = (prefix: string, upstreamPort: number) => `
  proxy_cache_path ${prefix}/cache levels=1:2 keys_zone=gongkai:10m max_size=1g inactive=10m use_temp_path=off;
  upstream gongkai { server 127.0.0.1:${upstreamPort}; keepalive 64; }`;
const proxyCacheServer = `
    location / {
      proxy_pass http://gongkai;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_cache gongkai;
      proxy_cache_key $scheme$host$request_uri;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      proxy_cache_background_update on;
      proxy_cache_revalidate on;
      proxy_cache_use_stale error timeout http_500 http_502 http_503 http_504;
      proxy_cache_bypass $cookie_gk_sid;
      proxy_no_cache $cookie_gk_sid;
      add_header X-Cache-Status $upstream_cache_status always;
    }`;

async function prepareLibrary(dataDir: string): Promise<{ id: number; database: Database; site: { id: number; siteCode: string } }> {
  const database = openDatabase({ kind: 'sqlite', file: join(dataDir, 'gongkai.db') });
  await migrateToLatest(database);
  await ensureDefaultSite(database);
  const row = await database.db.selectFrom('sites').select(['id', 'footer']).where('is_default', '=', 1).executeTakeFirstOrThrow();
  const site = { id: row.id, siteCode: (JSON.parse(row.footer) as { siteCode: string }).siteCode };
  const hooks = publicationHooks(createSearchIndex(database));
  await seedDemoLibrary(database, site, hooks);
  const text = generateDocument(7, 20261125, 9000).body;
  const paragraphs = text.split(/(?<=。)/).reduce<string[]>((list, s) => {
    if (list.length && list[list.length - 1]!.length < 240) list[list.length - 1] += s;
    else list.push(s);
    return list;
  }, []);
  const body = paragraphs.map((p, i) => `<p>第${i + 1}条\u3000${p}</p>`).join('');
  const actor = { id: null, label: '基准测试', ip: '-', siteId: site.id };
  const lines = [
    { title: '上海市规划和自然资源局关于印发《上海市城市更新单元规划管理办法》的通知', docNumber: '沪规划资源规〔2026〕21号', issuer: ['上海市规划和自然资源局', '上海市住房和城乡建设管理委员会'], type: 'normative', publishedAt: '2026-03-01', theme: '城市更新', expiresAt: '2031-02-28', body, externalId: 'bench-long' },
    { title: '《上海市城市更新单元规划管理办法》政策解读', issuer: '上海市规划和自然资源局', type: 'interpretation', publishedAt: '2026-03-01', body: paragraphs.slice(0, 6).join('\n'), externalId: 'bench-long-jd' },
  ];
  const report = await importDocuments(database, site, lines.map((l) => JSON.stringify(l)), actor, hooks);
  if (report.errors.length) throw new Error(JSON.stringify(report.errors));
  const id = (await findByExternalId(database.db, site.id, 'bench-long'))!.id;
  const interpretation = (await findByExternalId(database.db, site.id, 'bench-long-jd'))!.id;
  await addRelation(database, { fromId: interpretation, toId: id, kind: 'interprets' }, actor, hooks);
  const older = await database.db.selectFrom('documents').select('id').where('type', '=', 'normative').where('validity', '=', 'current').where('id', '!=', id).orderBy('id').executeTakeFirst();
  if (older) await addRelation(database, { fromId: id, toId: older.id, kind: 'repeals' }, actor, hooks);
  return { id, database, site };
}

/** Polls `url` every 100 ms until `done(response text, status)`; the seconds it took, or NaN after 30 s. */
async function secondsUntil(url: string, done: (status: number, text: string) => boolean): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 30_000) {
    const response = await fetch(url);
    if (done(response.status, await response.text())) return (Date.now() - started) / 1000;
    await sleep(100);
  }
  return NaN;
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'gongkai-bench-doc-'));
  onCleanup(() => rm(work, { recursive: true, force: true }));
  const { duration, warmup, connections } = bench.options;
  console.log(`Gongkai 政策文件页面基准测试（回环地址，${bench.loadgen}）`);
  console.log(`  并发连接 ${connections}，每轮预热 ${warmup} 秒 + 测量 ${duration} 秒；本机 ${bench.cores} 个 CPU 核`);
  console.log(bench.describePinning());
  process.stdout.write('  准备演示文件库（约 300 份文件 + 1 份长文件）……');
  const dataDir = join(work, 'gongkai');
  const library = await prepareLibrary(dataDir);
  console.log(' 完成');
  await reportBackground();

  const gongkai = await bench.startGongkai(dataDir, `/documents/${library.id}`);
  console.log(`  文件页面 /documents/${library.id}：${gongkai.body.length.toLocaleString('en-US')} 字节，${gongkai.etag ? `ETag ${gongkai.etag}` : '无 ETag'}`);
  const binary = findNginx(opts.nginx);
  if (!binary) {
    console.log('\n  ⚠ 没有找到 nginx（Debian 软件包 nginx），只测 Gongkai。');
    const rows = [await bench.measure(gongkai, 'Gongkai 文件页面', 200)];
    bench.printTable(rows);
    return bench.reportProblems(rows);
  }
  const nginx = await bench.startNginx(binary, work, {
    name: 'nginx', dir: 'nginx-static', path: '/', files: { 'index.html': gongkai.body },
    server: (prefix) => `    root ${prefix}/html;\n    index index.html;`,
  });
  if (!Buffer.from(await (await fetch(nginx.url)).arrayBuffer()).equals(gongkai.body)) throw new Error('nginx 静态文件与 Gongkai 页面不一致');
  const upstreamPort = Number(new URL(gongkai.base).port);
  const proxied = await bench.startNginx(binary, work, {
    name: 'nginx proxy_cache', dir: 'nginx-proxy', path: `/documents/${library.id}`,
    extraHttp: proxyCacheHttp(join(work, 'nginx-proxy'), upstreamPort), server: () => proxyCacheServer,
  });
  const proxy = { ...proxied, alsoPids: [gongkai.pid] };
  const viaProxy = await fetch(proxy.url);
  if (!Buffer.from(await viaProxy.arrayBuffer()).equals(gongkai.body)) throw new Error('经 nginx 缓存取得的页面与 Gongkai 不一致');
  const second = await fetch(proxy.url);
  await second.arrayBuffer();
  console.log(`  ${nginxVersion(binary)}；代理缓存第二次请求：X-Cache-Status ${second.headers.get('x-cache-status')}，Cache-Control ${second.headers.get('cache-control')}`);

  console.log('');
  const rows: Row[] = [
    await bench.measure(gongkai, 'Gongkai 文件页面', 200),
    await bench.measure(nginx, 'nginx 静态文件（同一字节）', 200),
    await bench.measure(proxy, 'nginx proxy_cache → Gongkai', 200),
  ];
  if (gongkai.etag) rows.push(await bench.measure(gongkai, 'Gongkai If-None-Match', 304, { 'if-none-match': gongkai.etag }));
  bench.printTable(rows);
  const [g, n, p] = rows;
  console.log('');
  // When autocannon fills its core first, requests per second compare the load generator, not the
  // servers; requests per CPU-second of the server (and, behind the proxy, of Gongkai too) still do.
  const perCpu = (r: Row) => r.rps / Math.max(r.cpu, 0.01);
  console.log(`Gongkai / nginx：吞吐 ${(g!.rps / n!.rps).toFixed(2)} 倍，每 CPU 秒请求数 ${Math.round(perCpu(g!)).toLocaleString('en-US')} 对 ${Math.round(perCpu(n!)).toLocaleString('en-US')} = ${(perCpu(g!) / perCpu(n!)).toFixed(2)} 倍（目标 ≥ 0.25）；p99 ${g!.p99.toFixed(1)} ms 对 ${n!.p99.toFixed(1)} ms`);
  console.log(`nginx 代理缓存 / nginx 静态：吞吐 ${(p!.rps / n!.rps).toFixed(2)} 倍，每 CPU 秒请求数 ${Math.round(perCpu(p!)).toLocaleString('en-US')} = ${(perCpu(p!) / perCpu(n!)).toFixed(2)} 倍（目标 ≥ 0.9）；p99 ${p!.p99.toFixed(1)} ms`);
  for (const row of [n!, p!]) {
    const note = loadgenLimitNote(row);
    if (note) console.log(note);
  }

  // Freshness through the cache: another process (this one) withdraws and publishes, as a worker would.
  const hooks = publicationHooks(createSearchIndex(library.database));
  const withdrawn = await withdrawDocument(library.database, library.id, '基准测试：检验撤回生效时间', { id: null, label: '基准测试', ip: '-', siteId: library.site.id, roles: ['reviewer'] }, hooks);
  if (!withdrawn.ok) throw new Error('撤回失败');
  const goneAfter = await secondsUntil(proxy.url, (status) => status === 410);
  const home = proxy.url.replace(/\/documents\/\d+$/, '/');
  await (await fetch(home)).text();
  const title = `基准测试新发布文件${Date.now()}`;
  await importDocuments(library.database, library.site, [JSON.stringify({ title, issuer: '上海市规划和自然资源局', type: 'notice', publishedAt: '2099-01-01', body: '基准测试。', externalId: 'bench-new' })], { id: null, label: '基准测试', ip: '-', siteId: library.site.id }, hooks);
  const shownAfter = await secondsUntil(home, (_status, text) => text.includes(title));
  console.log(`经代理缓存：撤回后 ${goneAfter.toFixed(1)} 秒页面变为“已撤回”（410），发布后 ${shownAfter.toFixed(1)} 秒出现在首页“最新发布”（目标 ≤ 5 秒）`);
  await library.database.close();
  return bench.reportProblems(rows);
}

await bench.run(4, main);
