import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { createGongkai, createLogger, openServices, startWorker } from './main.js';
import { newStaffSchema } from './modules/accounts/accounts.schemas.js';
import { createStaffUser } from './modules/accounts/staff.service.js';
import { addSite } from './modules/sites/sites.service.js';
import { verifyAuditChain } from './platform/audit/audit.service.js';
import { loadCalendar, runDeadlineCommand, seedCalendarIfEmpty } from './platform/calendar/index.js';
import { openDatabase } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { fieldErrors } from './platform/outcome.js';
import { DEMO_PASSWORD } from './seed/demo.js';
import { seedDemoAll } from './seed/demo-all.js';
import { runScanCommand } from './platform/text/scanner/index.js';
import { importDocuments } from './modules/documents/import.service.js';
import { publicationHooks } from './modules/documents/publication.js';
import { createSearchIndex } from './platform/search/index.js';
import { createReadStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { runReportCommand } from './modules/applications/report/index.js';
import { createInterface } from 'node:readline';
import { ensureDefaultSite } from './seed/default-site.js';
import { listDepartments, listSites } from './modules/sites/sites.store.js';

const usage = `用法: gongkai <命令> [选项]

命令:
  serve [--demo]                 启动网站（--demo 写入演示账号和内容）；默认同时运行后台任务
  worker                         只运行后台任务（多进程部署时使用）
  migrate                        将数据库升级到最新结构
  seed [--demo]                  写入默认站点、节假日日历（及演示数据）
  user add --name 姓名 --username 登录名 --roles 角色[,角色] [--password 密码] [--email 邮箱] [--site 站点代号] [--platform-admin]
  site add --slug 代号 --name 名称 --hosts 域名[,域名] [--sponsor 主办单位] [--site-code 标识码] [--icp 备案号] [--psb 公安备案号] [--phone 电话] [--address 地址]
  deadline --start YYYY-MM-DD --working-days N [--explain]
  scan [FILE] [--terms FILE]     检测文本、.docx 或 .pdf 中的个人信息与密级标识，输出 JSON（无 FILE 时读标准输入）
  import documents FILE.jsonl [--site 站点代号]   从原网站迁移文件（每行一个 JSON 对象）
  audit verify                   校验审计日志哈希链
  report annual --year YYYY --format json|docx|xlsx [--out FILE] [--site 站点代号]   政府信息公开工作年度报告

环境变量见 README.md（DATABASE_URL、REDIS_URL、PORT 等）。`;

class UsageError extends Error {}

function config(): Config {
  return loadConfig();
}

async function withDatabase<T>(fn: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const c = config();
  const database = openDatabase(c.database.kind === 'sqlite' ? { kind: 'sqlite', file: c.database.file } : { kind: 'postgres', url: c.database.url });
  try {
    await migrateToLatest(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function serve(args: string[]) {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } } });
  const c = config();
  const gongkai = await createGongkai(c);
  // The demo library is indexed for search but announces nothing (see seedDemoAll).
  const { services } = gongkai;
  const demo = values.demo ? await seedDemoAll(services.database, publicationHooks(services.search), services.jobs) : undefined;
  if (demo?.created.length) console.log(`已写入演示数据：${demo.created.join('、')}`);
  await gongkai.app.listen({ port: c.port, host: c.host });
  const url = `http://localhost:${c.port}/`;
  console.log(`\n公开 Gongkai 已启动：${url}\n  后台：${url}console\n  数据库：${c.database.kind === 'sqlite' ? c.database.file : 'PostgreSQL'}\n  后台任务：${c.jobs === 'off' ? '未在本进程运行' : gongkai.services.jobs.kind}`);
  if (demo) {
    console.log(`\n演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const l of demo.logins) console.log(`  ${l.login.padEnd(22)} ${l.who} —— ${l.where}`);
  }
  const stop = async () => {
    await gongkai.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function worker() {
  const c = config();
  const logger = createLogger(c);
  const services = await openServices(c, logger);
  const stop = await startWorker(services);
  logger.info({ queue: services.jobs.kind }, '后台任务进程已启动');
  const shutdown = async () => {
    await stop();
    await services.database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function userAdd(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' }, username: { type: 'string' }, roles: { type: 'string' }, password: { type: 'string' },
      email: { type: 'string' }, site: { type: 'string' }, department: { type: 'string' }, 'platform-admin': { type: 'boolean', default: false },
    },
  });
  if (!values.name || !values.roles) throw new UsageError('user add 需要 --name 和 --roles');
  const username = values.username ?? values.email?.split('@')[0]?.toLowerCase() ?? '';
  const password = values.password ?? `Gk-${Math.random().toString(36).slice(2, 10)}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  return withDatabase(async (database) => {
    await ensureDefaultSite(database);
    const sites = await listSites(database.db);
    const site = values.site ? sites.find((s) => s.slug === values.site) : sites.find((s) => s.isDefault);
    if (!site) throw new UsageError(`站点 ${values.site} 不存在`);
    let departmentId: string | undefined;
    if (values.department) {
      const departments = await listDepartments(database.db, site.id);
      const d = departments.find((x) => x.code === values.department || x.name === values.department);
      if (!d) throw new UsageError(`处室 ${values.department} 不存在`);
      departmentId = String(d.id);
    }
    const parsed = newStaffSchema.safeParse({ name: values.name, username, email: values.email ?? '', roles: values.roles, departmentId, password });
    if (!parsed.success) throw new UsageError(Object.entries(fieldErrors(parsed.error.issues)).map(([k, v]) => `--${k}: ${v}`).join('\n'));
    const outcome = await createStaffUser(database, site.id, { ...parsed.data, isPlatformAdmin: values['platform-admin'] }, { id: null, label: '命令行', ip: '-', siteId: site.id });
    if (!outcome.ok) throw new UsageError(Object.entries(outcome.errors).map(([k, v]) => `--${k}: ${v}`).join('\n'));
    console.log(`已创建工作人员 ${values.name}（登录名 ${username}，编号 ${outcome.value}）`);
    if (!values.password) console.log(`初始密码：${password}`);
  });
}

async function siteAdd(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      slug: { type: 'string' }, name: { type: 'string' }, hosts: { type: 'string' }, sponsor: { type: 'string' }, 'site-code': { type: 'string' },
      icp: { type: 'string' }, psb: { type: 'string' }, phone: { type: 'string' }, address: { type: 'string' }, email: { type: 'string' },
    },
  });
  return withDatabase(async (database) => {
    await ensureDefaultSite(database);
    const outcome = await addSite(database, {
      slug: values.slug ?? '', name: values.name ?? '', hosts: values.hosts ?? '',
      footer: {
        sponsor: values.sponsor ?? values.name ?? '', siteCode: values['site-code'] ?? '', icp: values.icp ?? '', psb: values.psb ?? '',
        phone: values.phone ?? '', address: values.address ?? '', email: values.email ?? '',
      },
    }, { id: null, label: '命令行', ip: '-', siteId: null });
    if (!outcome.ok) throw new UsageError(Object.entries(outcome.errors).map(([k, v]) => `${k}: ${v}`).join('\n'));
    console.log(`已创建站点 ${values.name}（编号 ${outcome.value}，域名 ${values.hosts}）`);
  });
}

