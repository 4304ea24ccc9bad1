import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';

export async function listInbox(db: Queryable, accountId: number, limit = 50) {
  return db.selectFrom('inbox_messages').selectAll().where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function countUnread(db: Queryable, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('inbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One message, only if it belongs to this account: another person's message is simply not found. */
export async function findOwnMessage(db: Queryable, accountId: number, id: number) {
  return db.selectFrom('inbox_messages').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
}

export async function markRead(db: Queryable, accountId: number, id: number) {
  const now = nowIso();
  await db.updateTable('inbox_messages').set({ read_at: now }).where('id', '=', id).where('account_id', '=', accountId).where('read_at', 'is', null).execute();
  // A message written by a subscription / push delivery counts as that delivery opened (statistics).
  await db
    .updateTable('deliveries')
    .set({ opened_at: now })
    .where('opened_at', 'is', null)
    .where('id', '=', (eb) => eb.selectFrom('inbox_messages').select('delivery_id').where('id', '=', id).where('account_id', '=', accountId))
    .execute();
}

/** A message in the account's inbox; none for an account that is closed or disabled (returns null). */
export async function deliverToInbox(
  db: Queryable,
  message: { siteId: number; accountId: number; category: string; title: string; body: string; link?: string | null },
): Promise<number | null> {
  const row = await db
    .insertInto('inbox_messages')
    .columns(['site_id', 'account_id', 'category', 'title', 'body', 'link', 'created_at', 'read_at', 'delivery_id'])
    .expression((eb) =>
      eb
        .selectFrom('accounts')
        .select([
          eb.val(message.siteId).as('site_id'), 'accounts.id', eb.val(message.category).as('category'), eb.val(message.title).as('title'),
          eb.val(message.body).as('body'), eb.val(message.link ?? null).as('link'), eb.val(nowIso()).as('created_at'), eb.val(null).as('read_at'), eb.val(null).as('delivery_id'),
        ])
        .where('accounts.id', '=', message.accountId)
        .where('accounts.status', '=', 'active'),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
