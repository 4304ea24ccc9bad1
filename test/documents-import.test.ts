import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocuments } from '../src/modules/documents/import.service.js';
import * as store from '../src/modules/documents/documents.store.js';
import { testDialects } from '../src/platform/db/testing.js';
import { databaseUrlOf, runCli } from './support/cli.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const line = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    title: '关于优化建设用地规划许可办理的通知', docNumber: '沪规划资源规〔2023〕7号', issuer: '上海市规划和自然资源局', type: '行政规范性文件',
    publishedAt: '2023-06-01', body: '<p>为优化营商环境，现就建设用地规划许可办理有关事项通知如下。</p>', externalId: 'old-cms-7', ...over,
  });

for (const kind of testDialects()) {
  describe(`import documents (${kind})`, () => {
    let t: TestApp;
    const actor = { id: null, label: '迁移导入', ip: '-', siteId: 0 };
    const site = () => ({ id: t.siteId, siteCode: '3100000000' });

    beforeAll(async () => {
      t = await startTestApp(kind);
      actor.siteId = t.siteId;
    });
    afterAll(() => t?.close());

    it('publishes each line with a recorded migrated review, searchable at once', async () => {
      const report = await importDocuments(t.database, site(), [line()], actor, t.gk.services.documentHooks);
      expect(report).toEqual({ created: 1, updated: 0, unchanged: 0, errors: [] });
      const doc = (await store.findByExternalId(t.database.db, t.siteId, 'old-cms-7'))!;
      expect([doc.status, doc.disclosure, doc.type, doc.published_at]).toEqual(['published', 'proactive', 'normative', '2023-06-01T01:00:00.000Z']);
      const reviews = await store.listReviews(t.database.db, doc.id);
      expect(reviews.map((r) => [r.step, r.decision])).toEqual([['attribute', 'migrated'], ['confidentiality', 'migrated'], ['approval', 'migrated']]);
      const found = await t.gk.services.search.search({ q: '沪规划资源规〔2023〕7号' });
      expect(found.items[0]?.title).toBe('关于优化建设用地规划许可办理的通知');
    });

    it('updates on a re-import of the same externalId, never duplicates, and skips unchanged lines', async () => {
      const again = await importDocuments(t.database, site(), [line(), line({ title: '关于优化建设用地规划许可办理的通知（修订）' })], actor, t.gk.services.documentHooks);
      expect(again).toEqual({ created: 0, updated: 1, unchanged: 1, errors: [] });
      const rows = await t.database.db.selectFrom('documents').select(['id', 'current_version', 'title']).where('external_id', '=', 'old-cms-7').execute();
      expect(rows).toHaveLength(1);
      expect([rows[0]!.current_version, rows[0]!.title]).toEqual([2, '关于优化建设用地规划许可办理的通知（修订）']);
    });

    it('reports a bad line with its number and imports the rest', async () => {
      const report = await importDocuments(
        t.database,
        site(),
        [line({ externalId: 'a-1', docNumber: null }), '{not json', line({ externalId: 'a-3', type: '会议纪要' }), '', line({ externalId: 'a-5', publishedAt: '2023/06/01' }), line({ externalId: 'a-6', title: '关于规范临时用地管理的通知' })],
        actor,
        t.gk.services.documentHooks,
      );
      expect(report.created).toBe(2);
      expect(report.errors.map((e) => e.line)).toEqual([2, 3, 5]);
      expect(report.errors[0]!.message).toContain('JSON');
      expect(report.errors[1]!.message).toContain('type');
      expect(report.errors[2]!.message).toContain('publishedAt');
    });

    it('runs as `gongkai import documents FILE.jsonl` and exits 1 when a line failed', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gk-import-'));
      try {
        const file = join(dir, 'docs.jsonl');
        writeFileSync(file, [line({ externalId: 'cli-1', title: '关于推进城市更新单元规划的通知' }), 'oops'].join('\n'));
        const result = await runCli(['import', 'documents', file], { DATABASE_URL: databaseUrlOf(t.database) });
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('第 2 行');
        expect(result.stdout).toContain('新增 1');
        expect(await store.findByExternalId(t.database.db, t.siteId, 'cli-1')).toBeDefined();
        const missing = await runCli(['import', 'documents', join(dir, 'none.jsonl')], { DATABASE_URL: databaseUrlOf(t.database) });
        expect(missing.code).toBe(2);
        expect(missing.stderr).toContain('文件不存在');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
