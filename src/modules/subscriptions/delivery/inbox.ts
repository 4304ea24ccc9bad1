import { sql, type RawBuilder } from 'kysely';
import { nowIso, type Queryable } from '../../../platform/db/database.js';
import { categoryLabels, isOpenDelivery, loadEvent, type DeliveryDeps, type EventRow } from './deps.js';

/*
 * The inbox is a table in our own database, so its delivery is exactly-once by construction.
 * An immediate inbox delivery is born 'sent' in the matching batch that writes its message, in
 * the same transaction (match.ts): the million-recipient fan-out writes each row once. The
 * writer below is for inbox deliveries left 'pending' (put back by staff, or written by an
 * older version): each batch writes the messages and marks those deliveries sent together.
 */

/**
 * Messages for the event's inbox deliveries that `rows` selects (a condition on `d`), skipping
 * any that already has its message (unique delivery_id). Returns how many were written.
 */
export async function insertInboxMessages(trx: Queryable, event: EventRow, rows: RawBuilder<unknown>): Promise<number> {
  const { payload } = event;
  const category = categoryLabels[event.kind] ?? event.kind;
  const result = await sql`
    INSERT INTO inbox_messages (site_id, account_id, category, title, body, link, created_at, read_at, delivery_id)
    SELECT ${event.site_id}, d.account_id, ${category}, ${payload.title}, ${payload.summary}, ${payload.path}, ${nowIso()}, NULL, d.id
    FROM deliveries d
    WHERE d.event_id = ${event.id} AND d.channel = 'inbox' AND d.account_id IS NOT NULL AND ${rows}
    ON CONFLICT (delivery_id) DO NOTHING`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** Writes the event's pending inbox deliveries, batch by batch; returns how many messages were written. */
export async function writeInbox(deps: DeliveryDeps, eventId: number, signal?: AbortSignal): Promise<number> {
  const event = await loadEvent(deps.database, eventId);
  if (!event) return 0;
  let written = 0;
  for (;;) {
    if (signal?.aborted) throw new Error('站内信写入被中止，稍后重试');
    const step = await deps.database.db.transaction().execute(async (trx) => {
      const batch = trx
        .selectFrom('deliveries as d')
        .select('d.id')
        .where('d.channel', '=', 'inbox')
        .where('d.status', '=', 'pending')
        .where(isOpenDelivery('d'))
        .where('d.event_id', '=', eventId)
        .orderBy('d.id')
        .limit(deps.settings.inboxBatch);
      const bound = await trx.selectFrom(batch.as('b')).select((eb) => eb.fn.max('b.id').as('upper')).executeTakeFirst();
      if (bound?.upper === null || bound?.upper === undefined) return null;
      // The batch is every pending inbox row of the event up to its last id.
      const inBatch = sql`d.status = 'pending' AND ${isOpenDelivery('d')} AND d.id <= ${Number(bound.upper)}`;
      const inserted = await insertInboxMessages(trx, event, inBatch);
      await sql`
        UPDATE deliveries AS d SET status = 'sent', sent_at = ${nowIso()}, attempts = attempts + 1
        WHERE d.event_id = ${eventId} AND d.channel = 'inbox' AND ${inBatch}`.execute(trx);
      return inserted;
    });
    if (step === null) return written;
    written += step;
  }
}
