import type { Database } from '../../platform/db/database.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import { randomToken, sha256 } from '../../platform/tokens.js';
import * as store from './accounts.store.js';
import type { RegisterInput } from './accounts.schemas.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import { staffRoles, type StaffRole } from './roles.js';

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export interface Viewer {
  id: number;
  kind: 'staff' | 'person' | 'organization';
  name: string;
  siteId: number | null;
  isPlatformAdmin: boolean;
  roles: StaffRole[];
  departmentIds: number[];
  email: string | null;
  mobile: string | null;
  orgType: string | null;
  csrfSecret: string;
  sessionTokenHash: string;
}

export type LoginOutcome =
  | { ok: true; accountId: number }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled' | 'wrong-site'; lockedUntil?: string };

const addMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

export async function registerPublicAccount(database: Database, input: RegisterInput, ip: string): Promise<Outcome<number>> {
  const { email, mobile } = input.contact;
  if (email && (await store.contactTaken(database.db, 'email', email))) return invalid({ contact: '该电子邮箱已注册，请直接登录或找回密码' });
  if (mobile && (await store.contactTaken(database.db, 'mobile', mobile))) return invalid({ contact: '该手机号已注册，请直接登录' });
  const passwordHash = await hashPassword(input.password);
  const id = await database.db.transaction().execute(async (trx) => {
    const accountId = await store.insertAccount(trx, {
      kind: input.kind,
      name: input.name,
      siteId: null,
      orgType: input.kind === 'organization' ? (input.orgType ?? null) : null,
      creditCode: input.kind === 'organization' ? (input.creditCode?.toUpperCase() ?? null) : null,
      email,
      mobile,
      passwordHash,
    });
    await appendAudit(trx, { id: accountId, label: input.name, ip, siteId: null }, {
      action: 'account.register',
      targetType: 'account',
      targetId: accountId,
      summary: `注册${input.kind === 'person' ? '自然人' : '法人或其他组织'}账号`,
    });
    return accountId;
  });
  return ok(id);
}

/**
 * Checks a password with lockout. Every attempt, good or bad, writes an audit record in the same
 * transaction as the counter change. Unknown accounts still cost one argon2 verification.
 */
export async function authenticate(
  database: Database,
  input: { identifier: string; password: string; audience: 'staff' | 'public'; siteId: number; ip: string },
  policy: LoginPolicy,
): Promise<LoginOutcome> {
  const kinds = input.audience === 'staff' ? ['staff'] : ['person', 'organization'];
  const account = await store.findAccountForLogin(database.db, input.identifier, kinds);
  if (!account) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await database.db.transaction().execute((trx) =>
      appendAudit(trx, { id: null, label: input.identifier.slice(0, 100), ip: input.ip, siteId: input.siteId }, {
        action: 'auth.login.failed', targetType: 'account', targetId: '-', summary: '登录失败：账号不存在',
      }),
    );
    return { ok: false, reason: 'invalid' };
  }
  const actor: AuditActor = { id: account.id, label: account.name, ip: input.ip, siteId: account.site_id ?? input.siteId };
  if (account.locked_until && account.locked_until > new Date().toISOString()) {
    await database.db.transaction().execute((trx) =>
      appendAudit(trx, actor, { action: 'auth.login.locked', targetType: 'account', targetId: account.id, summary: '账号锁定期间尝试登录' }),
    );
    return { ok: false, reason: 'locked', lockedUntil: account.locked_until };
  }
  const good = await verifyPassword(account.password_hash, input.password);
  if (good && account.kind === 'staff' && account.site_id !== input.siteId && account.is_platform_admin !== 1) {
    return { ok: false, reason: 'wrong-site' };
  }
  if (good && account.status !== 'active') return { ok: false, reason: 'disabled' };
  return database.db.transaction().execute(async (trx): Promise<LoginOutcome> => {
    if (good) {
      await store.recordLoginSuccess(trx, account.id);
      await appendAudit(trx, actor, { action: 'auth.login', targetType: 'account', targetId: account.id, summary: '登录成功' });
      return { ok: true, accountId: account.id };
    }
    const failures = account.failed_logins + 1;
    const lockedUntil = failures >= policy.maxFailures ? addMinutes(policy.lockMinutes) : null;
    await store.recordLoginFailure(trx, account.id, lockedUntil ? 0 : failures, lockedUntil);
    await appendAudit(trx, actor, {
      action: lockedUntil ? 'auth.lockout' : 'auth.login.failed',
      targetType: 'account',
      targetId: account.id,
      summary: lockedUntil ? `连续 ${failures} 次密码错误，账号锁定 ${policy.lockMinutes} 分钟` : `密码错误（第 ${failures} 次）`,
    });
    return lockedUntil ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
  });
}

export async function openSession(database: Database, accountId: number, meta: { ip: string; userAgent: string }, policy: SessionPolicy) {
  const token = randomToken();
  await store.insertSession(database.db, {
    tokenHash: sha256(token),
    accountId,
    csrfSecret: randomToken(24),
    ip: meta.ip,
    userAgent: meta.userAgent,
    expiresAt: new Date(Date.now() + policy.maxHours * 3_600_000).toISOString(),
  });
  return token;
}

/**
 * last_seen_at is written at most this often, to spare the database a write per request — but never
 * less often than a quarter of the idle limit, or a short limit (1 minute) would sign out active users.
 */
const TOUCH_EVERY_MS = 60_000;
const touchInterval = (policy: SessionPolicy) => Math.min(TOUCH_EVERY_MS, (policy.idleMinutes * 60_000) / 4);

