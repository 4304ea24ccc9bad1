import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseFile } from '../src/modules/applications/applicant/index.js';
import type { deliveryForms } from '../src/modules/applications/applications.vocabulary.js';
import { caseContext, submitOnline } from '../src/modules/applications/cases/index.js';
import * as store from '../src/modules/applications/cases/cases.store.js';
import { checkReleasedUpload, scanReleased } from '../src/modules/applications/cases/released.service.js';
import { addDepartment } from '../src/modules/applications/cases/testing.js';
import { testDialects } from '../src/platform/db/testing.js';
import { idNumber } from '../src/platform/text/scanner/fixtures/generators.js';
import { buildMinimalDocx } from '../src/platform/text/scanner/fixtures/minimal-docx.js';
import { buildMinimalPdf } from '../src/platform/text/scanner/fixtures/minimal-pdf.js';
import { maskFinding } from '../src/platform/text/scanner/index.js';
import { textOf, type Client, type Reply } from './support/client.js';
import { postMultipart } from './support/multipart.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Issue 4, item 4: released records go with the reply. Uploaded to the case, scanned (findings
 * shown masked), a flagged file holds the reply back until replaced or confirmed with a reason,
 * then the reply makes them the applicant's (space download, listed in the .docx letter).
 */

const PERSON_ID = idNumber('11010519491231002');
const MOBILE = '13912345678';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.from('a scanned page')]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...Buffer.alloc(64)]);
const upload = (filename: string, data: Uint8Array) => ({ filename, data: Buffer.from(data), truncated: false });

describe('released records: types and scanning (no database)', () => {
  it('accepts the office formats by their bytes and refuses the rest in Chinese', () => {
    expect(checkReleasedUpload(upload('a.pdf', buildMinimalPdf(['公开']))) ).toMatchObject({ filename: 'a.pdf', contentType: 'application/pdf', text: 'pdf' });
    expect(checkReleasedUpload(upload('b.docx', buildMinimalDocx(['公开'])))).toMatchObject({ text: 'docx' });
    expect(checkReleasedUpload(upload('c.doc', OLE))).toMatchObject({ contentType: 'application/msword', text: null });
    expect(checkReleasedUpload(upload('d.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2])))).toMatchObject({ contentType: 'image/jpeg', text: null });
    expect(checkReleasedUpload(upload('e.txt', Buffer.from('预算说明', 'utf8')))).toMatchObject({ contentType: 'text/plain; charset=utf-8', text: 'text' });
    expect(checkReleasedUpload(upload('evil.exe', Buffer.from('MZ')))).toContain('仅支持上传');
    expect(checkReleasedUpload(upload('fake.pdf', PNG))).toContain('文件内容与扩展名 .pdf 不符');
    expect(checkReleasedUpload(upload('bin.txt', Buffer.from([1, 0, 2, 0])))).toContain('不符');
    expect(checkReleasedUpload(upload('empty.pdf', Buffer.alloc(0)))).toContain('空的');
    expect(checkReleasedUpload({ filename: 'big.pdf', data: Buffer.from('%PDF-'), truncated: true })).toContain('不能超过 20 MB');
  });

  it('scans text, Word, Excel and PDF; images, .doc and text-less PDFs need a person', async () => {
    const check = (name: string, data: Uint8Array) => {
      const c = checkReleasedUpload(upload(name, data));
      if (typeof c === 'string') throw new Error(c);
      return scanReleased(c, ['内部绝密词']);
    };
    const xlsx = new ExcelJS.Workbook();
    xlsx.addWorksheet('名单').addRow(['姓名', '手机', '备注']).commit();
    xlsx.getWorksheet('名单')!.addRow(['张三', MOBILE, '内部绝密词']);
    const xlsxBytes = Buffer.from(await xlsx.xlsx.writeBuffer());
    const sheet = await check('名单.xlsx', xlsxBytes);
    expect(sheet.status).toBe('findings');
    expect(sheet.findings).toEqual([{ type: 'mobile', masked: '139****5678' }, { type: 'sensitive_term', masked: '＊＊＊＊＊' }]);
    expect(JSON.stringify(sheet)).not.toContain(MOBILE);
    expect((await check('信.docx', buildMinimalDocx([`身份证号 ${PERSON_ID}`]))).findings).toEqual([{ type: 'id_card', masked: maskFinding({ type: 'id_card', text: PERSON_ID }) }]);
    expect((await check('预算.txt', Buffer.from('2025年部门预算说明，咨询电话 021-23456789。'))).status).toBe('clean');
    expect((await check('扫描.png', PNG)).status).toBe('unreadable');
    expect((await check('旧.doc', OLE)).status).toBe('unreadable');
    expect((await check('扫描件.pdf', buildMinimalPdf(['1']))).status).toBe('unreadable');
    expect((await check('坏.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml garbage')]))).status).toBe('unreadable');
  });
});

