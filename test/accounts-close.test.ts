import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../src/modules/accounts/accounts.service.js';
import { insertAccount } from '../src/modules/accounts/accounts.store.js';
import { caseContext, submitOnline } from '../src/modules/applications/cases/index.js';
import { deliverToInbox } from '../src/modules/space/inbox.store.js';
import { nowIso } from '../src/platform/db/database.js';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf, type Client } from './support/client.js';
import { TEST_PASSWORD, startTestApp, type TestApp } from './support/test-app.js';
import { orgClient } from './support/webhooks.js';

/* 注销账号 (PIPL art. 47): a member of the public closes their own account at /space/close. */

describe.each(testDialects())('closing one\'s own account (%s)', (kind) => {
  let t: TestApp;
  const db = () => t.database.db;
  const accountOf = (id: number) => db().selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audits = (action: string, id: number) => db().selectFrom('audit_log').select(['summary', 'detail', 'actor_id']).where('action', '=', action).where('target_id', '=', String(id)).execute();
  const subscriptionsOf = (id: number) =>
    db().selectFrom('subscriptions as s').innerJoin('subscribers as b', 'b.id', 's.subscriber_id').select(['s.status', 's.ended_reason']).where('b.account_id', '=', id).execute();
  const inboxOf = (id: number) => db().selectFrom('inbox_messages').select('id').where('account_id', '=', id).execute();
  const sessionsOf = (id: number) => db().selectFrom('sessions').select('token_hash').where('account_id', '=', id).execute();

  let eventId: number;
  async function delivery(accountId: number, status: string, channel = 'email') {
    const row = await db().insertInto('deliveries').values({
      event_id: eventId, recipient_key: `a:${accountId}:${status}`, channel, subscription_id: null, account_id: accountId, address: 'x@example.com', frequency: 'immediate',
      status, attempts: 0, next_attempt_at: null, last_error: null, digest_id: null, created_at: nowIso(), sent_at: status === 'sent' ? nowIso() : null, opened_at: null, unsubscribed_at: null,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  const deliveryRow = (id: number) => db().selectFrom('deliveries').select(['status', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
  const addressOf = async (id: number) => (await db().selectFrom('deliveries').select('address').where('id', '=', id).executeTakeFirstOrThrow()).address;

  /** A signed-in person with two subscriptions and an inbox message. */
  async function person(email: string) {
    const client = await t.citizenClient(email);
    const id = (await db().selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    expect((await client.submit('/space/subscriptions', { criterion: 'theme', value_theme: '土地管理', channel: 'inbox', frequency: 'immediate' })).status).toBe(303);
    await deliverToInbox(db(), { siteId: t.siteId, accountId: id, category: '系统通知', title: '欢迎', body: '正文' });
    return { client, id };
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    eventId = (await db().insertInto('notify_events').values({
      site_id: t.siteId, kind: 'publication', dedupe_key: 'test:close', document_id: null, payload: '{}', status: 'done', match_cursor: 0, matched_count: 0, created_at: nowIso(), matched_at: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  it('closes an enterprise account: no sign-in, subscriptions ended, deliveries skipped, webhook disabled, messages gone; audited', async () => {
    const email = 'closing-org@example.com';
    const org = await orgClient(t, email, '甲市测试企业有限公司');
    const { client } = org;
    expect((await client.submit('/space/subscriptions', { criterion: 'theme', value_theme: '土地管理', channel: 'inbox', frequency: 'immediate' })).status).toBe(303);
    expect((await client.submit('/space/subscriptions', { criterion: 'theme', value_theme: '城市更新', channel: 'email', frequency: 'daily' })).status).toBe(303);
    await client.get('/space/tags');
    const tag = await db().selectFrom('audience_tags').select('id').where('label', '=', '农业').executeTakeFirstOrThrow();
    expect((await client.submit('/space/tags', { tags: [String(tag.id)] })).status).toBe(303);
    expect((await client.submit('/space/webhooks/new', { name: '协会平台', url: 'https://hooks.example.com/gongkai' }, '/space/webhooks')).status).toBe(200);
    await deliverToInbox(db(), { siteId: t.siteId, accountId: org.id, category: '系统通知', title: '测试消息', body: '正文' });
    const pending = await delivery(org.id, 'pending');
    const digest = await delivery(org.id, 'digest');
    const sent = await delivery(org.id, 'sent');
    const other = await person('bystander@example.com');
    const othersPending = await delivery(other.id, 'pending');
    const oldCookie = client.cookies.get('gk_sid')!;
    expect(await sessionsOf(org.id)).toHaveLength(1);

    const profile = await client.get('/space/profile');
    expect(profile.body).toContain('href="/space/close"');
    const page = await client.get('/space/close');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    for (const phrase of ['您将不能再登录本账号', '全部订阅随即终止', '推送接口（Webhook）全部停用', '全部消息被删除', '按档案管理规定保存', '当前密码', '我已了解上述后果']) expect(text).toContain(phrase);
    expect(text).not.toContain('尚未答复的政府信息公开申请');

    const closed = await client.submit('/space/close', { password: TEST_PASSWORD, acknowledge: 'on' }, '/space/close');
    expect(closed.status).toBe(303);
    expect(closed.location).toBe('/account-closed');
    expect(client.signedIn()).toBe(false);
    expect(textOf((await client.get('/account-closed')).body)).toContain('账号已注销');

    const account = await accountOf(org.id);
    expect(account).toMatchObject({ status: 'closed', name: '已注销用户', email: null, mobile: null, username: null, password_hash: null, oidc_subject: null });
    expect(await subscriptionsOf(org.id)).toEqual([{ status: 'ended', ended_reason: 'account_closed' }, { status: 'ended', ended_reason: 'account_closed' }]);
    expect(await deliveryRow(pending)).toEqual({ status: 'skipped', last_error: '账号已注销' });
    expect(await deliveryRow(digest)).toEqual({ status: 'skipped', last_error: '账号已注销' });
    expect((await deliveryRow(sent)).status).toBe('sent');
    expect((await deliveryRow(othersPending)).status).toBe('pending');
    // Where past messages went is forgotten too; another person's rows keep theirs.
    expect([await addressOf(sent), await addressOf(pending)]).toEqual([null, null]);
    expect(await addressOf(othersPending)).toBe('x@example.com');
    expect(await db().selectFrom('webhook_endpoints').select(['status', 'disabled_reason']).where('owner_account_id', '=', org.id).execute()).toEqual([{ status: 'disabled', disabled_reason: '账号已注销' }]);
    expect(await inboxOf(org.id)).toEqual([]);
    // Later notices (a case still being handled) write nothing to a closed account's inbox.
    expect(await deliverToInbox(db(), { siteId: t.siteId, accountId: org.id, category: '依申请公开', title: '答复', body: '正文' })).toBeNull();
    expect(await inboxOf(org.id)).toEqual([]);
    expect(await inboxOf(other.id)).toHaveLength(1);
    expect(await db().selectFrom('account_audience_tags').select('tag_id').where('account_id', '=', org.id).execute()).toEqual([]);
    expect(await sessionsOf(org.id)).toEqual([]);
    expect((await subscriptionsOf(other.id))[0]!.status).toBe('active');

    const [entry, ...more] = await audits('account.close', org.id);
    expect(more).toEqual([]);
    expect(entry!.summary).toBe('本人注销法人或其他组织账号');
    expect(entry!.actor_id).toBe(org.id);
    expect(`${entry!.summary}${entry!.detail}`).not.toMatch(/closing-org|甲市测试企业/);
    expect(JSON.parse(entry!.detail)).toMatchObject({ subscriptionsEnded: 2, deliveriesSkipped: 2, webhooksDisabled: 1, messagesDeleted: 1, profileTagsRemoved: 1, sessionsEnded: 1 });

    const stale = t.client();
    stale.cookies.set('gk_sid', oldCookie);
    const refused = await stale.get('/space');
    expect(refused.status).toBe(303);
    expect(refused.location).toBe('/login?next=%2Fspace');

    const login = await t.client().loginPublic(email, TEST_PASSWORD);
    expect(login.status).toBe(422);
    expect(textOf(login.body)).toContain('账号或密码不正确');

    const again = await t.client().submit('/register', { kind: 'person', name: '新用户', contact: email, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, agree: 'on' }, '/register');
    expect(again.status).toBe(303);
    expect(again.location).toBe('/space?welcome=1');
  });

  it('refuses a wrong password with a Chinese error, counts it like a failed sign-in and changes nothing', async () => {
    const { client, id } = await person('wrong-password@example.com');
    const reply = await client.submit('/space/close', { password: 'Not-the-passw0rd', acknowledge: 'on' }, '/space/close');
    expect(reply.status).toBe(422);
    expect(reply.body).toMatch(/id="e-password"[^>]*>.*当前密码不正确/);
    expect(reply.body).toMatch(/name="acknowledge" value="on" checked/);
    const account = await accountOf(id);
    expect(account).toMatchObject({ status: 'active', email: 'wrong-password@example.com', failed_logins: 1 });
    expect(await subscriptionsOf(id)).toEqual([{ status: 'active', ended_reason: null }]);
    expect(await inboxOf(id)).toHaveLength(1);
    expect(await audits('account.close', id)).toEqual([]);
    expect((await audits('account.close.failed', id)).map((a) => a.summary)).toEqual(['注销账号时密码错误（第 1 次）']);
    expect((await client.get('/space')).status).toBe(200);
  });

  it('locks the account after repeated wrong passwords, as the sign-in does', async () => {
    const { client, id } = await person('lockout-close@example.com');
    for (let i = 0; i < 5; i += 1) await client.submit('/space/close', { password: `Wrong-passw0rd-${i}`, acknowledge: 'on' }, '/space/close');
    expect((await accountOf(id)).locked_until).not.toBeNull();
    expect(await audits('auth.lockout', id)).toHaveLength(1);
    const right = await client.submit('/space/close', { password: TEST_PASSWORD, acknowledge: 'on' }, '/space/close');
    expect(right.status).toBe(422);
    expect(textOf(right.body)).toContain('密码错误次数过多，账号已临时锁定');
    expect((await accountOf(id)).status).toBe('active');
    const login = await t.client().loginPublic('lockout-close@example.com', TEST_PASSWORD);
    expect(login.status).toBe(429);
  });

  it('requires the acknowledgement checkbox and a password', async () => {
    const { client, id } = await person('no-checkbox@example.com');
    const unchecked = await client.submit('/space/close', { password: TEST_PASSWORD }, '/space/close');
    expect(unchecked.status).toBe(422);
    expect(unchecked.body).toMatch(/id="e-acknowledge"[^>]*>.*请勾选“我已了解上述后果”/);
    const empty = await client.submit('/space/close', { acknowledge: 'on' }, '/space/close');
    expect(empty.status).toBe(422);
    expect(textOf(empty.body)).toContain('请输入当前密码');
    expect(await accountOf(id)).toMatchObject({ status: 'active', failed_logins: 0 });
    expect(await subscriptionsOf(id)).toEqual([{ status: 'active', ended_reason: null }]);
  });

  it('refuses a post without a valid CSRF token', async () => {
    const { client, id } = await person('no-csrf@example.com');
    expect((await client.post('/space/close', { password: TEST_PASSWORD, acknowledge: 'on' })).status).toBe(403);
    expect((await client.post('/space/close', { _csrf: 'forged', password: TEST_PASSWORD, acknowledge: 'on' })).status).toBe(403);
    expect((await accountOf(id)).status).toBe('active');
  });

  it('sends anonymous visitors to sign in and refuses staff', async () => {
    const visitor = t.client();
    const get = await visitor.get('/space/close');
    expect(get.status).toBe(303);
    expect(get.location).toBe('/login?next=%2Fspace%2Fclose');
    const post = await visitor.submit('/space/close', { password: TEST_PASSWORD, acknowledge: 'on' }, '/login');
    expect(post.status).toBe(303);
    expect(post.location).toBe('/login?next=%2Fspace%2Fclose');
    const staff = await t.staffClient('close.admin', ['admin']);
    expect((await staff.get('/space/close')).status).toBe(403);
    const refused = await staff.submit('/space/close', { password: TEST_PASSWORD, acknowledge: 'on' }, '/console/account');
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain('个人/企业空间供公众账号使用');
    const row = await db().selectFrom('accounts').select('status').where('username', '=', 'close.admin').executeTakeFirstOrThrow();
    expect(row.status).toBe('active');
  });

  it('lists open applications with where the reply will go', async () => {
    const { client, id } = await person('applicant-close@example.com');
    const created = await submitOnline(await caseContext(t.gk.services), t.siteId, { id, ip: '127.0.0.1' }, {
      idNumber: '310101199003073236', description: '申请公开某地块控制性详细规划调整的批前公示材料', deliveryForm: '电子邮件', contactEmail: 'applicant-close@example.com',
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const text = textOf((await client.get('/space/close')).body);
    expect(text).toContain('尚未答复的政府信息公开申请');
    expect(text).toContain(created.value.number);
    expect(text).toContain('仍将依法继续办理');
    expect(text).toContain('applicant-close@example.com');
    expect((await client.submit('/space/close', { password: TEST_PASSWORD, acknowledge: 'on' }, '/space/close')).status).toBe(303);
    const kept = await db().selectFrom('applications').select(['applicant_account_id', 'status']).where('id', '=', created.value.id).executeTakeFirstOrThrow();
    expect(kept).toEqual({ applicant_account_id: id, status: 'received' });
  });

  it('asks an account without a password (OIDC) to type 确认注销', async () => {
    const id = await insertAccount(db(), { kind: 'person', name: '统一认证用户', siteId: null, email: 'oidc-close@example.com', passwordHash: null, oidcSubject: 'sub-close-1' });
    const token = await openSession(t.database, id, { ip: '127.0.0.1', userAgent: 'test' }, t.gk.services.config.session);
    const client: Client = t.client();
    client.cookies.set('gk_sid', token);
    const page = await client.get('/space/close');
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="confirmWords"');
    expect(page.body).not.toContain('name="password"');
    const wrong = await client.submit('/space/close', { confirmWords: '注销', acknowledge: 'on' }, '/space/close');
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatch(/id="e-confirmWords"[^>]*>.*请输入“确认注销”四个字/);
    expect(wrong.body).toContain('value="注销"');
    expect((await accountOf(id)).status).toBe('active');
    const done = await client.submit('/space/close', { confirmWords: '确认注销', acknowledge: 'on' }, '/space/close');
    expect(done.status).toBe(303);
    expect(await accountOf(id)).toMatchObject({ status: 'closed', email: null, oidc_subject: null });
  });
});