/** The signed-in viewer for a session cookie, or undefined when absent, expired or idle too long. */
export async function resolveSession(database: Database, token: string, policy: SessionPolicy): Promise<Viewer | undefined> {
  const tokenHash = sha256(token);
  const session = await store.findSession(database.db, tokenHash);
  if (!session) return undefined;
  const now = Date.now();
  const idleLimit = Date.parse(session.last_seen_at) + policy.idleMinutes * 60_000;
  if (Date.parse(session.expires_at) < now || idleLimit < now) {
    await store.deleteSession(database.db, tokenHash);
    return undefined;
  }
  const account = await store.findAccountById(database.db, session.account_id);
  if (!account || account.status !== 'active') return undefined;
  if (now - Date.parse(session.last_seen_at) > touchInterval(policy)) await store.touchSession(database.db, tokenHash);
  const roles = account.kind === 'staff' ? await store.rolesOf(database.db, account.id) : [];
  return {
    id: account.id,
    kind: account.kind as Viewer['kind'],
    name: account.name,
    siteId: account.site_id,
    isPlatformAdmin: account.is_platform_admin === 1,
    roles: roles.map((r) => r.role as StaffRole),
    departmentIds: roles.flatMap((r) => (r.department_id === null ? [] : [r.department_id])),
    email: account.email,
    mobile: account.mobile,
    orgType: account.org_type,
    csrfSecret: session.csrf_secret,
    sessionTokenHash: tokenHash,
  };
}

export async function closeSession(database: Database, viewer: Viewer, ip: string, siteId: number) {
  await database.db.transaction().execute(async (trx) => {
    await store.deleteSession(trx, viewer.sessionTokenHash);
    await appendAudit(trx, { id: viewer.id, label: viewer.name, ip, siteId: viewer.siteId ?? siteId }, {
      action: 'auth.logout', targetType: 'account', targetId: viewer.id, summary: '退出登录',
    });
  });
}

export const RESET_TOKEN_MINUTES = 60;

/** Creates a reset token when the e-mail belongs to a public account; callers answer the same either way. */
export async function createPasswordReset(database: Database, email: string, ip: string): Promise<{ token: string; name: string } | undefined> {
  const account = await store.findAccountForLogin(database.db, email, ['person', 'organization', 'staff']);
  if (!account || account.email !== email || account.status !== 'active') return undefined;
  const token = randomToken();
  await database.db.transaction().execute(async (trx) => {
    await store.insertPasswordReset(trx, sha256(token), account.id, addMinutes(RESET_TOKEN_MINUTES));
    await appendAudit(trx, { id: account.id, label: account.name, ip, siteId: account.site_id }, {
      action: 'auth.password.reset_requested', targetType: 'account', targetId: account.id, summary: '申请重置密码',
    });
  });
  return { token, name: account.name };
}

export async function passwordResetIsValid(database: Database, token: string): Promise<boolean> {
  const reset = await store.findPasswordReset(database.db, sha256(token));
  return !!reset && !reset.used_at && reset.expires_at > new Date().toISOString();
}

export async function resetPassword(database: Database, token: string, password: string, ip: string): Promise<boolean> {
  const tokenHash = sha256(token);
  const reset = await store.findPasswordReset(database.db, tokenHash);
  if (!reset || reset.used_at || reset.expires_at <= new Date().toISOString()) return false;
  const passwordHash = await hashPassword(password);
  return database.db.transaction().execute(async (trx) => {
    // Two submissions of one link may both get this far: only the one that claims the token goes on.
    if (!(await store.markPasswordResetUsed(trx, tokenHash))) return false;
    await store.updateAccount(trx, reset.account_id, { password_hash: passwordHash, failed_logins: 0, locked_until: null });
    await store.deleteSessionsOf(trx, reset.account_id);
    const account = await store.findAccountById(trx, reset.account_id);
    await appendAudit(trx, { id: reset.account_id, label: account?.name ?? '', ip, siteId: account?.site_id ?? null }, {
      action: 'auth.password.reset', targetType: 'account', targetId: reset.account_id, summary: '通过邮件重置密码',
    });
    return true;
  });
}

export async function changePassword(database: Database, viewer: Viewer, current: string, next: string, ip: string): Promise<Outcome<true>> {
  const account = await store.findAccountById(database.db, viewer.id);
  if (!account || !(await verifyPassword(account.password_hash, current))) return invalid({ current: '当前密码不正确' });
  const passwordHash = await hashPassword(next);
  await database.db.transaction().execute(async (trx) => {
    await store.updateAccount(trx, viewer.id, { password_hash: passwordHash });
    await appendAudit(trx, { id: viewer.id, label: viewer.name, ip, siteId: viewer.siteId }, {
      action: 'account.password.change', targetType: 'account', targetId: viewer.id, summary: '修改密码',
    });
  });
  return ok(true);
}

export async function updateProfile(
  database: Database,
  viewer: Viewer,
  input: { name: string; email: string | null; mobile: string | null },
  ip: string,
): Promise<Outcome<true>> {
  if (!input.email && !input.mobile) return invalid({ email: '电子邮箱和手机号至少保留一项' });
  if (input.email && (await store.contactTaken(database.db, 'email', input.email, viewer.id))) return invalid({ email: '该电子邮箱已被其他账号使用' });
  if (input.mobile && (await store.contactTaken(database.db, 'mobile', input.mobile, viewer.id))) return invalid({ mobile: '该手机号已被其他账号使用' });
  await database.db.transaction().execute(async (trx) => {
    await store.updateAccount(trx, viewer.id, input);
    await appendAudit(trx, { id: viewer.id, label: input.name, ip, siteId: viewer.siteId }, {
      action: 'account.profile.update', targetType: 'account', targetId: viewer.id, summary: '修改个人资料',
    });
  });
  return ok(true);
}

export const roleLabels = (roles: StaffRole[]) => roles.map((r) => staffRoles[r]).join('、');
