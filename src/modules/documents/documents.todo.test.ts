import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { testDialects } from '../../platform/db/testing.js';
import type { StaffRole } from '../accounts/roles.js';
import { documentInputSchema } from './documents.schemas.js';
import { documentTodos } from './documents.todo.js';
import { createDraft } from './editing.service.js';
import { importDocuments } from './import.service.js';
import { reviewDocument, submitForReview } from './workflow.service.js';

for (const kind of testDialects()) {
  describe(`console 待办 (${kind})`, () => {
    let t: TestApp;
    const people: Record<string, { id: number; siteId: number; label: string; ip: string; roles: StaffRole[] }> = {};
    beforeAll(async () => {
      t = await startTestApp(kind);
      for (const [name, roles] of Object.entries({ editor: ['editor', 'reviewer'], reviewer: ['reviewer'], secrecy: ['confidentiality'], other: ['editor'] } as Record<string, StaffRole[]>)) {
        people[name] = { id: await t.addStaff(name, roles), siteId: t.siteId, label: name, ip: '-', roles };
      }
    });
    afterAll(() => t?.close());

    it('shows each person the reviews their roles can take, never on their own draft', async () => {
      const input = documentInputSchema.parse({ type: 'other', title: '关于开展政务公开工作检查的通知', issuers: '上海市规划和自然资源局', body: '现就开展政务公开工作检查有关事项通知如下。' });
      const created = await createDraft(t.database, { id: t.siteId, siteCode: '3100000000' }, input, people.editor!);
      const id = created.ok ? created.value : 0;
      await submitForReview(t.database, id, people.editor!);
      const todo = (name: string) => documentTodos(t.database.db, people[name]!);
      expect((await todo('reviewer')).map((x) => x.what)).toEqual(['待公开属性认定']);
      expect(await todo('editor')).toEqual([]);
      expect(await todo('secrecy')).toEqual([]);
      await reviewDocument(t.database, id, { version: 1, decision: 'approve', comment: '', attribute: { disclosure: 'proactive', reason: null, targeted: false, recipients: [] } }, people.reviewer!);
      expect((await todo('secrecy')).map((x) => x.what)).toEqual(['待保密审查']);
    });

    it('routes findings in published documents to confidentiality reviewers', async () => {
      const line = JSON.stringify({ title: '关于公示补偿对象名单的公告', issuer: '上海市规划和自然资源局', type: 'notice', publishedAt: '2024-03-01', body: '张三，身份证号310101199003073236。', externalId: 'leak-1' });
      await importDocuments(t.database, { id: t.siteId, siteCode: '3100000000' }, [line], { id: null, label: '导入', ip: '-', siteId: t.siteId }, t.gk.services.documentHooks);
      const secrecy = await documentTodos(t.database.db, people.secrecy!);
      expect(secrecy.some((x) => x.title === '关于公示补偿对象名单的公告' && x.what.includes('1 处'))).toBe(true);
      expect((await documentTodos(t.database.db, people.other!)).some((x) => x.title === '关于公示补偿对象名单的公告')).toBe(false);
    });
  });
}