for (const kind of testDialects()) {
  describe(`released records with the reply (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    let office: Client;
    let citizen: Client;
    let stranger: Client;
    let citizenId: number;
    let department: number;
    let caseId: number;
    const page = (id = caseId) => `/console/applications/${id}`;
    const send = async (id: number, name: string, bytes: Uint8Array, path = 'released', client = office): Promise<Reply> =>
      postMultipart(client, `${page(id)}/${path}`, { _csrf: await client.csrf(page(id)) }, { field: 'file', name, bytes });
    const filesOf = (id: number) => t.database.db.selectFrom('application_files').selectAll().where('application_id', '=', id).where('kind', '=', 'released').orderBy('id').execute();
    const auditOf = (action: string) => t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

    const newCase = async (deliveryForm: (typeof deliveryForms)[number], description: string) => {
      const created = await submitOnline(await caseContext(t.gk.services), t.siteId, { id: citizenId, ip: '127.0.0.1' }, {
        idNumber: '310101199003073236', description, deliveryForm, contactEmail: 'released.a@example.com', contactAddress: '上海市徐汇区龙华中路 1 号', submittedAt: '2026-09-28T01:30:00Z',
      });
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      const id = created.value.id;
      expect((await office.submit(`${page(id)}/assign`, { departmentId: String(department) }, page(id))).status).toBe(303);
      return id;
    };

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'gk-released-'));
      t = await startTestApp(kind, { DATA_DIR: dataDir });
      department = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      office = await t.staffClient('gkb.released', ['disclosure_office']);
      citizen = await t.citizenClient('released.a@example.com');
      stranger = await t.citizenClient('released.b@example.com');
      citizenId = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'released.a@example.com').executeTakeFirstOrThrow()).id;
      caseId = await newCase('在线查看（个人空间）', '请公开某地块征收补偿安置方案及公示名单');
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('scans an upload and shows the findings masked only, stored encrypted', async () => {
      const before = await office.get(page());
      expect(textOf(before.body)).toContain('尚未上传公开信息');
      expect(textOf(before.body)).toContain('本申请尚未上传公开信息');
      const pdf = buildMinimalPdf(['征收补偿安置公示名单', `张三 身份证号 ${PERSON_ID}`, `联系电话 ${MOBILE}`]);
      const sent = await send(caseId, '公示名单.pdf', pdf);
      expect(sent.status).toBe(303);
      expect(sent.location).toBe(`${page()}?done=released-findings#released`);
      const shown = await office.get(sent.location!);
      const text = textOf(shown.body);
      expect(text).toContain('公示名单.pdf');
      expect(text).toContain('发现疑似敏感信息 2 处');
      expect(shown.body).toContain(`身份证号码：<code>${maskFinding({ type: 'id_card', text: PERSON_ID })}</code>`);
      expect(shown.body).toContain('手机号码：<code>139****5678</code>');
      expect(shown.body).not.toContain(PERSON_ID);
      expect(shown.body).not.toContain(MOBILE);
      const [row] = await filesOf(caseId);
      expect(row).toMatchObject({ filename: '公示名单.pdf', encrypted: 1, to_applicant: 0, scan_status: 'findings', reviewed_at: null });
      expect(row!.scan_findings).not.toContain(PERSON_ID);
      expect(readFileSync(join(dataDir, row!.storage_key)).includes(Buffer.from(pdf).subarray(0, 64))).toBe(false);
      // Staff may open it to check by eye.
      const download = await office.get(`${page()}/released/${row!.id}`);
      expect(download.status).toBe(200);
      expect(download.header('content-type')).toBe('application/pdf');
      const [audit] = await auditOf('application.released.add');
      expect(audit).toMatchObject({ actor_label: expect.stringContaining('gkb.released'), target_id: String(caseId) });
      expect(audit!.summary).toContain('公示名单.pdf');
      expect(audit!.summary + audit!.detail).not.toContain(PERSON_ID);
    });

    it('refuses bad uploads and a missing reason with a Chinese message, never a 500', async () => {
      const csrf = await office.csrf(page());
      const none = await postMultipart(office, `${page()}/released`, { _csrf: csrf });
      expect(none.status).toBe(422);
      expect(textOf(none.body)).toContain('请选择要上传的文件');
      const exe = await send(caseId, 'setup.exe', Buffer.from('MZ\x90\x00'));
      expect(exe.status).toBe(422);
      expect(textOf(exe.body)).toContain('仅支持上传');
      const renamed = await send(caseId, '名单.pdf', PNG);
      expect(renamed.status).toBe(422);
      expect(textOf(renamed.body)).toContain('文件内容与扩展名 .pdf 不符');
      const big = Buffer.alloc(21 * 1024 * 1024, 0x41);
      const tooLarge = await send(caseId, '大文件.txt', big);
      expect(tooLarge.status).toBe(422);
      expect(textOf(tooLarge.body)).toContain('文件不能超过 20 MB');
      const [row] = await filesOf(caseId);
      const noReason = await office.submit(`${page()}/released/${row!.id}/confirm`, { reason: ' ' }, page());
      expect(noReason.status).toBe(422);
      expect(textOf(noReason.body)).toContain('请填写核查意见');
      for (const bad of ['abc', '0', '99999999999']) {
        const reply = await office.submit(`${page()}/released/${bad}/confirm`, { reason: '已核查无误' }, page());
        expect([404, 422], bad).toContain(reply.status);
      }
      expect((await office.get(`${page()}/released/999999`)).status).toBe(404);
      expect(await filesOf(caseId)).toHaveLength(1);
    });

    it('holds the reply back until the flagged files are confirmed or replaced', async () => {
      const scan = await send(caseId, '现场照片.png', PNG);
      expect(scan.location).toContain('done=released-unreadable');
      expect(textOf((await office.get(page())).body)).toContain('无法自动检查，须人工核查');
      const blocked = await office.submit(`${page()}/reply`, { on: '2026-10-20', replyType: 'disclosed', note: '现予以公开' }, page());
      expect(blocked.status).toBe(422);
      const message = textOf(blocked.body);
      expect(message).toContain('以下公开信息尚未核查，不能随答复提供');
      expect(message).toContain('“公示名单.pdf”（发现 2 处疑似敏感信息');
      expect(message).toContain('“现场照片.png”（无法自动检查，须人工核查）');
      expect((await store.findCase(t.database.db, caseId))!.status).toBe('assigned');
      // Replace the photo with a text copy; confirm the list with a reason.
      const [pdfRow, pngRow] = await filesOf(caseId);
      const replaced = await send(caseId, '现场情况说明.txt', Buffer.from('现场情况说明：已按方案完成公示。'), `released/${pngRow!.id}/replace`);
      expect(replaced.location).toContain('done=released-clean');
      expect((await filesOf(caseId)).map((f) => f.filename)).toEqual(['公示名单.pdf', '现场情况说明.txt']);
      expect((await auditOf('application.released.replace'))[0]!.summary).toContain('以“现场情况说明.txt”替换随答复提供的公开信息“现场照片.png”');
      const confirmed = await office.submit(`${page()}/released/${pdfRow!.id}/confirm`, { reason: '公示名单依法应当公开，身份证号码已在公示版中核对' }, page());
      expect(confirmed.status).toBe(303);
      const row = (await filesOf(caseId))[0]!;
      expect(row.reviewed_by).toBeGreaterThan(0);
      expect(row.reviewed_at).toBeTruthy();
      expect(row.review_note).toBe('公示名单依法应当公开，身份证号码已在公示版中核对');
      const [audit] = await auditOf('application.released.confirm');
      expect(audit!.actor_id).toBe(row.reviewed_by);
      expect(audit!.summary).toContain('已核查，可以公开');
      expect(audit!.summary).toContain('理由：公示名单依法应当公开');
      expect(textOf((await office.get(page())).body)).toContain('已核查，可以公开：测试gkb.released');
      // A removable extra, removed (audited).
      await send(caseId, '草稿.txt', Buffer.from('草稿'));
      const extra = (await filesOf(caseId)).at(-1)!;
      expect((await office.submit(`${page()}/released/${extra.id}/remove`, {}, page())).status).toBe(303);
      expect((await filesOf(caseId)).map((f) => f.filename)).toEqual(['公示名单.pdf', '现场情况说明.txt']);
      expect((await auditOf('application.released.remove'))[0]!.summary).toContain('草稿.txt');
    });

    it('refuses records with a reply type that releases nothing', async () => {
      const refused = await office.submit(`${page()}/reply`, { on: '2026-10-20', replyType: 'withheld_process_info', note: '过程性信息' }, page());
      expect(refused.status).toBe(422);
      expect(textOf(refused.body)).toContain('答复类型“不予公开：属于四类过程性信息”不向申请人提供政府信息，不能随答复提供公开信息');
    });

    it('releases the records with the reply: the applicant downloads them, the letter lists them, nobody else sees them', async () => {
      const replied = await office.submit(`${page()}/reply`, { on: '2026-10-20', replyType: 'disclosed', note: '现予以公开' }, page());
      expect(replied.status).toBe(303);
      const files = await filesOf(caseId);
      expect(files.every((f) => f.to_applicant === 1)).toBe(true);
      const letter = await t.database.db.selectFrom('application_files').selectAll().where('application_id', '=', caseId).where('kind', '=', 'letter').executeTakeFirstOrThrow();
      const letterBytes = await readCaseFile(dataDir, t.gk.services.secret, letter);
      const letterText = (await mammoth.extractRawText({ buffer: letterBytes! })).value;
      expect(letterText).toContain('附：公开信息清单');
      expect(letterText).toContain('1. 公示名单.pdf（可在个人空间下载）');
      expect(letterText).toContain('2. 现场情况说明.txt（可在个人空间下载）');
      const space = await citizen.get(`/space/applications/${caseId}`);
      expect(space.status).toBe(200);
      expect(textOf(space.body)).toContain('公开的政府信息');
      for (const f of files) expect(space.body).toContain(`/space/applications/${caseId}/files/${f.id}`);
      const download = await citizen.get(`/space/applications/${caseId}/files/${files[1]!.id}`);
      expect(download.status).toBe(200);
      expect(download.body).toBe('现场情况说明：已按方案完成公示。');
      expect(download.header('content-disposition')).toContain('attachment');
      expect((await stranger.get(`/space/applications/${caseId}/files/${files[1]!.id}`)).status).toBe(404);
      expect((await stranger.get(`/space/applications/${caseId}`)).status).toBe(404);
      // Delivered: no more changes.
      const late = await office.submit(`${page()}/released/${files[0]!.id}/remove`, {}, page());
      expect(late.status).toBe(422);
      expect(textOf(late.body)).toContain('已答复或办结');
      expect(await filesOf(caseId)).toHaveLength(2);
    });

    it('takes a record with the reply form itself, and warns (but allows) 予以公开 without records for electronic delivery', async () => {
      const withFile = await newCase('电子邮件', '请公开2025年部门预算');
      const csrf = await office.csrf(page(withFile));
      const replied = await postMultipart(office, `${page(withFile)}/reply`, { _csrf: csrf, on: '2026-10-20', replyType: 'partly_disclosed', note: '部分公开' }, { field: 'file', name: '部门预算.txt', bytes: Buffer.from('2025年部门预算') });
      expect(replied.status).toBe(303);
      expect((await filesOf(withFile)).map((f) => [f.filename, f.to_applicant])).toEqual([['部门预算.txt', 1]]);

      const refusedWithFile = await newCase('电子邮件', '请公开某项目的内部讨论稿');
      const refused = await postMultipart(office, `${page(refusedWithFile)}/reply`, { _csrf: await office.csrf(page(refusedWithFile)), on: '2026-10-20', replyType: 'withheld_process_info' }, { field: 'file', name: '讨论稿.txt', bytes: Buffer.from('讨论稿') });
      expect(refused.status).toBe(422);
      expect(textOf(refused.body)).toContain('所选答复类型不向申请人提供政府信息');
      expect(await filesOf(refusedWithFile)).toHaveLength(0);

      const without = await newCase('在线查看（个人空间）', '请公开2024年部门决算');
      const ok = await office.submit(`${page(without)}/reply`, { on: '2026-10-20', replyType: 'disclosed', note: '已另行邮寄' }, page(without));
      expect(ok.status).toBe(303);
      expect(textOf((await office.get(ok.location!)).body)).toContain('答复未附公开信息');
      const paper = await newCase('纸质邮寄', '请公开2023年部门决算');
      const posted = await office.submit(`${page(paper)}/reply`, { on: '2026-10-20', replyType: 'disclosed' }, page(paper));
      expect(textOf((await office.get(posted.location!)).body)).not.toContain('答复未附公开信息');
    });
  });
}
