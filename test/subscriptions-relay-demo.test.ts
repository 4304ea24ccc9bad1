import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRelay } from '../src/modules/subscriptions/relay/relay.demo.js';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf } from './support/client.js';
import { library } from './support/library.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe.each(testDialects())('政策知识点 demo data (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const lib = library(t);
    const [policy, interpretation] = await lib.publish({ title: '演示政策' }, { title: '演示政策解读', type: 'interpretation' });
    await t.database.db.updateTable('documents').set({ interprets_id: policy! }).where('id', '=', interpretation!).execute();
    await t.addStaff('editor', ['editor']);
    await t.addStaff('reviewer', ['reviewer']);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds two approved relay organisations and one published package they received, once', async () => {
    expect(await seedDemoRelay(t.database, t.siteId)).toBe(1);
    expect(await seedDemoRelay(t.database, t.siteId)).toBe(0);
    const pkg = await t.database.db.selectFrom('relay_packages').select(['id', 'status', 'created_by', 'published_by']).executeTakeFirstOrThrow();
    expect(pkg.status).toBe('published');
    expect(pkg.published_by).not.toBe(pkg.created_by);
    expect((await t.client().get(`/relay/${pkg.id}`)).status).toBe(200);

    const association = t.client();
    expect((await association.loginPublic('association@example.com', DEMO_PASSWORD)).status).toBe(303);
    const space = textOf((await association.get('/space/relay')).body);
    expect(space).toContain('《演示政策》政策知识点');
    expect(space).toContain('已登记转发 1 次，覆盖 85 人');
    expect(textOf((await association.get('/space/inbox')).body)).toContain('政策知识点：《演示政策》政策知识点');
  });
});
