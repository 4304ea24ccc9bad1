import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRoleCodes } from '../src/modules/accounts/roles.js';
import { loadSubscribeSettings } from '../src/modules/subscriptions/subscribe/index.js';
import { testDialects } from '../src/platform/db/testing.js';
import { csrfOf, textOf, type Client } from './support/client.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/* C2: the subscription limits an admin sets at /console/subscription-settings (订阅设置). */

const PAGE = '/console/subscription-settings';
const defaults = { maxPerSubscriber: '50', confirmHours: '72', maxProfileTags: '40' };

describe.each(testDialects())('subscription settings console (%s)', (kind) => {
  let t: TestApp;
  let admin: Client;
  const db = () => t.database.db;
  const stored = () => db().selectFrom('platform_settings').select('value').where('key', '=', 'subscriptions.rules').executeTakeFirst();
  const audits = () => db().selectFrom('audit_log').select(['summary', 'actor_label', 'target_id']).where('action', '=', 'subscriptions.settings').orderBy('seq').execute();
  const liveCount = async (email: string) =>
    (await db().selectFrom('subscriptions as s').innerJoin('subscribers as b', 'b.id', 's.subscriber_id').innerJoin('accounts as a', 'a.id', 'b.account_id')
      .select('s.id').where('a.email', '=', email).where('s.status', '=', 'active').execute()).length;
  const subscribeKeyword = (c: Client, keyword: string) =>
    c.submit('/space/subscriptions', { criterion: 'keyword', value_keyword: keyword, channel: 'inbox', frequency: 'immediate' });

  beforeAll(async () => {
    t = await startTestApp(kind);
    admin = await t.staffClient('settingsadmin', ['admin']);
  });
  afterAll(async () => t?.close());

  it('shows admins the three limits with the defaults, bounds and hints, and lists the page in the menu', async () => {
    const page = await admin.get(PAGE);
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    for (const label of ['每个订阅人最多订阅数', '邮件订阅确认链接有效时长（小时）', '每个账号最多画像标签数']) expect(text).toContain(label);
    expect(page.body).toMatch(/name="maxPerSubscriber" type="number"[^>]*min="1" max="1000"[^>]*value="50"/);
    expect(page.body).toMatch(/name="confirmHours" type="number"[^>]*min="1" max="720"[^>]*value="72"/);
    expect(page.body).toMatch(/name="maxProfileTags" type="number"[^>]*min="1" max="500"[^>]*value="40"/);
    expect(text).toContain('默认 50');
    expect(text).toContain('已超过此数的订阅不会被取消，只是不能再新增');
    expect(page.body).toContain('href="/console/subscription-settings"');
    expect(await stored()).toBeUndefined();
  });

  it('refuses non-admin staff (403, not in their menu) and the anonymous, and stores nothing', async () => {
    for (const role of staffRoleCodes.filter((r) => r !== 'admin')) {
      const c = await t.staffClient(`settings-${role}`, [role]);
      const home = await c.get('/console/account');
      expect(home.body, role).not.toContain('href="/console/subscription-settings"');
      expect((await c.get(PAGE)).status, role).toBe(403);
      const post = await c.post(PAGE, { _csrf: csrfOf(home.body), maxPerSubscriber: '1', confirmHours: '1', maxProfileTags: '1' });
      expect(post.status, role).toBe(403);
    }
    const anonymous = await t.client().get(PAGE);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toContain('/console/login');
    expect(await stored()).toBeUndefined();
    expect(await audits()).toEqual([]);
  });

  it('refuses a post without a valid CSRF token', async () => {
    expect((await admin.post(PAGE, { maxPerSubscriber: '2', confirmHours: '72', maxProfileTags: '40' })).status).toBe(403);
    expect((await admin.post(PAGE, { _csrf: 'forged', maxPerSubscriber: '2', confirmHours: '72', maxProfileTags: '40' })).status).toBe(403);
    expect(await stored()).toBeUndefined();
  });

  it('explains bad input in Chinese next to the field, keeps it, and stores nothing', async () => {
    for (const typed of ['0', '99999', 'abc', '', '1.5']) {
      const reply = await admin.submit(PAGE, { ...defaults, maxPerSubscriber: typed });
      expect(reply.status, typed).toBe(422);
      const message = typed === '' ? '请填写此项（1–1000 之间的整数）' : '请填写 1–1000 之间的整数';
      expect(reply.body, typed).toMatch(new RegExp(`id="e-maxPerSubscriber"[^>]*>.*${message.replace(/[()（）]/g, '.')}`));
      expect(reply.body, typed).toContain(`name="maxPerSubscriber" type="number"`);
      const kept = typed === '' ? 'value required' : `value="${typed.replace('.', '\\.')}"`; // Preact writes an empty value bare
      expect(reply.body, typed).toMatch(new RegExp(`name="maxPerSubscriber"[^>]*${kept}`));
      expect(reply.body, typed).toContain('value="72"');
      expect(textOf(reply.body), typed).toContain('提交的内容有 1 处需要修改');
    }
    const all = await admin.submit(PAGE, { maxPerSubscriber: '-3', confirmHours: '721', maxProfileTags: '501' });
    expect(all.status).toBe(422);
    expect(textOf(all.body)).toContain('请填写 1–720 之间的整数');
    expect(textOf(all.body)).toContain('请填写 1–500 之间的整数');
    expect(all.body).toContain('value="721"');
    const nothing = await admin.submit(PAGE, {});
    expect(nothing.status).toBe(422);
    expect(textOf(nothing.body)).toContain('提交的内容有 3 处需要修改');
    expect(await stored()).toBeUndefined();
    expect(await audits()).toEqual([]);
  });

  it('saves new limits (audited old → new), which the subscription rules then follow', async () => {
    const saved = await admin.submit(PAGE, { maxPerSubscriber: '2', confirmHours: '48', maxProfileTags: '10' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${PAGE}?done=saved`);
    const after = await admin.get(saved.location!);
    expect(textOf(after.body)).toContain('已保存订阅设置。');
    expect(after.body).toMatch(/name="maxPerSubscriber"[^>]*value="2"/);
    expect(await loadSubscribeSettings(db())).toEqual({ maxPerSubscriber: 2, confirmHours: 48, maxProfileTags: 10 });
    expect(await audits()).toEqual([{
      summary: '修改订阅设置：每个订阅人最多订阅数 50 → 2；邮件订阅确认链接有效时长（小时） 72 → 48；每个账号最多画像标签数 40 → 10',
      actor_label: '测试settingsadmin',
      target_id: 'subscriptions.rules',
    }]);

    const citizen = await t.citizenClient('limited@example.com');
    expect((await subscribeKeyword(citizen, '耕地保护')).status).toBe(303);
    expect((await subscribeKeyword(citizen, '城市更新')).status).toBe(303);
    const third = await subscribeKeyword(citizen, '海域使用');
    expect(third.status).toBe(422);
    expect(textOf(third.body)).toContain('每人最多保留 2 项订阅，请先退订不再需要的订阅');
    expect(await liveCount('limited@example.com')).toBe(2);

    // The stored row is updated in place (the second save goes through the conflict branch).
    const raised = await admin.submit(PAGE, { maxPerSubscriber: '3', confirmHours: '48', maxProfileTags: '10' });
    expect(raised.status).toBe(303);
    expect((await loadSubscribeSettings(db())).maxPerSubscriber).toBe(3);
    expect((await audits()).at(-1)!.summary).toBe('修改订阅设置：每个订阅人最多订阅数 2 → 3');
    expect((await subscribeKeyword(citizen, '海域使用')).status).toBe(303);

    // Lowering the limit ends nobody's subscriptions; it only stops new ones.
    expect((await admin.submit(PAGE, { maxPerSubscriber: '1', confirmHours: '48', maxProfileTags: '10' })).status).toBe(303);
    expect(await liveCount('limited@example.com')).toBe(3);
    expect((await subscribeKeyword(citizen, '自然保护地')).status).toBe(422);
  });

  it('writes nothing when nothing changed', async () => {
    const before = await audits();
    const same = await admin.submit(PAGE, { maxPerSubscriber: '1', confirmHours: '48', maxProfileTags: '10' });
    expect(same.status).toBe(303);
    expect(same.location).toBe(`${PAGE}?done=unchanged`);
    expect(textOf((await admin.get(same.location!)).body)).toContain('设置没有变化，未作修改。');
    expect(await audits()).toEqual(before);
    expect(await db().selectFrom('platform_settings').select('key').where('key', '=', 'subscriptions.rules').execute()).toHaveLength(1);
  });
});
