import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { PushAudience } from '../notify-event.js';

/** Active public accounts matching a push audience (any of the tags, one of the kinds). Owned by the delivery engine. */
export function pushAudienceQuery(db: Queryable, audience: PushAudience) {
  let query = db.selectFrom('accounts').select(['accounts.id', 'accounts.email', 'accounts.mobile']).where('accounts.status', '=', 'active');
  query = query.where('accounts.kind', 'in', audience.accountKinds.length ? audience.accountKinds : ['person', 'organization']);
  if (audience.accountIds) query = query.where('accounts.id', 'in', audience.accountIds.length ? audience.accountIds : [-1]);
  if (audience.tagIds.length) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('account_audience_tags as t').select(sql<number>`1`.as('one')).whereRef('t.account_id', '=', 'accounts.id').where('t.tag_id', 'in', audience.tagIds)),
    );
  }
  return query;
}

export async function countPushAudience(db: Queryable, audience: PushAudience): Promise<number> {
  const row = await db.selectFrom(pushAudienceQuery(db, audience).as('a')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
