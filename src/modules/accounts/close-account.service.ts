import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import { openStatuses } from '../applications/cases/transitions.js';
import { endAllForAccount } from '../subscriptions/subscribe/index.js';
import { disableEndpointsOf } from '../subscriptions/webhooks/webhooks.store.js';
import type { LoginPolicy } from './accounts.service.js';
import * as store from './accounts.store.js';
import * as closing from './close-account.store.js';
import { verifyPassword } from './passwords.js';

/*
 * 注销账号 (PIPL art. 47): a member of the public closes their own account. Sign-in, subscriptions,
 * webhooks, the inbox and contact details go; 依申请公开 cases and messages to the bureau stay as
 * official records (档案管理), attached to the closed account.
 */

/** What an account without a password (signed up through OIDC) types instead. */
export const CLOSE_CONFIRM_WORDS = '确认注销';
export const CLOSED_REASON = '账号已注销';

export interface CloseRequest {
  accountId: number;
  password: string;
  confirmWords: string;
  acknowledged: boolean;
}

export interface CloseReport {
  subscriptionsEnded: number;
  deliveriesSkipped: number;
  deliveryAddressesForgotten: number;
  webhooksDisabled: number;
  messagesDeleted: number;
  profileTagsRemoved: number;
  sessionsEnded: number;
}

export const openApplicationsOf = (db: Queryable, accountId: number) => closing.openApplicationsOf(db, accountId, openStatuses);

/** Whether the closing form asks for the password (false: the account signs in only through OIDC). */
export async function closeNeedsPassword(db: Queryable, accountId: number): Promise<boolean> {
  return !!(await store.findAccountById(db, accountId))?.password_hash;
}

const addMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const lockText = (until: string) =>
  `密码错误次数过多，账号已临时锁定，请于 ${new Date(until).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })} 后再试`;

/**
 * Checks the proof (password, or the confirmation words) and the acknowledgement, then closes the
 * account in one transaction. A wrong password counts towards the sign-in lockout, as at /login.
 */
export async function closeAccount(database: Database, input: CloseRequest, actor: AuditActor, policy: LoginPolicy): Promise<Outcome<CloseReport>> {
  const account = await store.findAccountById(database.db, input.accountId);
  if (!account || account.kind === 'staff' || account.status !== 'active') return invalid({ '': '该账号无法注销。' });
  const errors: Record<string, string> = {};
  if (!input.acknowledged) errors.acknowledge = '请勾选“我已了解上述后果”';
  if (account.password_hash) {
    if (account.locked_until && account.locked_until > new Date().toISOString()) {
      errors.password = lockText(account.locked_until);
    } else if (!input.password) {
      errors.password = '请输入当前密码';
    } else if (!(await verifyPassword(account.password_hash, input.password))) {
      const failures = account.failed_logins + 1;
      const lockedUntil = failures >= policy.maxFailures ? addMinutes(policy.lockMinutes) : null;
      await database.db.transaction().execute(async (trx) => {
        await store.recordLoginFailure(trx, account.id, lockedUntil ? 0 : failures, lockedUntil);
        await appendAudit(trx, actor, {
          action: lockedUntil ? 'auth.lockout' : 'account.close.failed',
          targetType: 'account',
          targetId: account.id,
          summary: lockedUntil ? `注销账号时连续 ${failures} 次密码错误，账号锁定 ${policy.lockMinutes} 分钟` : `注销账号时密码错误（第 ${failures} 次）`,
        });
      });
      errors.password = lockedUntil ? lockText(lockedUntil) : '当前密码不正确';
    }
  } else if (input.confirmWords.trim() !== CLOSE_CONFIRM_WORDS) {
    errors.confirmWords = `请输入“${CLOSE_CONFIRM_WORDS}”四个字`;
  }
  if (Object.keys(errors).length > 0) return invalid(errors);

  const report = await database.db.transaction().execute(async (trx): Promise<CloseReport | undefined> => {
    if (!(await closing.eraseAccount(trx, account.id))) return undefined;
    const done: CloseReport = {
      subscriptionsEnded: await endAllForAccount(trx, account.id),
      deliveriesSkipped: await closing.skipOpenDeliveries(trx, account.id, CLOSED_REASON),
      deliveryAddressesForgotten: await closing.forgetDeliveryAddresses(trx, account.id),
      webhooksDisabled: await disableEndpointsOf(trx, account.id, CLOSED_REASON),
      messagesDeleted: await closing.deleteInbox(trx, account.id),
      profileTagsRemoved: await closing.deleteProfileTags(trx, account.id),
      sessionsEnded: await closing.deleteSessionsAndResets(trx, account.id),
    };
    await appendAudit(trx, actor, {
      action: 'account.close',
      targetType: 'account',
      targetId: account.id,
      summary: `本人注销${account.kind === 'organization' ? '法人或其他组织' : '自然人'}账号`,
      detail: { ...done },
    });
    return done;
  });
  return report ? ok(report) : invalid({ '': '该账号已注销。' });
}
