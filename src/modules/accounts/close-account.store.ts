import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';

/*
 * The SQL of closing a public account (PIPL art. 47). The account row stays (cases, messages and the
 * audit log point at it) but loses every way to sign in and every contact detail.
 */

export const CLOSED_ACCOUNT_NAME = '已注销用户';

/** Marks an active public account closed and blanks its personal fields; false if it was not active (a second click). */
export async function eraseAccount(trx: Queryable, id: number): Promise<boolean> {
  const result = await trx
    .updateTable('accounts')
    .set({
      status: 'closed', name: CLOSED_ACCOUNT_NAME, username: null, email: null, mobile: null, password_hash: null, oidc_subject: null,
      failed_logins: 0, locked_until: null, updated_at: nowIso(),
    })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .where('kind', 'in', ['person', 'organization'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteProfileTags(trx: Queryable, accountId: number): Promise<number> {
  const result = await trx.deleteFrom('account_audience_tags').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deliveries not yet sent ('sending' ones are in a sender's hands and finish on their own). */
export async function skipOpenDeliveries(trx: Queryable, accountId: number, reason: string): Promise<number> {
  const result = await trx
    .updateTable('deliveries')
    .set({ status: 'skipped', next_attempt_at: null, last_error: reason })
    .where('account_id', '=', accountId)
    .where('status', 'in', ['pending', 'failed', 'digest'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The e-mail addresses and mobile numbers past deliveries were sent to (in-flight ones finish first). */
export async function forgetDeliveryAddresses(trx: Queryable, accountId: number): Promise<number> {
  const result = await trx
    .updateTable('deliveries')
    .set({ address: null })
    .where('account_id', '=', accountId)
    .where('channel', 'in', ['email', 'sms'])
    .where('status', '!=', 'sending')
    .where('address', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteInbox(trx: Queryable, accountId: number): Promise<number> {
  const result = await trx.deleteFrom('inbox_messages').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionsAndResets(trx: Queryable, accountId: number): Promise<number> {
  await trx.deleteFrom('password_resets').where('account_id', '=', accountId).execute();
  const result = await trx.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The account's 依申请公开 cases still open, with where the applicant asked the answer to go. */
export async function openApplicationsOf(db: Queryable, accountId: number, openStatuses: readonly string[]) {
  return db
    .selectFrom('applications')
    .select(['id', 'site_id', 'number', 'received_on', 'due_on', 'delivery_form', 'contact_email'])
    .where('applicant_account_id', '=', accountId)
    .where('status', 'in', [...openStatuses])
    .orderBy('received_on')
    .orderBy('id')
    .execute();
}
