import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../src/modules/accounts/roles.js';
import { documentInputSchema } from '../src/modules/documents/documents.schemas.js';
import { createDraft } from '../src/modules/documents/editing.service.js';
import { publishDocument, reviewDocument, submitForReview } from '../src/modules/documents/workflow.service.js';
import { testDialects } from '../src/platform/db/testing.js';
import type { Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* 定向公开: a document disclosed to named accounts reaches their space and nobody else. */

for (const kind of testDialects()) {
  describe(`targeted disclosure (${kind})`, () => {
    let t: TestApp;
    let docId: number;
    let named: Client;
    let other: Client;
    const staff = async (username: string, roles: StaffRole[]) => ({ id: await t.addStaff(username, roles), siteId: t.siteId, label: username, ip: '-', roles });

    beforeAll(async () => {
      t = await startTestApp(kind);
      named = await t.citizenClient('named@example.com');
      other = await t.citizenClient('other@example.com');
      const [editor, reviewer, secrecy, head] = [await staff('t.editor', ['editor']), await staff('t.reviewer', ['reviewer']), await staff('t.secrecy', ['confidentiality']), await staff('t.head', ['head'])];
      const input = documentInputSchema.parse({ type: 'notice', title: '关于征收补偿方案的定向告知', issuers: '上海市规划和自然资源局', body: '现将有关征收补偿方案定向告知相关权利人。' });
      const created = await createDraft(t.database, { id: t.siteId, siteCode: '3100000000' }, input, editor);
      if (!created.ok) throw new Error('draft');
      docId = created.value;
      await submitForReview(t.database, docId, editor);
      const targeted = { disclosure: 'proactive', reason: null, targeted: true, recipients: ['named@example.com'] };
      expect((await reviewDocument(t.database, docId, { version: 1, decision: 'approve', comment: '', attribute: targeted }, reviewer)).ok).toBe(true);
      await reviewDocument(t.database, docId, { version: 1, decision: 'approve', comment: '' }, secrecy);
      await reviewDocument(t.database, docId, { version: 1, decision: 'approve', comment: '' }, head);
      expect((await publishDocument(t.database, docId, reviewer, { hooks: t.gk.services.documentHooks })).ok).toBe(true);
    });
    afterAll(() => t?.close());

    it('lists the document in the named account’s space only', async () => {
      const page = await named.get('/space/documents');
      expect(page.status).toBe(200);
      expect(page.body).toContain('关于征收补偿方案的定向告知');
      expect(page.header('cache-control')).toBe('private, no-store');
      const otherPage = await other.get('/space/documents');
      expect(otherPage.body).not.toContain('关于征收补偿方案的定向告知');
      expect(otherPage.body).toContain('暂无定向公开给您的文件');
    });

    it('keeps it out of public search, and refuses unknown recipients at 公开属性认定', async () => {
      const hits = await t.gk.services.search.search({ q: '征收补偿方案' });
      expect(hits.total).toBe(0);
      const mine = await t.gk.services.search.search({ q: '征收补偿方案', viewerAccountId: (await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'named@example.com').executeTakeFirstOrThrow()).id });
      expect(mine.total).toBe(1);
    });
  });
}
