import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantMonthlyCounts, applicantStats, isNearDuplicate, jaccard, requestSimilarity, requestTokens, similarApplications } from '../src/modules/applications/abuse/index.js';
import type { ApplicationsTable } from '../src/modules/applications/applications.tables.js';
import { replyTypeCodes, type ReplyType } from '../src/modules/applications/applications.vocabulary.js';
import {
  BLANK, correctionNoticeText, defaultReplyTemplates, feeNoticeText, fillTemplate, placeholderProblem, placeholdersIn, renderCorrectionNotice, renderFeeNotice,
  renderReplyLetter, replyLetterText, replyTemplateFor, replyTemplateRoutes, rmbUpper, type FeeNoticeData, type ReplyLetterData,
} from '../src/modules/applications/replies/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* 答复口径, letters (.docx and text), and abuse control (H4/H5/H6 of issue 4). */

const docxText = async (buffer: Buffer) => (await mammoth.extractRawText({ buffer })).value;

/** The article each reply type must cite (《中华人民共和国政府信息公开条例》). */
const expectedArticle: Partial<Record<ReplyType, string>> = {
  disclosed: '第三十六条第（二）项', partly_disclosed: '第三十七条', withheld_state_secret: '第十四条', withheld_prohibited_by_law: '第十四条',
  withheld_three_securities: '第十四条', withheld_third_party: '第十五条', withheld_internal_affairs: '第十六条第一款', withheld_process_info: '第十六条第二款',
  withheld_enforcement_file: '第十六条第二款', withheld_administrative_query: '第三十六条第（七）项', unavailable_not_held: '第三十六条第（四）项',
  unavailable_needs_creation: '第三十八条', unavailable_unclear_after_correction: '第三十条', not_processed_petition: '第三十九条第一款',
  not_processed_repeated: '第三十六条第（六）项', not_processed_publication: '第三十九条第二款', not_processed_excessive: '第三十五条',
  not_processed_confirmation: '第三十八条', other_no_correction: '第三十条', other_fee_unpaid: '第四十二条',
};

const letter = (over: Partial<ReplyLetterData> = {}): ReplyLetterData => ({
  number: '沪规资公开〔2026〕第0042号', applicantName: '王晓明', receivedOn: '2026-03-02', description: '2025年徐汇区滨江地块控制性详细规划调整的批复文件',
  deliveryForm: '电子邮件', replyType: 'disclosed', replyDate: '2026-03-20', agency: '上海市规划和自然资源局', contact: '公开办 李老师 021-12345678', ...over,
});

