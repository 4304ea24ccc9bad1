import type { Queryable } from '../../../platform/db/database.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import type { MailMessage } from '../../../platform/mail/mailer.js';
import { deliverToInbox } from '../../space/inbox.store.js';
import type { CaseRow } from './cases.store.js';

/** The job that sends one e-mail; enqueued in the command's transaction so no mail leaves for a rolled-back change. */
export const MAIL_JOB = 'applications.mail';

export const INBOX_CATEGORY = '依申请公开';

/** Where the applicant follows the case in their space (the page belongs to the space). */
export const applicantCaseLink = (caseId: number) => `/space/applications/${caseId}`;

export async function enqueueMail(trx: Queryable, jobs: JobQueue, message: MailMessage, key: string): Promise<void> {
  await jobs.enqueue(MAIL_JOB, message, { trx, idempotencyKey: `${MAIL_JOB}:${key}` });
}

/**
 * A notice to the applicant: a message in their space when they applied with an account, and an
 * e-mail when they gave an address. `key` makes the e-mail once-only (the event's id).
 */
export async function noticeToApplicant(trx: Queryable, jobs: JobQueue, c: CaseRow, notice: { title: string; body: string; key: string }): Promise<void> {
  if (c.applicant_account_id !== null) {
    await deliverToInbox(trx, { siteId: c.site_id, accountId: c.applicant_account_id, category: INBOX_CATEGORY, title: notice.title, body: notice.body, link: applicantCaseLink(c.id) });
  }
  if (c.contact_email) {
    await enqueueMail(trx, jobs, { to: c.contact_email, subject: notice.title, text: `${c.applicant_name}：\n\n${notice.body}\n\n申请编号：${c.number}` }, `${notice.key}:${c.contact_email}`);
  }
}

/** E-mail to staff (the console shows the same facts; staff have no inbox). Those without an address are skipped. */
export async function mailStaff(trx: Queryable, jobs: JobQueue, staff: { id: number; email: string | null }[], message: { subject: string; text: string; key: string }): Promise<number> {
  let sent = 0;
  for (const person of staff) {
    if (!person.email) continue;
    await enqueueMail(trx, jobs, { to: person.email, subject: message.subject, text: message.text }, `${message.key}:staff-${person.id}`);
    sent += 1;
  }
  return sent;
}
