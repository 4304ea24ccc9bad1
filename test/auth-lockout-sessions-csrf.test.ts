import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../src/platform/db/testing.js';
import { sha256 } from '../src/platform/tokens.js';
import { textOf } from './support/client.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from './support/test-app.js';

/* 等保-minded protections: lockout after repeated wrong passwords, idle timeout, CSRF on every form. */

const WRONG = 'Wrong-Passw0rd-1';

describe.each(testDialects())('lockout, session timeouts and CSRF (%s)', (kind) => {
  let t: TestApp;

  const accountByEmail = (email: string) => t.database.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  const actionsFor = async (accountId: number) =>
    (await t.database.db.selectFrom('audit_log').select('action').where('target_type', '=', 'account').where('target_id', '=', String(accountId)).orderBy('seq').execute()).map((r) => r.action);
  const sessionCount = async () => Number((await t.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await startTestApp(kind, { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15', SESSION_IDLE_MINUTES: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('locks an account after LOGIN_MAX_FAILURES wrong passwords, refuses even the right one, and audits it', async () => {
    await t.addCitizen('lock@example.com');
    const { id } = await accountByEmail('lock@example.com');
    for (let i = 1; i <= 2; i++) {
      const reply = await t.client().loginPublic('lock@example.com', WRONG);
      expect(reply.status, `attempt ${i}`).toBe(422);
      expect(reply.body).toContain('账号或密码不正确');
    }
    const third = await t.client().loginPublic('lock@example.com', WRONG);
    expect(third.status).toBe(429);
    expect(textOf(third.body)).toContain('密码错误次数过多，账号已临时锁定');

    const sessionsBefore = await sessionCount();
    const right = t.client();
    const refused = await right.loginPublic('lock@example.com', TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(right.signedIn()).toBe(false);
    expect(await sessionCount()).toBe(sessionsBefore);

    const row = await accountByEmail('lock@example.com');
    expect(row.locked_until! > new Date(Date.now() + 14 * 60_000).toISOString()).toBe(true);
    expect(await actionsFor(id)).toEqual(['account.register', 'auth.login.failed', 'auth.login.failed', 'auth.lockout', 'auth.login.locked']);
  });

  it('opens the account again once the lock has passed, and a good sign-in resets the count', async () => {
    const { id } = await accountByEmail('lock@example.com');
    await t.database.db.updateTable('accounts').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
    const browser = t.client();
    expect((await browser.loginPublic('lock@example.com', TEST_PASSWORD)).status).toBe(303);
    expect(await accountByEmail('lock@example.com')).toMatchObject({ failed_logins: 0, locked_until: null });
  });

  it('locks staff accounts the same way on the console sign-in', async () => {
    await t.addStaff('lock.staff', ['editor']);
    for (let i = 0; i < 3; i++) await t.client().loginStaff('lock.staff', WRONG);
    const reply = await t.client().loginStaff('lock.staff', TEST_PASSWORD);
    expect(reply.status).toBe(429);
    const row = await t.database.db.selectFrom('accounts').select('locked_until').where('username', '=', 'lock.staff').executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
  });

  it('signs out a session idle longer than SESSION_IDLE_MINUTES and deletes it', async () => {
    const citizen = await t.citizenClient('idle@example.com');
    expect((await citizen.get('/space')).status).toBe(200);
    const tokenHash = sha256(citizen.cookies.get('gk_sid')!);
    await t.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 2 * 60_000).toISOString() }).where('token_hash', '=', tokenHash).execute();
    const reply = await citizen.get('/space/inbox');
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/login?next=%2Fspace%2Finbox');
    expect(await t.database.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', tokenHash).executeTakeFirst()).toBeUndefined();
  });

  it('keeps an active session alive: a request within the idle window moves last_seen_at forward', async () => {
    const citizen = await t.citizenClient('active@example.com');
    const tokenHash = sha256(citizen.cookies.get('gk_sid')!);
    const lastSeen = async () => (await t.database.db.selectFrom('sessions').select('last_seen_at').where('token_hash', '=', tokenHash).executeTakeFirstOrThrow()).last_seen_at;
    // 40 s idle with a 1-minute limit: still signed in, and the clock restarts from this request.
    await t.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 40_000).toISOString() }).where('token_hash', '=', tokenHash).execute();
    expect((await citizen.get('/space')).status).toBe(200);
    expect(Date.now() - Date.parse(await lastSeen())).toBeLessThan(5_000);
  });

  it('sends an idle staff member back to the staff sign-in', async () => {
    const staff = await t.staffClient('idle.staff', ['editor']);
    await t.database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 5 * 60_000).toISOString() }).where('token_hash', '=', sha256(staff.cookies.get('gk_sid')!)).execute();
    expect((await staff.get('/console')).location).toBe('/console/login?next=%2Fconsole');
  });

  it('ends a session at its absolute expiry even when active', async () => {
    const citizen = await t.citizenClient('expiry@example.com');
    await t.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('token_hash', '=', sha256(citizen.cookies.get('gk_sid')!)).execute();
    expect((await citizen.get('/space')).status).toBe(303);
  });

  it('refuses a registration posted without, or with a wrong, CSRF token and writes nothing', async () => {
    const form = { kind: 'person', name: '跨站请求', contact: 'csrf@example.com', password: TEST_PASSWORD, passwordConfirm: TEST_PASSWORD, agree: 'on' };
    const browser = t.client();
    await browser.get('/register');
    const missing = await browser.post('/register', form);
    expect(missing.status).toBe(403);
    expect(textOf(missing.body)).toContain('页面已过期或请求来源无法验证');
    expect((await browser.post('/register', { ...form, _csrf: 'forged-token-value' })).status).toBe(403);
    // Another visitor's valid token is still the wrong token for this one.
    const other = await t.client().csrf('/register');
    expect((await browser.post('/register', { ...form, _csrf: other })).status).toBe(403);
    expect(await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'csrf@example.com').executeTakeFirst()).toBeUndefined();
  });

  it('refuses a signed-in form post without the session token, even with the anonymous one', async () => {
    const citizen = await t.citizenClient('csrf.user@example.com');
    const anonymousToken = await t.client().csrf('/login');
    for (const _csrf of [undefined, '', anonymousToken]) {
      const reply = await citizen.post('/space/profile', { ...(_csrf === undefined ? {} : { _csrf }), name: '被篡改', email: 'csrf.user@example.com', mobile: '' });
      expect(reply.status).toBe(403);
    }
    expect((await accountByEmail('csrf.user@example.com')).name).toBe('测试市民');
    const good = await citizen.submit('/space/profile', { name: '改名成功', email: 'csrf.user@example.com', mobile: '' });
    expect(good.status).toBe(303);
    expect((await accountByEmail('csrf.user@example.com')).name).toBe('改名成功');
  });

  it("refuses one staff member's token in another staff member's session", async () => {
    const admin = await t.staffClient('csrf.admin', ['admin']);
    const other = await t.staffClient('csrf.other', ['admin']);
    const stolen = await other.csrf('/console/account');
    const reply = await admin.post('/console/departments/new', { _csrf: stolen, name: '伪造处室', code: 'WZ', active: 'on' });
    expect(reply.status).toBe(403);
    expect(await t.database.db.selectFrom('departments').select('id').where('code', '=', 'WZ').executeTakeFirst()).toBeUndefined();
  });

  it('guards the sign-in form too (no login CSRF)', async () => {
    const reply = await t.client().post('/login', { identifier: 'lock@example.com', password: TEST_PASSWORD });
    expect(reply.status).toBe(403);
  });
});
