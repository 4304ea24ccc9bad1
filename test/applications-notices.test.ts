import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseFile } from '../src/modules/applications/applicant/index.js';
import { caseContext, submitOnline } from '../src/modules/applications/cases/index.js';
import { addDepartment } from '../src/modules/applications/cases/testing.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* The 补正通知书 and the 答复告知书 are made as .docx with the move and reach the applicant's space. */

for (const kind of testDialects()) {
  describe(`notices and letters to the applicant (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    let office: Client;
    let citizen: Client;
    let caseId: number;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'gk-notices-'));
      t = await startTestApp(kind, { DATA_DIR: dataDir });
      const dept = await addDepartment(t.database, t.siteId, '详细规划处', 'XXGH');
      office = await t.staffClient('gkb.notice', ['disclosure_office']);
      citizen = await t.citizenClient('notice@example.com');
      const citizenId = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'notice@example.com').executeTakeFirstOrThrow()).id;
      const created = await submitOnline(await caseContext(t.gk.services), t.siteId, { id: citizenId, ip: '127.0.0.1' }, {
        idNumber: '310101199003073236', description: '请公开某地块控制性详细规划调整的批复文件', deliveryForm: '在线查看（个人空间）', submittedAt: '2026-09-28T01:30:00Z',
      });
      if (!created.ok) throw new Error(JSON.stringify(created.errors));
      caseId = created.value.id;
      expect((await office.submit(`/console/applications/${caseId}/assign`, { departmentId: String(dept) }, `/console/applications/${caseId}`)).status).toBe(303);
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const docxText = async (fileId: number) => {
      const row = await t.database.db.selectFrom('application_files').select(['storage_key', 'encrypted']).where('id', '=', fileId).executeTakeFirstOrThrow();
      const bytes = await readCaseFile(dataDir, t.gk.services.secret, row);
      return (await mammoth.extractRawText({ buffer: bytes! })).value;
    };

    it('keeps a 补正通知书 listing the items and the period, downloadable by the applicant only', async () => {
      const sent = await office.submit(`/console/applications/${caseId}/correction`, { on: '2026-09-30', items: '请写明所需信息的文号', periodDays: '10' }, `/console/applications/${caseId}`);
      expect(sent.status).toBe(303);
      const files = await t.database.db.selectFrom('application_files').selectAll().where('application_id', '=', caseId).execute();
      const notice = files.find((f) => f.kind === 'notice')!;
      expect(notice).toMatchObject({ to_applicant: 1, encrypted: 1 });
      const text = await docxText(notice.id);
      expect(text).toContain('补正');
      expect(text).toContain('请写明所需信息的文号');
      expect(text).toContain('2026-10-20'.slice(0, 4));
      const download = await citizen.get(`/space/applications/${caseId}/files/${notice.id}`);
      expect(download.status).toBe(200);
      expect(download.header('content-type')).toContain('officedocument');
      const stranger = await t.citizenClient('stranger@example.com');
      expect((await stranger.get(`/space/applications/${caseId}/files/${notice.id}`)).status).toBe(404);
    });

    it('keeps the 答复告知书 with the reply, in the site’s 答复口径', async () => {
      expect((await office.submit(`/console/applications/${caseId}/correction-received`, { on: '2026-10-12' }, `/console/applications/${caseId}`)).status).toBe(303);
      const replied = await office.submit(`/console/applications/${caseId}/reply`, { on: '2026-10-20', replyType: 'disclosed', note: '现予以提供' }, `/console/applications/${caseId}`);
      expect(replied.status).toBe(303);
      const letter = (await t.database.db.selectFrom('application_files').selectAll().where('application_id', '=', caseId).where('kind', '=', 'letter').executeTakeFirst())!;
      const text = await docxText(letter.id);
      expect(text).toContain('政府信息公开申请答复告知书');
      expect(text).toContain('依申〔2026〕');
    });
  });
}
