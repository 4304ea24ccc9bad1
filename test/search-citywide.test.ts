import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocuments } from '../src/modules/documents/import.service.js';
import { testDialects } from '../src/platform/db/testing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* 集约化: one installation, several sites; search can span all of them, each hit linking to its own site. */

for (const kind of testDialects()) {
  describe(`city-wide search (${kind})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
      const siteB = await t.addSite('pudong', '浦东新区规划资源局', 'pd.example');
      const line = JSON.stringify({ title: '关于浦东新区滨江贯通工程规划实施的通知', issuer: '浦东新区规划资源局', type: 'notice', publishedAt: '2026-03-01', body: '为推进滨江贯通工程，现就规划实施有关事项通知如下。', externalId: 'pd-1' });
      const report = await importDocuments(t.database, { id: siteB, siteCode: '3101150000' }, [line], { id: null, label: '导入', ip: '-', siteId: siteB }, t.gk.services.documentHooks);
      expect(report.created).toBe(1);
    });
    afterAll(() => t?.close());

    it('finds another site’s document only when asked for all sites, and links to that site', async () => {
      const own = await t.client().get('/api/v1/search?q=滨江贯通');
      expect(JSON.parse(own.body).total).toBe(0);
      const all = JSON.parse((await t.client().get('/api/v1/search?q=滨江贯通&scope=all')).body);
      expect(all.total).toBe(1);
      expect(all.items[0].url).toMatch(/^http:\/\/pd\.example\/documents\/\d+$/);
      const onB = JSON.parse((await t.client({ host: 'pd.example' }).get('/api/v1/search?q=滨江贯通')).body);
      expect(onB.items[0].url).toMatch(/^\/documents\/\d+$/);
      const page = await t.client().get('/search?q=滨江贯通&scope=all');
      expect(page.status).toBe(200);
      expect(page.body).toContain('http://pd.example/documents/');
      expect((await t.client().get('/api/v1/search?q=x&scope=city')).status).toBe(400);
    });
  });
}
