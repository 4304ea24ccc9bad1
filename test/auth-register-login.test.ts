import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { textOf } from './support/client.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

/* Registration, sign-in and sign-out through the real pages, as a person's browser does them. */

const personForm = (email: string) => ({
  kind: 'person', name: '王小明', contact: email, password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, agree: 'on',
});

describe.each(testDialects())('registration, sign-in and sign-out (%s)', (kind) => {
  let t: TestApp;

  const account = (email: string) => t.database.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
  const auditActions = async (accountId: number) =>
    (await t.database.db.selectFrom('audit_log').select('action').where('actor_id', '=', accountId).orderBy('seq').execute()).map((r) => r.action);

  beforeAll(async () => {
    t = await startTestApp(kind);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('registers a person, signs them in and welcomes them to their space', async () => {
    const browser = t.client();
    const reply = await browser.submit('/register', personForm('Wang.XM@Example.com'));
    expect(reply.status, textOf(reply.body)).toBe(303);
    expect(reply.location).toBe('/space?welcome=1');
    expect(browser.signedIn()).toBe(true);
    const space = await browser.get('/space?welcome=1');
    expect(space.status).toBe(200);
    expect(textOf(space.body)).toContain('王小明，您好');
    expect(space.body).toContain('注册成功');
    const row = await account('wang.xm@example.com');
    expect(row).toMatchObject({ kind: 'person', name: '王小明', site_id: null, status: 'active' });
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await auditActions(row!.id)).toContain('account.register');
  });

  it('registers an organization with its 统一社会信用代码 (stored in capitals)', async () => {
    const browser = t.client();
    const reply = await browser.submit('/register', {
      ...personForm('org@example.com'), kind: 'organization', name: '示例规划设计有限公司', orgType: '商业企业', creditCode: '91310000ma1k4x7b20',
    });
    expect(reply.status, textOf(reply.body)).toBe(303);
    expect(await account('org@example.com')).toMatchObject({ kind: 'organization', org_type: '商业企业', credit_code: '91310000MA1K4X7B20' });
    expect(textOf((await browser.get('/space')).body)).toContain('企业专属空间');
  });

  it('explains in Chinese what is wrong with an organization form', async () => {
    const reply = await t.client().submit('/register', { ...personForm('org2@example.com'), kind: 'organization', name: '某公司', orgType: '', creditCode: '1234' });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain('统一社会信用代码应为 18 位');
    expect(reply.body).toContain('请选择单位类型');
    expect(await account('org2@example.com')).toBeUndefined();
  });

  it('refuses a second account for the same e-mail, whatever its capitals, in Chinese', async () => {
    await t.client().submit('/register', personForm('dup@example.com'));
    const again = await t.client().submit('/register', { ...personForm('DUP@example.com'), name: '另一个人' });
    expect(again.status).toBe(422);
    expect(again.body).toContain('该电子邮箱已注册，请直接登录或找回密码');
    const rows = await t.database.db.selectFrom('accounts').select('name').where('email', '=', 'dup@example.com').execute();
    expect(rows).toEqual([{ name: '王小明' }]);
  });

  it('checks the password policy and the confirmation', async () => {
    const weak = await t.client().submit('/register', { ...personForm('weak@example.com'), password: 'short', passwordConfirm: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body).toContain('密码至少 10 位');
    const mismatch = await t.client().submit('/register', { ...personForm('weak@example.com'), passwordConfirm: 'Other-Passw0rd-1' });
    expect(mismatch.body).toContain('两次输入的密码不一致');
    expect(await account('weak@example.com')).toBeUndefined();
  });

  it('signs in with e-mail or mobile number, and refuses a wrong password without saying which part was wrong', async () => {
    await t.client().submit('/register', { ...personForm('13912345678'), name: '手机用户' });
    const byMobile = t.client();
    const ok = await byMobile.loginPublic('139-1234-5678', TEST_PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/space');
    const wrong = await t.client().loginPublic('wang.xm@example.com', 'Wrong-Passw0rd-1');
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('账号或密码不正确');
    const unknown = await t.client().loginPublic('nobody@example.com', 'Wrong-Passw0rd-1');
    expect(unknown.status).toBe(422);
    expect(textOf(unknown.body).replace(/nobody@example.com/, 'X')).toBe(textOf(wrong.body).replace(/wang.xm@example.com/, 'X'));
  });

  it('keeps the two doors apart: staff cannot sign in on /login, the public cannot on /console/login', async () => {
    await t.addStaff('door.editor', ['editor']);
    expect((await t.client().loginPublic('door.editor', TEST_PASSWORD)).status).toBe(422);
    expect((await t.client().loginStaff('wang.xm@example.com', TEST_PASSWORD)).status).toBe(422);
  });

  it('follows ?next= only to paths on this site', async () => {
    const signIn = async (next: string) => (await t.client().submit('/login', { identifier: 'wang.xm@example.com', password: TEST_PASSWORD, next })).location;
    expect(await signIn('/space/inbox')).toBe('/space/inbox');
    for (const evil of ['https://evil.example/', '//evil.example/', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', ' //evil.example']) {
      expect(await signIn(evil), JSON.stringify(evil)).toBe('/space');
    }
  });

  it('signs out: the session ends on the server, the cookie goes, and the old token no longer works', async () => {
    const browser = t.client();
    await browser.loginPublic('wang.xm@example.com', TEST_PASSWORD);
    const token = browser.cookies.get('gk_sid')!;
    const out = await browser.submit('/logout', {}, '/space');
    expect(out.status).toBe(303);
    expect(out.location).toBe('/');
    expect(browser.signedIn()).toBe(false);
    expect((await browser.get('/space')).status).toBe(303);
    const replay = t.client();
    replay.cookies.set('gk_sid', token);
    expect((await replay.get('/space')).location).toBe('/login?next=%2Fspace');
    const id = (await account('wang.xm@example.com'))!.id;
    expect(await auditActions(id)).toEqual(expect.arrayContaining(['auth.login', 'auth.logout']));
  });

  it('sends staff back to the staff sign-in after signing out', async () => {
    const staff = await t.staffClient('logout.admin', ['admin']);
    const out = await staff.submit('/logout', {}, '/console');
    expect(out.location).toBe('/console/login');
    expect((await staff.get('/console')).location).toBe('/console/login?next=%2Fconsole');
  });
});
