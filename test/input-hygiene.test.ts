import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* Characters a database cannot store never turn a form or a query into a 500. */

describe.each(testDialects())('input hygiene (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it('drops NUL characters from form fields and query strings', async () => {
    const admin = await t.staffClient('nul.admin', ['admin']);
    const created = await admin.submit('/console/users/new', { name: '张\u0000三', username: 'nul.user', roles: 'editor', password: 'Test-Passw0rd-2026' });
    expect(created.status).toBe(303);
    const row = await t.database.db.selectFrom('accounts').select('name').where('username', '=', 'nul.user').executeTakeFirstOrThrow();
    expect(row.name).toBe('张三');
    const report = await t.client().submit('/feedback/site-error', { pageUrl: '/\u0000', category: '错别字', description: '页面有\u0000错别字需要更正。', contact: '' });
    expect(report.status).toBe(200);
    expect((await t.client().get('/search?q=%00规划')).status).toBe(200);
    expect((await admin.get('/console/audit?actor=%00')).status).toBe(200);
  });
});
