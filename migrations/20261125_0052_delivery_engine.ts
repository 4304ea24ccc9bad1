import type { AnyDb } from '../src/platform/db/columns.js';

/*
 * The delivery engine walks one event's deliveries of one channel in id order (inbox fan-out,
 * console counts); without this index each batch would sort the event's million rows again.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.createIndex('deliveries_event_channel').on('deliveries').columns(['event_id', 'channel', 'id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('deliveries_event_channel').execute();
}
