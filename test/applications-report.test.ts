import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeModules } from '../src/app/routes.js';
import { appealRouteAccess, appealRoutes } from '../src/modules/applications/appeals/index.js';
import { checkInvariant, computeTable3, computeTable4, loadReport, reportRouteAccess, reportRoutes, reportSiteOf, runReportCommand, table3Json, type CaseInput } from '../src/modules/applications/report/index.js';
import { insertAppeals, insertCases, insertDocument, type SeedCase } from '../src/modules/applications/report/report.testing.js';
import { testDialects } from '../src/platform/db/testing.js';
import { csrfOf, type Client } from './support/client.js';
import type { StaffRole } from '../src/modules/accounts/roles.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* The annual report of a seeded year (2025), every expected number counted by hand from the seed below. */

for (const routes of [reportRoutes, appealRoutes]) if (!routeModules.includes(routes)) routeModules.push(routes);

// [number, column, received, reply type, replied on, closed on]
const SEED: [string, string, string, string?, string?, string?][] = [
  ['c01', 'person', '2024-03-01', 'disclosed', '2024-03-20'], //          concluded before 2025: nowhere
  ['c02', 'person', '2024-12-10', 'disclosed', '2025-01-06'], //          二 P, 三 予以公开 P
  ['c03', 'business', '2024-12-20', 'withheld_third_party', '2025-01-15'], // 二 B, 三 4.第三方 B
  ['c04', 'legal_service', '2024-12-28'], //                              二 L, 四 L (still open)
  ['c05', 'person', '2024-11-30', 'partly_disclosed', '2026-01-10'], //   二 P, 四 P (concluded after year end)
  ['c06', 'research', '2024-12-31', 'unavailable_not_held', '2025-01-20'], // 二 R, 三 无法提供1 R
  ['c07', 'person', '2025-01-05', 'disclosed', '2025-01-25'], //          一 P, 三 予以公开 P
  ['c08', 'person', '2025-02-10', 'disclosed', '2025-03-01'], //          一 P, 三 予以公开 P
  ['c09', 'person', '2025-03-03', 'partly_disclosed', '2025-03-28'], //   一 P, 三 部分公开 P
  ['c10', 'business', '2025-04-01', 'withheld_state_secret', '2025-04-20'], // 一 B, 三 不予公开1 B
  ['c11', 'business', '2025-05-06', 'withheld_process_info', '2025-05-30'], // 一 B, 三 不予公开6 B
  ['c12', 'nonprofit', '2025-06-02', 'unavailable_needs_creation', '2025-06-20'], // 一 N, 三 无法提供2 N
  ['c13', 'person', '2025-06-15', 'not_processed_petition', '2025-06-30'], // 一 P, 三 不予处理1 P
  ['c14', 'person', '2025-07-01', 'not_processed_repeated', '2025-07-10'], // 一 P, 三 不予处理2 P
  ['c15', 'other_org', '2025-08-01', 'other_no_correction', undefined, '2025-09-01'], // 一 O, 三 其他处理1 O (closed_on only)
  ['c16', 'business', '2025-09-10', 'other_fee_unpaid', '2025-10-20', '2025-10-20'], // 一 B, 三 其他处理2 B
  ['c17', 'legal_service', '2025-10-08', 'other_other', '2025-10-09'], // 一 L, 三 其他处理3 L
  ['c18', 'person', '2025-12-15'], //                                     一 P, 四 P
  ['c19', 'research', '2025-12-20', 'disclosed', '2026-01-08'], //        一 R, 四 R
  ['c20', 'business', '2025-12-29'], //                                   一 B, 四 B
  ['c21', 'person', '2025-11-03', 'unavailable_unclear_after_correction', '2025-12-31'], // 一 P, 三 无法提供3 P
  ['c22', 'nonprofit', '2025-01-01', 'withheld_enforcement_file', '2025-02-01'], // 一 N, 三 不予公开7 N
  ['c23', 'person', '2026-01-05', 'disclosed', '2026-01-20'], //          2026: nowhere
  ['c24', 'business', '2026-02-01'], //                                   2026: nowhere
];
const seedCases = (): SeedCase[] => SEED.map(([number, column, receivedOn, replyType, repliedOn, closedOn]) => ({ number, column, receivedOn, replyType, repliedOn, closedOn }));