describe('reply templates and letters', () => {
  it('every reply type has a default with only known placeholders, a legal basis, and the right article', () => {
    expect(Object.keys(defaultReplyTemplates).sort()).toEqual([...replyTypeCodes].sort());
    for (const type of replyTypeCodes) {
      const d = defaultReplyTemplates[type];
      expect(placeholderProblem(d.body), type).toBeUndefined();
      expect(placeholderProblem(d.title), type).toBeUndefined();
      expect(d.basis.trim(), type).not.toBe('');
      expect(d.title.trim(), type).not.toBe('');
      expect(placeholdersIn(d.body), type).toEqual(expect.arrayContaining(['receivedOn', 'number', 'description']));
      if (expectedArticle[type]) {
        expect(d.body, type).toContain('《中华人民共和国政府信息公开条例》');
        expect(d.body, type).toContain(expectedArticle[type]);
      }
    }
  });

  it('names unknown placeholders in Chinese and rejects stray braces; blanks missing values', () => {
    expect(placeholderProblem('您好{{applicantName}}，编号{{caseNo}}，{{ foo }}')).toMatch(/未知的占位符：\{\{caseNo\}\}、\{\{foo\}\}/);
    expect(placeholderProblem('您好{{applicantName}')).toMatch(/占位符格式有误/);
    expect(placeholderProblem('编号 {{ number }}')).toBeUndefined();
    expect(fillTemplate('{{applicantName}}：{{detail}}', { applicantName: '王晓明' })).toBe(`王晓明：${BLANK}`);
  });

  it('writes amounts in 人民币大写', () => {
    expect(rmbUpper(0)).toBe('零元整');
    expect(rmbUpper(10)).toBe('壹拾元整');
    expect(rmbUpper(200)).toBe('贰佰元整');
    expect(rmbUpper(1010)).toBe('壹仟零壹拾元整');
    expect(rmbUpper(10100)).toBe('壹万零壹佰元整');
    expect(rmbUpper(12345)).toBe('壹万贰仟叁佰肆拾伍元整');
    expect(rmbUpper(100000001)).toBe('壹亿零壹元整');
    expect(rmbUpper(12.5)).toBeUndefined();
  });

  it('generates a reply letter .docx that opens, with the case, the template text, records and remedy', async () => {
    const data = letter({ released: [{ title: '关于徐汇区滨江地块控制性详细规划调整的批复', note: '沪府规〔2025〕12号' }, { title: '规划调整附图' }] });
    const buffer = await renderReplyLetter(data, { body: defaultReplyTemplates.disclosed.body });
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const text = await docxText(buffer);
    for (const part of [
      '政府信息公开申请答复告知书', '王晓明：', '申请编号：沪规资公开〔2026〕第0042号', '本机关于2026年3月2日收到您提出的政府信息公开申请',
      '“2025年徐汇区滨江地块控制性详细规划调整的批复文件”', '现按照您要求的“电子邮件”方式向您提供', '附：公开信息清单',
      '1. 关于徐汇区滨江地块控制性详细规划调整的批复（沪府规〔2025〕12号）', '2. 规划调整附图',
      '如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。',
      '联系人及联系方式：公开办 李老师 021-12345678', '（此处加盖印章）', '上海市规划和自然资源局', '2026年3月20日',
    ]) expect(text).toContain(part);
    expect(text).not.toContain('{{');
    expect(replyLetterText(data, { body: defaultReplyTemplates.disclosed.body })).toContain('现按照您要求的“电子邮件”方式向您提供');
  });

  it('uses the site template, fills {{detail}}, and words the remedy for refusals as reconsideration first', async () => {
    const template = { body: '{{applicantName}}同志：经审查，{{detail}}。\n第二段。' };
    const text = await docxText(await renderReplyLetter(letter({ replyType: 'withheld_process_info', detail: '该信息为内部讨论稿' }), template));
    expect(text).toContain('王晓明同志：经审查，该信息为内部讨论稿。');
    expect(text).toContain('第二段。');
    expect(text).not.toContain('附：公开信息清单');
    expect(text).toContain('对行政复议决定不服的，可以依法提起行政诉讼');
    expect(text).not.toContain('六个月');
    const named = replyLetterText(letter({ remedy: { reconsiderationBody: '上海市人民政府', court: '上海市第三中级人民法院' } }), defaultReplyTemplates.unavailable_not_held);
    expect(named).toContain('依法向上海市人民政府申请行政复议，或者在六个月内依法向上海市第三中级人民法院提起行政诉讼');
    expect(replyLetterText(letter({ replyType: 'other_no_correction' }), defaultReplyTemplates.other_no_correction)).toContain(`本机关已于${BLANK}向您发出补正通知`);
  });

  it('generates a fee notice with basis, standard, amount and the payment deadline', async () => {
    const fee: FeeNoticeData = {
      number: 'GK-2026-0007', applicantName: '王晓明', receivedOn: '2026-09-28', description: '2025年度本区全部建设工程规划许可证', agency: '上海市规划和自然资源局',
      noticeDate: '2026-10-09', method: 'count', quantity: 32, amount: 200, calculation: '本月第32件，适用31—40件档，每件200元', paymentDeadline: '2026-11-06',
      howToPay: '通过个人空间“在线缴费”或银行转账至非税收入汇缴账户，并上传缴费凭证', contact: '021-12345678',
    };
    const text = await docxText(await renderFeeNotice(fee));
    for (const part of ['政府信息公开信息处理费收费通知书', '王晓明：', '国办函〔2020〕109号', '按件计收', '人民币200元（大写：贰佰元整）', '本月第32件', '截止日期为2026年11月6日', '20个工作日', '视为放弃申请', '通过个人空间“在线缴费”']) {
      expect(text).toContain(part);
    }
    const pages = feeNoticeText({ ...fee, method: 'pages', quantity: 120, amount: 1100 });
    expect(pages).toContain('本机关需向您提供的政府信息共120页');
    expect(pages).toContain('按量计收');
    expect(pages).toContain('人民币1100元（大写：壹仟壹佰元整）');
  });

  it('generates a one-time correction notice listing the items and the period', async () => {
    const data = {
      number: 'GK-2026-0008', applicantName: '上海某某律师事务所', receivedOn: '2026-03-02', description: '关于那块地的文件', agency: '上海市规划和自然资源局',
      noticeDate: '2026-03-06', items: ['请写明所需文件的名称、文号或者地块位置', '请写明获取信息的方式'], deadline: '2026-03-20', howToSubmit: '通过个人空间“补正”栏目',
    };
    const text = await docxText(await renderCorrectionNotice(data));
    for (const part of ['政府信息公开申请补正通知书', '一次性告知', '1. 请写明所需文件的名称、文号或者地块位置', '2. 请写明获取信息的方式', '请您于2026年3月20日前，通过个人空间“补正”栏目，提交补正材料', '答复期限自本机关收到补正的申请之日起计算', '视为放弃申请']) {
      expect(text).toContain(part);
    }
    expect(correctionNoticeText(data)).toContain('\u3000\u30001. 请写明所需文件的名称、文号或者地块位置');
  });
});

