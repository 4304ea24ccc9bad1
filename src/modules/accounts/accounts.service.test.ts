import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects, type TestDatabase } from '../../platform/db/testing.js';
import { sha256 } from '../../platform/tokens.js';
import { ensureDefaultSite } from '../../seed/default-site.js';
import { addSite } from '../sites/sites.service.js';
import { registerSchema } from './accounts.schemas.js';
import * as accounts from './accounts.service.js';
import { createStaffUser } from './staff.service.js';

const PASSWORD = 'Service-Passw0rd';
const login = { maxFailures: 3, lockMinutes: 10 };
const session = { idleMinutes: 30, maxHours: 12 };
const meta = { ip: '10.0.0.9', userAgent: 'vitest' };

describe.each(testDialects())('accounts service (%s)', (kind) => {
  let database: TestDatabase;
  let siteId: number;

  const register = async (contact: string) => {
    const outcome = await accounts.registerPublicAccount(
      database,
      registerSchema.parse({ kind: 'person', name: '张三', contact, password: PASSWORD, passwordConfirm: PASSWORD, agree: 'on' }),
      meta.ip,
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    return outcome.value;
  };
  const attempt = (identifier: string, password: string, audience: 'staff' | 'public' = 'public', site = siteId) =>
    accounts.authenticate(database, { identifier, password, audience, siteId: site, ip: meta.ip }, login);
  const actions = async () => (await database.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    await ensureDefaultSite(database);
    siteId = (await database.db.selectFrom('sites').select('id').executeTakeFirstOrThrow()).id;
  });

  afterEach(async () => {
    await database?.close();
  });

  it('refuses a second registration with the same e-mail or mobile', async () => {
    await register('dup@example.com');
    await register('13800138000');
    const parse = (contact: string) => registerSchema.parse({ kind: 'person', name: '李四', contact, password: PASSWORD, passwordConfirm: PASSWORD, agree: 'on' });
    expect(await accounts.registerPublicAccount(database, parse('DUP@example.com'), meta.ip)).toEqual({ ok: false, errors: { contact: '该电子邮箱已注册，请直接登录或找回密码' } });
    expect(await accounts.registerPublicAccount(database, parse('+86 138 0013 8000'), meta.ip)).toEqual({ ok: false, errors: { contact: '该手机号已注册，请直接登录' } });
  });

  it('signs in by e-mail or by the mobile number however it is written', async () => {
    const id = await register('13800138000');
    for (const identifier of ['13800138000', '138-0013-8000', '+86 13800138000']) {
      expect(await attempt(identifier, PASSWORD), identifier).toEqual({ ok: true, accountId: id });
    }
  });

  it('counts failures, locks at the limit, refuses the right password while locked, and audits each step', async () => {
    const id = await register('lock@example.com');
    expect(await attempt('lock@example.com', 'wrong')).toEqual({ ok: false, reason: 'invalid' });
    expect(await attempt('lock@example.com', 'wrong')).toEqual({ ok: false, reason: 'invalid' });
    const locked = await attempt('lock@example.com', 'wrong');
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    expect(await attempt('lock@example.com', PASSWORD)).toMatchObject({ ok: false, reason: 'locked' });
    expect(await actions()).toEqual(['site.create', 'account.register', 'auth.login.failed', 'auth.login.failed', 'auth.lockout', 'auth.login.locked']);
    await database.db.updateTable('accounts').set({ locked_until: new Date(Date.now() - 1).toISOString() }).where('id', '=', id).execute();
    expect(await attempt('lock@example.com', PASSWORD)).toEqual({ ok: true, accountId: id });
    expect(await database.db.selectFrom('accounts').select(['failed_logins', 'locked_until']).where('id', '=', id).executeTakeFirst()).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('audits attempts on unknown accounts without creating anything', async () => {
    expect(await attempt('ghost@example.com', 'whatever')).toEqual({ ok: false, reason: 'invalid' });
    const record = await database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(record).toMatchObject({ action: 'auth.login.failed', actor_id: null, actor_label: 'ghost@example.com', summary: '登录失败：账号不存在' });
  });

  it('keeps staff to their own site unless they are platform administrators, and refuses disabled accounts', async () => {
    const other = await addSite(database, { slug: 'other', name: '另一站点', hosts: 'other.example', footer: { sponsor: '某局', siteCode: '3100000009', icp: 'ICP', psb: 'PSB', phone: '021-1', address: '上海', email: '' } }, { id: null, label: '测试', ip: '-', siteId: null });
    if (!other.ok) throw new Error('site');
    const actor = { id: null, label: '测试', ip: '-', siteId };
    await createStaffUser(database, siteId, { name: '本站编辑', username: 'local', email: null, roles: ['editor'], departmentId: null, password: PASSWORD }, actor);
    await createStaffUser(database, siteId, { name: '平台管理', username: 'platform', email: null, roles: ['admin'], departmentId: null, password: PASSWORD, isPlatformAdmin: true }, actor);
    expect(await attempt('local', PASSWORD, 'staff', other.value)).toEqual({ ok: false, reason: 'wrong-site' });
    expect(await attempt('platform', PASSWORD, 'staff', other.value)).toMatchObject({ ok: true });
    expect(await attempt('local', PASSWORD, 'public')).toEqual({ ok: false, reason: 'invalid' });
    await database.db.updateTable('accounts').set({ status: 'disabled' }).where('username', '=', 'local').execute();
    expect(await attempt('local', PASSWORD, 'staff')).toEqual({ ok: false, reason: 'disabled' });
  });

  it('resolves a session to its viewer, and ends it when idle, expired or the account is disabled', async () => {
    const id = await register('session@example.com');
    const token = await accounts.openSession(database, id, meta, session);
    const viewer = await accounts.resolveSession(database, token, session);
    expect(viewer).toMatchObject({ id, kind: 'person', name: '张三', roles: [], email: 'session@example.com', isPlatformAdmin: false });
    expect(await accounts.resolveSession(database, 'not-a-token', session)).toBeUndefined();
    const hash = sha256(token);
    await database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() }).where('token_hash', '=', hash).execute();
    expect(await accounts.resolveSession(database, token, session)).toBeUndefined();
    expect(await database.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', hash).executeTakeFirst()).toBeUndefined();

    const second = await accounts.openSession(database, id, meta, { idleMinutes: 30, maxHours: 1 });
    await database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1).toISOString() }).where('token_hash', '=', sha256(second)).execute();
    expect(await accounts.resolveSession(database, second, session)).toBeUndefined();

    const third = await accounts.openSession(database, id, meta, session);
    await database.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', id).execute();
    expect(await accounts.resolveSession(database, third, session)).toBeUndefined();
  });

  it('refreshes last_seen_at often enough for a one-minute idle limit', async () => {
    const id = await register('short@example.com');
    const short = { idleMinutes: 1, maxHours: 1 };
    const token = await accounts.openSession(database, id, meta, short);
    await database.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 30_000).toISOString() }).where('token_hash', '=', sha256(token)).execute();
    expect(await accounts.resolveSession(database, token, short)).toBeDefined();
    const row = await database.db.selectFrom('sessions').select('last_seen_at').where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow();
    expect(Date.now() - Date.parse(row.last_seen_at)).toBeLessThan(5_000);
  });

  it('issues reset tokens only for active accounts with that exact e-mail, usable once', async () => {
    const id = await register('reset@example.com');
    expect(await accounts.createPasswordReset(database, 'unknown@example.com', meta.ip)).toBeUndefined();
    const reset = await accounts.createPasswordReset(database, 'reset@example.com', meta.ip);
    expect(reset?.name).toBe('张三');
    expect(await accounts.passwordResetIsValid(database, reset!.token)).toBe(true);
    await accounts.openSession(database, id, meta, session);
    expect(await accounts.resetPassword(database, reset!.token, 'Another-Passw0rd', meta.ip)).toBe(true);
    expect(await accounts.resetPassword(database, reset!.token, 'Third-Passw0rd-3', meta.ip)).toBe(false);
    expect(await accounts.passwordResetIsValid(database, reset!.token)).toBe(false);
    expect(await database.db.selectFrom('sessions').select('token_hash').where('account_id', '=', id).execute()).toEqual([]);
    expect(await attempt('reset@example.com', 'Another-Passw0rd')).toMatchObject({ ok: true });
  });

  it('lets exactly one of two simultaneous resets with one token succeed', async () => {
    await register('race@example.com');
    const reset = await accounts.createPasswordReset(database, 'race@example.com', meta.ip);
    const results = await Promise.all([
      accounts.resetPassword(database, reset!.token, 'Racer-One-Passw0rd', meta.ip),
      accounts.resetPassword(database, reset!.token, 'Racer-Two-Passw0rd', meta.ip),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect((await actions()).filter((a) => a === 'auth.password.reset')).toHaveLength(1);
  });

  it('changes a password only with the current one', async () => {
    const id = await register('change@example.com');
    const viewer = (await accounts.resolveSession(database, await accounts.openSession(database, id, meta, session), session))!;
    expect(await accounts.changePassword(database, viewer, 'wrong', 'Changed-Passw0rd', meta.ip)).toEqual({ ok: false, errors: { current: '当前密码不正确' } });
    expect(await accounts.changePassword(database, viewer, PASSWORD, 'Changed-Passw0rd', meta.ip)).toEqual({ ok: true, value: true });
    expect(await attempt('change@example.com', 'Changed-Passw0rd')).toMatchObject({ ok: true });
  });

  it('updates a profile but not onto someone else’s contact, and never to no contact at all', async () => {
    await register('taken@example.com');
    const id = await register('mine@example.com');
    const viewer = (await accounts.resolveSession(database, await accounts.openSession(database, id, meta, session), session))!;
    expect(await accounts.updateProfile(database, viewer, { name: '张三', email: 'taken@example.com', mobile: null }, meta.ip)).toEqual({ ok: false, errors: { email: '该电子邮箱已被其他账号使用' } });
    expect(await accounts.updateProfile(database, viewer, { name: '张三', email: null, mobile: null }, meta.ip)).toEqual({ ok: false, errors: { email: '电子邮箱和手机号至少保留一项' } });
    expect(await accounts.updateProfile(database, viewer, { name: '张三丰', email: 'mine@example.com', mobile: '13900000000' }, meta.ip)).toEqual({ ok: true, value: true });
    expect(await database.db.selectFrom('accounts').select(['name', 'mobile']).where('id', '=', id).executeTakeFirst()).toEqual({ name: '张三丰', mobile: '13900000000' });
  });
});
