import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installApplications } from '../src/modules/applications/cases/testing.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* H4: the handler sees the applicant's count this month and the earlier near-identical requests, linked. */

const person = { applicantColumn: 'person', applicantName: '王五', idNumber: '310101199003073236', contactPhone: '021-12345678', deliveryForm: '当面领取', channel: 'in_person', submittedOn: '2026-09-28' };

for (const kind of testDialects()) {
  describe(`repeated applications on the case page (${kind})`, () => {
    let t: TestApp;
    let office: Client;
    beforeAll(async () => {
      t = await startTestApp(kind);
      await installApplications(t.gk);
      office = await t.staffClient('gkb', ['disclosure_office']);
    });
    afterAll(() => t?.close());

    it('links an earlier near-identical request and counts this month’s applications', async () => {
      const idOf = (location: string | undefined) => Number(/\/console\/applications\/(\d+)/.exec(location ?? '')?.[1]);
      const first = await office.submit('/console/applications/new', { ...person, description: '请公开2024年浦东新区某地块控制性详细规划调整的批复文件' });
      const second = await office.submit('/console/applications/new', { ...person, description: '请公开浦东新区某地块2024年控制性详细规划调整的批复文件。' });
      const other = await office.submit('/console/applications/new', { ...person, description: '请公开本市不动产登记收费标准的文件' });
      expect([first.status, second.status, other.status]).toEqual([303, 303, 303]);
      const page = textOf((await office.get(`/console/applications/${idOf(second.location)}`)).body);
      expect(page).toContain('共提出 3 件申请');
      expect(page).toMatch(/依申〔2026〕00001号\s*（2026-09-28 收到，相似度 \d+%/);
      const unrelated = textOf((await office.get(`/console/applications/${idOf(other.location)}`)).body);
      expect(unrelated).toContain('未发现该申请人此前提出的相同或相近申请');
    });

    it('puts unassigned cases on the office’s console dashboard, not on an editor’s', async () => {
      const late = await office.submit('/console/applications/new', { ...person, applicantName: '赵六', submittedOn: '2026-08-03', description: '请公开某工程竣工规划验收的合格证及附图' });
      expect(late.status).toBe(303);
      const page = (await office.get('/console')).body;
      expect(page).toContain('依申请公开');
      expect(page).toMatch(/待分办/);
      const stranger = await t.staffClient('editor.only', ['editor']);
      expect((await stranger.get('/console')).body).not.toContain('待分办');
    });
  });
}
