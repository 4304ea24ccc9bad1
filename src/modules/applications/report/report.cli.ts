import { parseArgs } from 'node:util';
import type { Database } from '../../../platform/db/database.js';
import { listSites } from '../../sites/sites.store.js';
import { reportDocx } from './report.docx.js';
import { FIRST_YEAR, loadReport, reportSiteOf, todayInBeijing } from './report.service.js';
import { reportXlsx } from './report.xlsx.js';

export const reportUsage = '用法: gongkai report annual --year YYYY [--format json|docx|xlsx] [--out 文件] [--site 站点代号]';

interface Writable {
  write(chunk: string | Uint8Array): unknown;
}

export interface ReportCommandIo {
  stdout: Writable;
  stderr: Writable;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** An open, migrated database. */
  database: Database;
}

class ArgError extends Error {}

function parse(argv: string[]) {
  const args = argv[0] === 'report' ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { year: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, site: { type: 'string' } },
    });
  } catch (error) {
    const option = /'(-{1,2}[^' ]+)/.exec((error as Error).message)?.[1];
    throw new ArgError(option ? `无法识别或缺少值的选项：${option}` : '参数格式有误');
  }
  const { values, positionals } = parsed;
  if (positionals[0] !== 'annual' || positionals.length > 1) throw new ArgError(positionals.length ? `未知的报告类型：${positionals.join(' ')}` : '请指明报告类型 annual');
  if (!values.year) throw new ArgError('缺少 --year（报告年度，例如 --year 2025）');
  if (!/^\d{4}$/.test(values.year)) throw new ArgError(`--year 应为四位年份，收到「${values.year}」`);
  const year = Number(values.year);
  const thisYear = Number(todayInBeijing().slice(0, 4));
  if (year < FIRST_YEAR || year > thisYear) throw new ArgError(`--year 应在 ${FIRST_YEAR} 至 ${thisYear} 之间`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'docx' && format !== 'xlsx') throw new ArgError(`--format 只能是 json、docx 或 xlsx，收到「${format}」`);
  if (format !== 'json' && !values.out) throw new ArgError(`--format ${format} 需要用 --out 指定输出文件（二进制内容不写到标准输出）`);
  if (values.out === '') throw new ArgError('--out 不能为空');
  return { year, format, out: values.out, site: values.site };
}

/**
 * `gongkai report annual --year YYYY --format json|docx|xlsx [--out FILE] [--site slug]`.
 * JSON goes to stdout unless --out is given; .docx and .xlsx need --out. A published year is
 * exported from its frozen snapshot, any other year from the live data (marked as a draft).
 * Exit codes: 0 done, 1 the site or database is not usable, 2 bad arguments.
 */
export async function runReportCommand(argv: string[], io: ReportCommandIo): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof ArgError)) throw error;
    io.stderr.write(`${error.message}\n${reportUsage}\n`);
    return 2;
  }
  const sites = await listSites(io.database.db);
  const site = options.site ? sites.find((s) => s.slug === options.site) : (sites.find((s) => s.isDefault) ?? sites[0]);
  if (!site) {
    if (options.site) {
      io.stderr.write(`站点「${options.site}」不存在。现有站点：${sites.map((s) => s.slug).join('、') || '无'}\n`);
      return 2;
    }
    io.stderr.write('尚未配置任何站点：请先运行 gongkai seed。\n');
    return 1;
  }
  const report = await loadReport(io.database.db, reportSiteOf(site), options.year);
  const draft = report.status !== 'published';
  if (report.live) {
    for (const v of report.live.violations) io.stderr.write(`警告：${v.message}\n`);
    for (const p of report.live.problems) io.stderr.write(`警告：${p}\n`);
  }
  let output: string | Uint8Array;
  if (options.format === 'json') {
    const { table2, table3, table4 } = report.data;
    output = `${JSON.stringify({ year: options.year, site: site.slug, status: report.status, table2, table3, table4 }, null, 2)}\n`;
  } else {
    output = options.format === 'docx' ? await reportDocx(report.data, { draft }) : await reportXlsx(report.data, { draft });
  }
  if (!options.out) {
    io.stdout.write(output);
    return 0;
  }
  await io.writeFile(options.out, output);
  io.stdout.write(`已生成 ${options.year} 年度报告（${draft ? '草稿，按当前数据计算' : '已发布版本'}）：${options.out}\n`);
  return 0;
}