/**
 * The file's lines, read only once the consumer starts iterating: readline emits lines as soon as
 * the stream flows, and lines emitted before its async iterator exists are lost (the importer
 * awaits a query first, so on a busy machine line 1 went missing).
 */
async function* fileLines(file: string): AsyncGenerator<string> {
  yield* createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { site: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new UsageError('用法: gongkai import documents FILE.jsonl [--site 站点代号]');
  if (!existsSync(file)) throw new UsageError(`文件不存在：${file}`);
  return withDatabase(async (database) => {
    await ensureDefaultSite(database);
    const sites = await listSites(database.db);
    const site = values.site ? sites.find((s) => s.slug === values.site) : sites.find((s) => s.isDefault);
    if (!site) throw new UsageError(`站点 ${values.site} 不存在`);
    const lines = fileLines(file);
    const hooks = publicationHooks(createSearchIndex(database));
    const report = await importDocuments(database, { id: site.id, siteCode: site.footer.siteCode }, lines, { id: null, label: '迁移导入（命令行）', ip: '-', siteId: site.id }, hooks);
    for (const e of report.errors) console.error(`第 ${e.line} 行：${e.message}`);
    console.log(`导入完成：新增 ${report.created}，更新 ${report.updated}，未变 ${report.unchanged}，出错 ${report.errors.length}`);
    return report.errors.length ? 1 : 0;
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve(argv.slice(1));
      return -1;
    case 'worker':
      await worker();
      return -1;
    case 'migrate':
      return withDatabase(async (db) => {
        console.log(`数据库已是最新结构（${db.kind}）`);
        return 0;
      });
    case 'seed':
      return withDatabase(async (database) => {
            await ensureDefaultSite(database);
        const calendar = await seedCalendarIfEmpty(database);
        console.log(calendar.seeded ? `已写入 ${calendar.years.length} 年的节假日日历` : '节假日日历已存在');
        if (argv.includes('--demo')) {
          // The app's job queue with its jobs defined, not started: the announcements are enqueued
          // here and go out when `serve` or `worker` runs the queue.
          const c = config();
          const { jobs, search } = await openServices(c, createLogger(c), database);
          const demo = await seedDemoAll(database, publicationHooks(search), jobs).finally(() => jobs.stop());
          console.log(demo.created.length ? `已写入演示数据：${demo.created.join('、')}（密码 ${DEMO_PASSWORD}）` : '演示数据已存在');
        }
        return 0;
      });
    case 'user':
      if (sub !== 'add') throw new UsageError('用法: gongkai user add --name … --roles …');
      await userAdd(rest);
      return 0;
    case 'site':
      if (sub !== 'add') throw new UsageError('用法: gongkai site add --slug … --name … --hosts …');
      await siteAdd(rest);
      return 0;
    case 'deadline':
      return runDeadlineCommand(argv.slice(1), {
        stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
        stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
        loadCalendar: () => withDatabase(async (database) => {
          await seedCalendarIfEmpty(database);
          return loadCalendar(database);
        }),
      });
    case 'scan':
      return runScanCommand(argv.slice(1), {
        stdin: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
          return new Uint8Array(Buffer.concat(chunks));
        },
        stdout: (s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`),
        stderr: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
      });
    case 'report':
      return withDatabase((database) => runReportCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, writeFile: (path, data) => writeFile(path, data), database }));
    case 'import':
      if (sub !== 'documents') throw new UsageError('用法: gongkai import documents FILE.jsonl');
      return importCommand(rest);
    case 'audit': {
      if (sub !== 'verify') throw new UsageError('用法: gongkai audit verify');
      return withDatabase(async (database) => {
        const result = await verifyAuditChain(database);
        if (result.ok) {
          console.log(`审计日志完好：共 ${result.records} 条记录，哈希链校验通过。`);
          return 0;
        }
        console.error(`审计日志第 ${result.brokenSeq} 号记录校验失败：${result.reason}（此前 ${result.records} 条完好）。`);
        return 1;
      });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`未知命令：${command}`);
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  console.error('出错了：', error);
  process.exit(1);
}
