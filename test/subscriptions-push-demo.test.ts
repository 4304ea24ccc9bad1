import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPushes } from '../src/modules/subscriptions/push/push.demo.js';
import { ensureDefaultTags } from '../src/modules/subscriptions/tags/tags.service.js';
import { testDialects } from '../src/platform/db/testing.js';
import { library } from './support/library.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe.each(testDialects())('精准推送 demo data (%s)', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await library(t).publish({ title: '演示政策甲' }, { title: '演示政策乙' });
    await t.addStaff('editor', ['editor']);
    await t.addStaff('reviewer', ['reviewer']);
    await ensureDefaultTags(t.database.db, t.siteId);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds one sent push (inbox messages a recipient can rate) and one awaiting approval, once', async () => {
    const citizen = await t.citizenClient('demo.push@example.com');
    const db = t.database.db;
    const account = await db.selectFrom('accounts').select('id').where('email', '=', 'demo.push@example.com').executeTakeFirstOrThrow();
    const tag = await db.selectFrom('audience_tags').select('id').where('label', '=', '动迁居民').executeTakeFirstOrThrow();
    await db.insertInto('account_audience_tags').values({ account_id: account.id, tag_id: tag.id }).execute();

    expect(await seedDemoPushes(t.database, t.siteId)).toBe(2);
    expect(await seedDemoPushes(t.database, t.siteId)).toBe(0);
    const pushes = await db.selectFrom('pushes').select(['id', 'status', 'recipient_count', 'created_by', 'approved_by']).orderBy('id').execute();
    expect(pushes.map((p) => p.status)).toEqual(['sent', 'pending_approval']);
    expect(pushes[0]!.recipient_count).toBe(1);
    expect(pushes[0]!.approved_by).not.toBe(pushes[0]!.created_by);
    const message = await db.selectFrom('inbox_messages').select('id').where('account_id', '=', account.id).where('delivery_id', 'is not', null).executeTakeFirstOrThrow();
    const page = await citizen.get(`/space/inbox/${message.id}`);
    expect(page.body).toContain('这条推送对您有用吗？');
    const rated = await citizen.submit(`/space/pushes/${pushes[0]!.id}/rating`, { useful: '1', message_id: String(message.id) }, `/space/inbox/${message.id}`);
    expect(rated.status).toBe(303);
  });
});
