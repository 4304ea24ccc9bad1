import { sql } from 'kysely';
import { nowIso } from '../../../platform/db/database.js';
import { categoryLabels, loadEvent, type DeliveryDeps } from './deps.js';

/*
 * The inbox is a table in our own database, so its delivery is exactly-once by construction:
 * each batch writes the messages (unique delivery_id) and marks those deliveries sent in one
 * transaction. Set-based SQL, because this path carries the million-recipient fan-out.
 */

/** Writes the event's pending inbox deliveries, batch by batch; returns how many messages were written. */
// The batch is found through (event_id, channel, id); status is written so that no index can
// serve it, or SQLite walks deliveries_work (status, channel, …), every pending row each batch.
const stillPending = sql<boolean>`COALESCE(d.status, '') = 'pending'`;

export async function writeInbox(deps: DeliveryDeps, eventId: number, signal?: AbortSignal): Promise<number> {
  const event = await loadEvent(deps.database, eventId);
  if (!event) return 0;
  const { payload } = event;
  const category = categoryLabels[event.kind] ?? event.kind;
  let cursor = 0;
  let written = 0;
  for (;;) {
    if (signal?.aborted) throw new Error('站内信写入被中止，稍后重试');
    const step = await deps.database.db.transaction().execute(async (trx) => {
      const pendingIds = trx
        .selectFrom('deliveries as d')
        .select('d.id')
        .where('d.event_id', '=', eventId)
        .where('d.channel', '=', 'inbox')
        .where('d.id', '>', cursor)
        .where(stillPending)
        .orderBy('d.id')
        .limit(deps.settings.inboxBatch);
      const bound = await trx.selectFrom(pendingIds.as('b')).select((eb) => eb.fn.max('b.id').as('upper')).executeTakeFirst();
      if (bound?.upper === null || bound?.upper === undefined) return null;
      const upper = Number(bound.upper);
      const now = nowIso();
      const inserted = await sql`
        INSERT INTO inbox_messages (site_id, account_id, category, title, body, link, created_at, read_at, delivery_id)
        SELECT ${event.site_id}, d.account_id, ${category}, ${payload.title}, ${payload.summary}, ${payload.path}, ${now}, NULL, d.id
        FROM deliveries d
        WHERE d.event_id = ${eventId} AND d.channel = 'inbox' AND d.id > ${cursor} AND d.id <= ${upper} AND ${stillPending} AND d.account_id IS NOT NULL
        ON CONFLICT (delivery_id) DO NOTHING`.execute(trx);
      await sql`
        UPDATE deliveries AS d SET status = 'sent', sent_at = ${now}, attempts = attempts + 1
        WHERE d.event_id = ${eventId} AND d.channel = 'inbox' AND d.id > ${cursor} AND d.id <= ${upper} AND ${stillPending}`.execute(trx);
      return { upper, inserted: Number(inserted.numAffectedRows ?? 0n) };
    });
    if (!step) return written;
    cursor = step.upper;
    written += step.inserted;
  }
}
