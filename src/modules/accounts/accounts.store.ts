import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { normalizeMobile } from './accounts.schemas.js';
import type { StaffRole } from './roles.js';

export const accountColumns = [
  'id', 'kind', 'org_type', 'site_id', 'name', 'username', 'email', 'mobile', 'credit_code', 'status',
  'is_platform_admin', 'failed_logins', 'locked_until', 'last_login_at', 'created_at',
] as const;

export async function findAccountForLogin(db: Queryable, identifier: string, kinds: string[]) {
  const id = identifier.toLowerCase();
  return db
    .selectFrom('accounts')
    .select([...accountColumns, 'password_hash'])
    .where('kind', 'in', kinds)
    // Mobile numbers are stored normalised (registration strips spaces, dashes and +86): match the same way.
    .where((eb) => eb.or([eb('username', '=', id), eb('email', '=', id), eb('mobile', '=', normalizeMobile(identifier))]))
    .executeTakeFirst();
}

/** Row ids are positive 32-bit integers (serial on PostgreSQL); anything else from a URL finds nothing. */
export const isRowId = (id: number): boolean => Number.isInteger(id) && id > 0 && id <= 2_147_483_647;

export async function findAccountById(db: Queryable, id: number) {
  if (!isRowId(id)) return undefined;
  return db.selectFrom('accounts').select([...accountColumns, 'password_hash']).where('id', '=', id).executeTakeFirst();
}

export async function contactTaken(db: Queryable, field: 'email' | 'mobile' | 'username', value: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom('accounts').select('id').where(field, '=', value);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertAccount(
  db: Queryable,
  values: {
    kind: string; name: string; siteId: number | null; orgType?: string | null; username?: string | null; email?: string | null;
    mobile?: string | null; creditCode?: string | null; passwordHash: string | null; isPlatformAdmin?: boolean; oidcSubject?: string | null;
  },
): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('accounts')
    .values({
      kind: values.kind,
      org_type: values.orgType ?? null,
      site_id: values.siteId,
      name: values.name,
      username: values.username ?? null,
      email: values.email ?? null,
      mobile: values.mobile ?? null,
      credit_code: values.creditCode ?? null,
      password_hash: values.passwordHash,
      oidc_subject: values.oidcSubject ?? null,
      status: 'active',
      is_platform_admin: values.isPlatformAdmin ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordLoginFailure(db: Queryable, id: number, failures: number, lockedUntil: string | null) {
  await db.updateTable('accounts').set({ failed_logins: failures, locked_until: lockedUntil, updated_at: nowIso() }).where('id', '=', id).execute();
}

export async function recordLoginSuccess(db: Queryable, id: number) {
  const now = nowIso();
  await db.updateTable('accounts').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', id).execute();
}

export async function updateAccount(
  db: Queryable,
  id: number,
  changes: Partial<{ name: string; email: string | null; mobile: string | null; username: string; password_hash: string; status: string; failed_logins: number; locked_until: string | null }>,
) {
  await db.updateTable('accounts').set({ ...changes, updated_at: nowIso() }).where('id', '=', id).execute();
}

export async function rolesOf(db: Queryable, accountId: number) {
  return db.selectFrom('staff_roles').select(['role', 'department_id']).where('account_id', '=', accountId).execute();
}

export async function replaceRoles(db: Queryable, accountId: number, roles: StaffRole[], departmentId: number | null) {
  await db.deleteFrom('staff_roles').where('account_id', '=', accountId).execute();
  if (roles.length === 0) return;
  await db
    .insertInto('staff_roles')
    .values(roles.map((role) => ({ account_id: accountId, role, department_id: role === 'handler' ? departmentId : null })))
    .execute();
}

export async function listStaff(db: Queryable, siteId: number | null) {
  let q = db.selectFrom('accounts').select([...accountColumns]).where('kind', '=', 'staff').orderBy('id');
  if (siteId !== null) q = q.where('site_id', '=', siteId);
  return q.execute();
}

export async function rolesForAccounts(db: Queryable, ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('staff_roles').select(['account_id', 'role', 'department_id']).where('account_id', 'in', ids).execute();
}

export async function countAccounts(db: Queryable) {
  return db.selectFrom('accounts').select(['kind', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('kind').execute();
}

// Sessions -------------------------------------------------------------------------------

export async function insertSession(db: Queryable, s: { tokenHash: string; accountId: number; csrfSecret: string; ip: string; userAgent: string; expiresAt: string }) {
  const now = nowIso();
  await db
    .insertInto('sessions')
    .values({ token_hash: s.tokenHash, account_id: s.accountId, csrf_secret: s.csrfSecret, ip: s.ip, user_agent: s.userAgent.slice(0, 400), created_at: now, last_seen_at: now, expires_at: s.expiresAt })
    .execute();
}

export async function findSession(db: Queryable, tokenHash: string) {
  return db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function touchSession(db: Queryable, tokenHash: string) {
  await db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Queryable, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOf(db: Queryable, accountId: number) {
  await db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
}

export async function deleteExpiredSessions(db: Queryable, idleBefore: string) {
  const now = nowIso();
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', now), eb('last_seen_at', '<', idleBefore)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

// Password resets ------------------------------------------------------------------------

export async function insertPasswordReset(db: Queryable, tokenHash: string, accountId: number, expiresAt: string) {
  await db.insertInto('password_resets').values({ token_hash: tokenHash, account_id: accountId, created_at: nowIso(), expires_at: expiresAt, used_at: null }).execute();
}

export async function findPasswordReset(db: Queryable, tokenHash: string) {
  return db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Claims an unused, unexpired token; false when another request claimed it first or it has expired. */
export async function markPasswordResetUsed(db: Queryable, tokenHash: string): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