describe('request similarity (jieba tokens, Jaccard)', () => {
  const base = '请公开2024年徐汇区滨江地块控制性详细规划调整的批复文件及附图。';
  it('scores identical texts 1 and ignores punctuation, width and boilerplate', () => {
    expect(requestSimilarity(base, base)).toEqual({ score: 1, numbersMatch: true });
    expect(requestSimilarity(base, '申请获取：２０２４年 徐汇区滨江地块控制性详细规划调整批复文件、附图').score).toBe(1);
    expect(requestTokens(base).has('公开')).toBe(false);
  });
  it('flags near-identical texts at 0.8 and not different ones', () => {
    const near = requestSimilarity(base, '请公开2024年徐汇区滨江地块控制性详细规划调整的批复文件及全部附图。');
    expect(near.score).toBeGreaterThanOrEqual(0.8);
    expect(isNearDuplicate(near)).toBe(true);
    const different = requestSimilarity(base, '请公开本局2024年度部门预算和决算');
    expect(different.score).toBeLessThan(0.3);
    expect(isNearDuplicate(different)).toBe(false);
    const otherYear = requestSimilarity(base, base.replace('2024', '2023'));
    expect(otherYear.numbersMatch).toBe(false);
    expect(isNearDuplicate(otherYear)).toBe(false);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(jaccard(new Set([1, 2, 3]), new Set([2, 3, 4]))).toBe(0.5);
  });
});