const c = (p: number, b: number, r: number, n: number, l: number, o: number, total: number) => ({ 自然人: p, 商业企业: b, 科研机构: r, 社会公益组织: n, 法律服务机构: l, 其他: o, 总计: total });
const z = c(0, 0, 0, 0, 0, 0, 0);
const TABLE3 = {
  '一、本年新收政府信息公开申请数量': c(7, 4, 1, 2, 1, 1, 16),
  '二、上年结转政府信息公开申请数量': c(2, 1, 1, 0, 1, 0, 5),
  '（一）予以公开': c(3, 0, 0, 0, 0, 0, 3),
  '（二）部分公开（区分处理的，只计这一情形，不计其他情形）': c(1, 0, 0, 0, 0, 0, 1),
  '1.属于国家秘密': c(0, 1, 0, 0, 0, 0, 1),
  '2.其他法律行政法规禁止公开': z,
  '3.危及“三安全一稳定”': z,
  '4.保护第三方合法权益': c(0, 1, 0, 0, 0, 0, 1),
  '5.属于三类内部事务信息': z,
  '6.属于四类过程性信息': c(0, 1, 0, 0, 0, 0, 1),
  '7.属于行政执法案卷': c(0, 0, 0, 1, 0, 0, 1),
  '8.属于行政查询事项': z,
  '1.本机关不掌握相关政府信息': c(0, 0, 1, 0, 0, 0, 1),
  '2.没有现成信息需要另行制作': c(0, 0, 0, 1, 0, 0, 1),
  '3.补正后申请内容仍不明确': c(1, 0, 0, 0, 0, 0, 1),
  '1.信访举报投诉类申请': c(1, 0, 0, 0, 0, 0, 1),
  '2.重复申请': c(1, 0, 0, 0, 0, 0, 1),
  '3.要求提供公开出版物': z,
  '4.无正当理由大量反复申请': z,
  '5.要求行政机关确认或重新出具已获取信息': z,
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请': c(0, 0, 0, 0, 0, 1, 1),
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请': c(0, 1, 0, 0, 0, 0, 1),
  '3.其他': c(0, 0, 0, 0, 1, 0, 1),
  '（七）总计': c(7, 4, 1, 2, 1, 1, 16),
  '四、结转下年度继续办理': c(2, 1, 1, 0, 1, 0, 5),
};
const o = (upheld: number, corrected: number, other: number, pending: number, total: number) => ({ 结果维持: upheld, 结果纠正: corrected, 其他结果: other, 尚未审结: pending, 总计: total });
const TABLE4 = { 行政复议: o(1, 1, 0, 2, 4), 行政诉讼: { 未经复议直接起诉: o(0, 1, 1, 1, 3), 复议后起诉: o(1, 0, 1, 0, 2) } };
const TABLE2 = (licensing: number | null, penalty: number | null, enforcement: number | null, fees: number | null) => ({
  '第二十条第（一）项': { 规章: { 本年制发件数: 2, 本年废止件数: 1, 现行有效件数: 2 }, 行政规范性文件: { 本年制发件数: 1, 本年废止件数: 1, 现行有效件数: 2 } },
  '第二十条第（五）项': { 行政许可: { 本年处理决定数量: licensing } },
  '第二十条第（六）项': { 行政处罚: { 本年处理决定数量: penalty }, 行政强制: { 本年处理决定数量: enforcement } },
  '第二十条第（八）项': { 行政事业性收费: { '本年收费金额（单位：万元）': fees } },
});

