import type { Generated } from 'kysely';

export interface AccountsTable {
  id: Generated<number>;
  /** staff | person (自然人) | organization (法人或其他组织) */
  kind: string;
  /** For organizations: 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 */
  org_type: string | null;
  /** Staff belong to a site; public accounts are platform-wide (null). */
  site_id: number | null;
  name: string;
  username: string | null;
  email: string | null;
  mobile: string | null;
  credit_code: string | null;
  password_hash: string | null;
  oidc_subject: string | null;
  status: string;
  is_platform_admin: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface StaffRolesTable {
  account_id: number;
  role: string;
  /** Only for 承办处室: the department this role acts for. */
  department_id: number | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a leaked table does not leak live sessions. */
  token_hash: string;
  account_id: number;
  csrf_secret: string;
  ip: string;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  account_id: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AccountsTables {
  accounts: AccountsTable;
  staff_roles: StaffRolesTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
}