describe.each(testDialects())('reply templates console and abuse control (%s)', (kind) => {
  let t: TestApp;
  let office: Client;
  let seq = 0;
  const db = () => t.database.db;
  const BODY = '{{applicantName}}：本机关于{{receivedOn}}收到申请（{{number}}），经审查予以公开。';

  async function addCase(over: Partial<Omit<ApplicationsTable, 'id'>>): Promise<number> {
    seq += 1;
    const at = '2026-01-10T02:00:00.000Z';
    const row = await db()
      .insertInto('applications')
      .values({
        site_id: t.siteId, number: `T-${kind}-${seq}`, channel: 'online', applicant_account_id: null, applicant_column: 'person', applicant_name: '测试申请人',
        applicant_id_enc: null, applicant_id_masked: null, contact_phone: null, contact_email: null, contact_address: null, description: '测试申请内容',
        delivery_form: '电子邮件', submitted_at: at, received_on: at.slice(0, 10), status: 'received', department_id: null, handler_id: null, due_on: null,
        waiting_until: null, reply_type: null, replied_on: null, closed_on: null, excessive: 0, created_at: at, updated_at: at, ...over,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    // Until src/app/routes.ts lists the module, mount it here (before the first request readies the app).
    if (!t.gk.app.hasRoute({ method: 'GET', url: '/console/reply-templates' })) replyTemplateRoutes(t.gk.app, t.gk.services);
    office = await t.staffClient('rt.office', ['disclosure_office']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets the disclosure office and admins edit templates; others are refused', async () => {
    const list = await office.get('/console/reply-templates');
    expect(list.status).toBe(200);
    for (const heading of ['（一）予以公开', '（三）不予公开', '（六）其他处理', '8.属于行政查询事项']) expect(textOf(list.body)).toContain(heading);
    expect((await office.get('/console/reply-templates/withheld_third_party')).body).toContain('第十五条');
    expect((await office.get('/console/reply-templates/no_such_type')).status).toBe(404);
    expect((await (await t.staffClient('rt.admin', ['admin'])).get('/console/reply-templates')).status).toBe(200);
    const editor = await t.staffClient('rt.editor', ['editor', 'handler']);
    expect((await editor.get('/console/reply-templates')).status).toBe(403);
    expect((await editor.submit('/console/reply-templates/disclosed', { title: 'x', body: BODY }, '/console/account')).status).toBe(403);
    expect((await (await t.citizenClient('rt.citizen@example.com')).get('/console/reply-templates/disclosed')).status).toBe(403);
    expect((await t.client().get('/console/reply-templates')).status).toBe(303);
  });

  it('saves an edit (audited), rejects unknown placeholders with 422 keeping the input, and resets', async () => {
    const bad = await office.submit('/console/reply-templates/disclosed', { title: '予以公开（本局口径）', body: '{{applicantName}}：{{caseNo}}号申请{{foo}}' });
    expect(bad.status).toBe(422);
    expect(textOf(bad.body)).toContain('包含未知的占位符：{{caseNo}}、{{foo}}');
    expect(bad.body).toContain('予以公开（本局口径）');
    expect(bad.body).toContain('{{caseNo}}号申请{{foo}}');
    expect((await replyTemplateFor(db(), t.siteId, 'disclosed')).isDefault).toBe(true);
    expect((await office.submit('/console/reply-templates/disclosed', { title: '', body: '' })).status).toBe(422);

    const saved = await office.submit('/console/reply-templates/disclosed', { title: '予以公开（本局口径）', body: BODY });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/console/reply-templates?done=saved');
    const stored = await replyTemplateFor(db(), t.siteId, 'disclosed');
    expect(stored).toMatchObject({ title: '予以公开（本局口径）', body: BODY, isDefault: false });
    expect((await office.get('/console/reply-templates/disclosed')).body).toContain('予以公开（本局口径）');
    const audit = await db().selectFrom('audit_log').select(['actor_label', 'target_id', 'summary']).where('action', '=', 'reply_template.update').execute();
    expect(audit).toEqual([{ actor_label: '测试rt.office', target_id: 'disclosed', summary: '修改答复口径：予以公开' }]);
    const again = await office.submit('/console/reply-templates/disclosed', { title: '予以公开（第二版）', body: BODY });
    expect(again.status).toBe(303);
    expect(await db().selectFrom('reply_templates').select('title').where('site_id', '=', t.siteId).execute()).toEqual([{ title: '予以公开（第二版）' }]);

    const reset = await office.submit('/console/reply-templates/disclosed/reset', {}, '/console/reply-templates/disclosed');
    expect(reset.status).toBe(303);
    expect(await replyTemplateFor(db(), t.siteId, 'disclosed')).toMatchObject({ isDefault: true, body: defaultReplyTemplates.disclosed.body });
    expect(await db().selectFrom('audit_log').select('target_id').where('action', '=', 'reply_template.reset').execute()).toEqual([{ target_id: 'disclosed' }]);
  });

  it('counts an applicant’s applications per calendar month in Asia/Shanghai', async () => {
    const account = await t.addCitizen('rt.stats@example.com', { name: '统计申请人' });
    const mine = { applicant_account_id: account, applicant_name: '统计申请人' };
    await addCase({ ...mine, submitted_at: '2026-01-01T00:00:00.000Z' }); // 08:00 on 1 Jan
    await addCase({ ...mine, submitted_at: '2026-01-31T15:59:59.000Z', excessive: 1 }); // 23:59:59 on 31 Jan
    await addCase({ ...mine, submitted_at: '2026-01-31T16:00:00.000Z' }); // 00:00 on 1 Feb
    await addCase({ ...mine, submitted_at: '2026-02-01T09:00:00+08:00' });
    await addCase({ ...mine, submitted_at: '2025-12-31T16:30:00.000Z' }); // 00:30 on 1 Jan
    await addCase({ ...mine, submitted_at: '2025-12-31T15:30:00.000Z' }); // still December
    await addCase({ applicant_account_id: null, applicant_name: '统计申请人', submitted_at: '2026-01-15T02:00:00.000Z', channel: 'letter' });
    await addCase({ applicant_account_id: null, applicant_name: '别人', submitted_at: '2026-01-15T02:00:00.000Z' });

    const jan = await applicantStats(db(), t.siteId, account, '2026-01');
    expect(jan.count).toBe(3);
    expect(jan.excessiveMarked).toBe(1);
    expect(jan.cases.map((c) => c.submittedAt)).toEqual(['2025-12-31T16:30:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-31T15:59:59.000Z']);
    expect((await applicantStats(db(), t.siteId, account, '2026-02')).count).toBe(2);
    expect((await applicantStats(db(), t.siteId, account, '2025-12')).count).toBe(1);
    expect((await applicantStats(db(), t.siteId, { accountId: account, name: '统计申请人' }, '2026-01')).count).toBe(4);
    expect((await applicantStats(db(), t.siteId, '统计申请人', '2026-01')).count).toBe(4);
    const year = await applicantMonthlyCounts(db(), t.siteId, account, 2026);
    expect([year['2026-01'], year['2026-02'], year['2026-03']]).toEqual([3, 2, 0]);
    await expect(applicantStats(db(), t.siteId, account, '2026-13')).rejects.toThrow(RangeError);
  });

  it('finds the same applicant’s earlier near-identical requests, best first', async () => {
    const account = await t.addCitizen('rt.similar@example.com', { name: '重复申请人' });
    const mine = { applicant_account_id: account, applicant_name: '重复申请人' };
    const first = await addCase({ ...mine, description: '请公开2024年徐汇区滨江地块控制性详细规划调整的批复文件及附图', submitted_at: '2026-01-05T02:00:00.000Z' });
    const reworded = await addCase({ ...mine, description: '申请获取：2024年徐汇区滨江地块控制性详细规划调整批复文件及全部附图', submitted_at: '2026-01-20T02:00:00.000Z' });
    await addCase({ ...mine, description: '请公开2023年徐汇区滨江地块控制性详细规划调整的批复文件及附图', submitted_at: '2026-01-21T02:00:00.000Z' });
    await addCase({ ...mine, description: '请公开本局2024年度部门预算和决算', submitted_at: '2026-01-22T02:00:00.000Z' });
    await addCase({ applicant_name: '他人', description: '请公开2024年徐汇区滨江地块控制性详细规划调整的批复文件及附图', submitted_at: '2026-01-06T02:00:00.000Z' });
    const current = await addCase({ ...mine, description: '请公开2024年徐汇区滨江地块控制性详细规划调整的批复文件及附图。', submitted_at: '2026-02-01T02:00:00.000Z' });

    const found = await similarApplications(db(), t.siteId, { accountId: account, name: '重复申请人' }, '请公开2024年徐汇区滨江地块控制性详细规划调整的批复文件及附图。', {
      excludeId: current, before: '2026-02-01T02:00:00.000Z',
    });
    expect(found.map((f) => f.id)).toEqual([first, reworded]);
    expect(found[0]!.score).toBe(1);
    expect(found[1]!.score).toBeGreaterThanOrEqual(0.8);
    expect(found[0]!.number).toMatch(/^T-/);
    const earlierOnly = await similarApplications(db(), t.siteId, account, '请公开2024年徐汇区滨江地块控制性详细规划调整的批复文件及附图', { before: '2026-01-10T00:00:00.000Z' });
    expect(earlierOnly.map((f) => f.id)).toEqual([first]);
    expect(await similarApplications(db(), t.siteId, account, '请公开。')).toEqual([]);
  });
});