describe('annual report computation (pure)', () => {
  it('computes table 3 of the seed as counted by hand, and the invariant holds', () => {
    const cases: CaseInput[] = seedCases().map((s) => ({ column: s.column, receivedOn: s.receivedOn, outcome: s.replyType ? { replyType: s.replyType, on: (s.repliedOn ?? s.closedOn)! } : null }));
    const t = computeTable3(cases, 2025);
    expect(table3Json(t)).toEqual(TABLE3);
    expect(checkInvariant(t)).toEqual([]);
    const broken = computeTable3([...cases, { column: 'research', receivedOn: '2025-05-10', outcome: { replyType: 'disclosed', on: '2024-12-01' } }], 2025);
    expect(checkInvariant(broken).map((v) => [v.label, v.left, v.right])).toEqual([['科研机构', 3, 2], ['总计', 22, 21]]);
  });

  it('counts appeals filed in the year with their outcome as of 31 December', () => {
    const t = computeTable4([
      { kind: 'reconsideration', filedOn: '2025-03-01', outcome: 'upheld', decidedOn: '2026-01-02' },
      { kind: 'reconsideration', filedOn: '2024-12-31', outcome: 'upheld', decidedOn: '2025-02-01' },
      { kind: 'litigation_direct', filedOn: '2025-12-31', outcome: 'corrected', decidedOn: '2025-12-31' },
    ], 2025);
    expect([t.reconsideration, t.litigation_direct.corrected, t.litigation_after_reconsideration.total]).toEqual([{ upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 }, 1, 0]);
  });
});

describe.each(testDialects())('annual report (%s)', (kind) => {
  let t: TestApp;
  let office: Client;
  let ids: Map<string, number>;
  const site = () => reportSiteOf(t.gk.services.sites.defaultSite()!);
  const lastAudit = () => t.database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const download = async (client: Client, url: string) => {
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const r = await t.gk.app.inject({ method: 'GET', url, headers: { host: 'localhost', cookie } });
    return { status: r.statusCode, type: String(r.headers['content-type']), bytes: r.rawPayload };
  };
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const files = new Map<string, Buffer>();
    const code = await runReportCommand(argv, {
      stdout: { write: (s) => out.push(String(s)) }, stderr: { write: (s) => err.push(String(s)) },
      writeFile: async (path, data) => void files.set(path, Buffer.from(data)), database: t.database,
    });
    return { code, stdout: out.join(''), stderr: err.join(''), files };
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    const db = t.database.db;
    const numbers = seedCases().map((s) => s.number);
    ids = new Map((await insertCases(db, t.siteId, seedCases())).map((id, i) => [numbers[i]!, id]));
    const appeal = (n: string, kind: string, filedOn: string, outcome: string, decidedOn?: string) => ({ applicationId: ids.get(n)!, kind, filedOn, outcome, decidedOn });
    await insertAppeals(db, [
      appeal('c07', 'reconsideration', '2025-02-01', 'upheld', '2025-04-01'), //    复议 维持
      appeal('c10', 'reconsideration', '2025-05-01', 'corrected', '2025-06-10'), // 复议 纠正
      appeal('c13', 'reconsideration', '2025-11-01', 'upheld', '2026-01-15'), //    复议 尚未审结 (decided after year end)
      appeal('c14', 'reconsideration', '2025-12-01', 'pending'), //                 复议 尚未审结
      appeal('c01', 'reconsideration', '2024-05-01', 'other', '2025-01-10'), //     filed 2024: not counted
      appeal('c08', 'litigation_direct', '2025-05-01', 'other', '2025-09-01'), //   直接起诉 其他
      appeal('c12', 'litigation_direct', '2025-06-25', 'corrected', '2025-10-01'), // 直接起诉 纠正
      appeal('c13', 'litigation_direct', '2025-07-15', 'pending'), //               直接起诉 尚未审结
      appeal('c07', 'litigation_after_reconsideration', '2025-06-10', 'upheld', '2025-08-20'), // 复议后起诉 维持
      appeal('c10', 'litigation_after_reconsideration', '2025-07-01', 'other', '2025-12-31'), //  复议后起诉 其他
      appeal('c09', 'litigation_after_reconsideration', '2026-01-10', 'pending'), //              filed 2026: not counted
    ]);
    const doc = (type: string, publishedAt: string | null, validity: string, validityChangedOn?: string, more = {}) => insertDocument(db, t.siteId, { type, publishedAt, validity, validityChangedOn, ...more });
    await doc('regulation', '2025-03-01T02:00:00.000Z', 'current'); //               制发, 现行
    await doc('regulation', '2023-05-01T02:00:00.000Z', 'repealed', '2025-06-01'); // 废止
    await doc('regulation', '2024-12-31T17:00:00.000Z', 'current'); //               2025-01-01 Beijing: 制发, 现行
    await doc('regulation', '2025-12-31T16:30:00.000Z', 'current'); //               2026-01-01 Beijing: neither
    await doc('normative', '2022-01-01T02:00:00.000Z', 'current'); //                现行
    await doc('normative', '2021-06-01T02:00:00.000Z', 'repealed', '2026-03-01'); // 现行 on 31 Dec 2025
    await doc('normative', '2025-04-01T02:00:00.000Z', 'expired', '2025-09-01'); //  制发 only
    await doc('normative', '2024-02-01T02:00:00.000Z', 'repealed', '2025-12-31'); // 废止
    await doc('normative', '2025-05-01T02:00:00.000Z', 'current', undefined, { status: 'withdrawn' }); // not published
    await doc('normative', '2025-06-01T02:00:00.000Z', 'current', undefined, { disclosure: 'on_request' }); // not 主动公开
    await doc('other', '2025-06-01T02:00:00.000Z', 'current'); //                    not in table 2
    await doc('normative', null, 'current', undefined, { status: 'draft' });
    const other = await t.addSite('other', '其他站点', 'other.test');
    const [otherCase] = await insertCases(db, other, [{ number: 'x01', column: 'person', receivedOn: '2025-03-01', replyType: 'disclosed', repliedOn: '2025-03-10' }]);
    await insertAppeals(db, [{ applicationId: otherCase!, kind: 'reconsideration', filedOn: '2025-04-01', outcome: 'pending' }]);
    office = await t.staffClient('office', ['disclosure_office']);
  });
  afterAll(async () => t?.close());

  it('computes tables 2, 3 and 4 of the seeded year from the database, keyed by the Chinese labels', async () => {
    const report = await loadReport(t.database.db, site(), 2025);
    expect(Object.keys(report.data.table3)).toEqual(Object.keys(TABLE3));
    expect(report.data.table3).toEqual(TABLE3);
    expect(report.data.table4).toEqual(TABLE4);
    expect(report.data.table2).toEqual(TABLE2(null, null, null, null));
    expect([report.live?.violations, report.live?.problems]).toEqual([[], []]);
    expect(report.refusals).toContain('表二「行政许可 本年处理决定数量」尚未填写（没有则填 0）。');
  });

  it('the SQL aggregate agrees with the pure computation on random cases', async () => {
    const siteId = await t.addSite('rand', '随机站点', 'rand.test');
    const types = ['disclosed', 'withheld_state_secret', 'other_other', 'not_processed_repeated'];
    const day = (i: number) => new Date(Date.UTC(2023, 6, 1) + (i % 1000) * 86_400_000).toISOString().slice(0, 10);
    const cases: SeedCase[] = Array.from({ length: 400 }, (_, i) => ({ number: `r${i}`, column: ['person', 'business', 'other_org'][i % 3]!, receivedOn: day(i * 7), ...(i % 5 ? { replyType: types[i % 4], repliedOn: day(i * 7 + (i % 90)) } : {}) }));
    await insertCases(t.database.db, siteId, cases);
    const inputs: CaseInput[] = cases.map((s) => ({ column: s.column, receivedOn: s.receivedOn, outcome: s.replyType ? { replyType: s.replyType, on: s.repliedOn! } : null }));
    for (const year of [2023, 2024, 2025]) expect((await loadReport(t.database.db, { id: siteId, organ: '随机' }, year)).data.table3).toEqual(table3Json(computeTable3(inputs, year)));
  });

  it('console: roles, forms validated with input kept, saves audited', async () => {
    const head = await t.staffClient('boss', ['head']);
    const page = await head.get('/console/reports/2025');
    expect(page.status).toBe(200);
    expect(page.body).toContain('四、结转下年度继续办理');
    expect(page.body).not.toContain('name="licensing"');
    expect((await head.submit('/console/reports/2025/publish', {}, '/console/reports/2025')).status).toBe(403);
    expect((await (await t.staffClient('ed', ['editor'])).get('/console/reports')).status).toBe(403);
    expect((await office.get('/console/reports')).body).toContain('/console/reports/2025');
    const bad = await office.submit('/console/reports/2025/manual', { licensing: '12x', penalty: '35', enforcement: '', fees: '1.25' }, '/console/reports/2025');
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('请填写不超过 9 位的非负整数');
    expect(bad.body).toContain('value="12x"');
    const ok = await office.submit('/console/reports/2025/manual', { licensing: '120', penalty: '35', enforcement: '4', fees: '1.25' }, '/console/reports/2025');
    expect(ok.status).toBe(303);
    expect((await lastAudit()).action).toBe('report.manual');
    const long = await office.submit('/console/reports/2025/prose', { overview: '长'.repeat(20001), problems: '问题', other: '' }, '/console/reports/2025');
    expect([long.status, long.body.includes('不超过 20000 字'), long.body.includes('>问题</textarea>')]).toEqual([422, true, true]);
    expect((await office.submit('/console/reports/2025/prose', { overview: '本年度总体情况。', problems: '存在的问题。\n改进措施。', other: '' }, '/console/reports/2025')).status).toBe(303);
    expect((await loadReport(t.database.db, site(), 2025)).data.table2).toEqual(TABLE2(120, 35, 4, 1.25));
  });

  it('refuses to publish while the invariant breaks, naming the column; publishing freezes a snapshot', async () => {
    const [bad] = await insertCases(t.database.db, t.siteId, [{ number: 'bad', column: 'business', receivedOn: '2025-05-10', replyType: 'disclosed', repliedOn: '2024-12-20' }]);
    const refused = await office.submit('/console/reports/2025/publish', {}, '/console/reports/2025');
    expect(refused.status).toBe(422);
    expect(refused.body).toContain('表三「商业企业」列不满足 一 + 二 = 三（七）+ 四');
    expect(refused.body).toContain('表三「总计」列不满足');
    expect(refused.body).toContain('申请 bad：办结日期 2024-12-20 早于收到日期 2025-05-10');
    await t.database.db.deleteFrom('applications').where('id', '=', bad!).execute();
    expect((await office.submit('/console/reports/2025/publish', {}, '/console/reports/2025')).status).toBe(303);
    expect((await lastAudit()).action).toBe('report.publish');
    await insertCases(t.database.db, t.siteId, [{ number: 'late', column: 'person', receivedOn: '2025-06-01' }]);
    const frozen = await loadReport(t.database.db, site(), 2025);
    expect([frozen.status, frozen.data.table3]).toEqual(['published', TABLE3]);
    expect((await office.submit('/console/reports/2025/publish', {}, '/console/reports/2025')).body).toContain('不能重复发布');
  });

  it('shows published reports on the portal, cached publicly', async () => {
    const visitor = t.client();
    const list = await visitor.get('/reports');
    expect([list.status, list.header('cache-control')?.startsWith('public'), list.body.includes('href="/reports/2025"')]).toEqual([200, true, true]);
    const page = await visitor.get('/reports/2025');
    expect(page.body).toContain('二、上年结转政府信息公开申请数量');
    expect(page.body).toContain('本年度总体情况。');
    expect((await visitor.get('/reports/2024')).status).toBe(404);
  });

  it('exports .docx (the row labels in Word tables) and .xlsx (values read back)', async () => {
    const docx = await download(office, '/console/reports/2025/report.docx');
    const text = (await mammoth.extractRawText({ buffer: docx.bytes })).value;
    for (const label of [...Object.keys(TABLE3), '2025年政府信息公开工作年度报告', '六、其他需要报告的事项', '法人或其他组织', '复议后起诉', '现行有效件数']) expect(text).toContain(label);
    const xlsx = await download(t.client(), '/reports/2025/report.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet3 = book.worksheets[1]!;
    const columns = [4, 5, 6, 7, 8, 9, 10].map((col) => String(sheet3.getCell(5, col).value));
    const read: Record<string, Record<string, unknown>> = {};
    for (let r = 6; r < 6 + 25; r += 1) read[String(sheet3.getCell(r, 3).value)] = Object.fromEntries(columns.map((col, i) => [col, sheet3.getCell(r, 4 + i).value]));
    expect(read).toEqual(TABLE3);
    expect(sheet3.model.merges).toContain('A3:C5');
    const row4 = Array.from({ length: 15 }, (_, i) => book.worksheets[2]!.getCell(6, i + 1).value);
    expect(row4).toEqual([1, 1, 0, 2, 4, 0, 1, 1, 1, 3, 1, 0, 1, 0, 2]);
    expect(book.worksheets[0]!.getCell(16, 2).value).toBe(1.25);
  });

  it('gongkai report annual: JSON to stdout, files with --out, Chinese errors with exit 2', async () => {
    const json = await cli('annual', '--year', '2025', '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'published', table2: TABLE2(120, 35, 4, 1.25), table3: TABLE3, table4: TABLE4 });
    const docx = await cli('report', 'annual', '--year', '2025', '--format', 'docx', '--out', '/tmp/r.docx');
    expect((await mammoth.extractRawText({ buffer: docx.files.get('/tmp/r.docx')! })).value).toContain('（七）总计');
    const other = JSON.parse((await cli('annual', '--year', '2025', '--site', 'other')).stdout);
    expect([other.status, other.table3['（一）予以公开'].总计, other.table4.行政复议.尚未审结]).toEqual(['draft', 1, 1]);
    for (const args of [['annual'], ['annual', '--year', '25'], ['annual', '--year', '2025', '--format', 'pdf'], ['annual', '--year', '2025', '--format', 'xlsx'], ['monthly', '--year', '2025'], ['annual', '--year', '2025', '--site', 'nope']]) {
      const r = await cli(...args);
      expect([r.code, /[\u4e00-\u9fa5]/.test(r.stderr), r.stdout]).toEqual([2, true, '']);
    }
  });

  it('console appeals: validated form, audited, counted in table 4 of their year', async () => {
    const form = { number: 'c01', kind: 'litigation_direct', filed_on: '2024-06-01', outcome: 'corrected', decided_on: '', note: '' };
    const bad = await office.submit('/console/appeals/new', form);
    expect([bad.status, bad.body.includes('已审结的案件请填写审结日期'), bad.body.includes('value="c01"')]).toEqual([422, true, true]);
    expect((await office.submit('/console/appeals/new', { ...form, number: 'nope', decided_on: '2024-09-01' })).body).toContain('本站点没有编号为「nope」');
    expect((await office.submit('/console/appeals/new', { ...form, decided_on: '2024-09-01' })).status).toBe(303);
    expect((await lastAudit()).action).toBe('appeal.create');
    const { id } = await t.database.db.selectFrom('application_appeals').select('id').where('filed_on', '=', '2024-06-01').executeTakeFirstOrThrow();
    expect((await office.submit(`/console/appeals/${id}`, { ...form, outcome: 'pending' })).status).toBe(303);
    expect((await lastAudit()).action).toBe('appeal.update');
    const r2024 = await loadReport(t.database.db, site(), 2024);
    expect(r2024.data.table4.行政诉讼).toMatchObject({ 未经复议直接起诉: { 尚未审结: 1, 总计: 1 } });
    expect((await office.get('/console/appeals')).body).toContain('行政诉讼（未经复议直接起诉）');
  });

  it('lets exactly the granted roles use each report and appeal console route', async () => {
    const { id } = await t.database.db.selectFrom('application_appeals').select('id').orderBy('id').executeTakeFirstOrThrow();
    for (const role of ['disclosure_office', 'admin', 'head', 'editor', 'handler'] as StaffRole[]) {
      const client = await t.staffClient(`sweep.${role}`, [role]);
      const csrf = csrfOf((await client.get('/console/account')).body);
      for (const [key, roles] of Object.entries({ ...reportRouteAccess, ...appealRouteAccess })) {
        const [method, path] = key.split(' ') as ['GET' | 'POST', string];
        const url = path.replace(':year', '2025').replace(':id', String(id));
        const reply = method === 'GET' ? await client.get(url) : await client.post(url, { _csrf: csrf });
        if (!roles.includes(role)) expect(reply.status, `${role} ${key}`).toBe(403);
        else expect([200, 303, 422], `${role} ${key}`).toContain(reply.status);
      }
    }
  });
});
