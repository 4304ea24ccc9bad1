import { sql } from 'kysely';
import { beijingDay, pruneSmsQuota } from '../../../platform/notify/sms.js';
import { MATCH_JOB } from '../notify-event.js';
import { clock, EXTERNAL_CHANNELS, INBOX_JOB, isOpenDelivery, sendJobName, type DeliveryDeps } from './deps.js';
import { DIGEST_SEND_JOB, digestDue } from './digests.js';

/*
 * The minute tick: puts back what a dead worker left behind and wakes the senders for retries
 * that have come due. Every re-run it triggers is harmless: matching is cursor-guarded, the inbox
 * and deliveries have unique keys, and a claimed delivery is only re-sent after its lease.
 */
export async function runTick(deps: DeliveryDeps, slot: string): Promise<void> {
  const db = deps.database.db;
  const now = clock(deps);
  const nowText = now.toISOString();

  await db
    .updateTable('deliveries')
    .set({ status: 'failed', next_attempt_at: nowText, last_error: '发送租约过期（进程中断），重新排队' })
    .where('status', '=', 'sending')
    .where(isOpenDelivery())
    .where('next_attempt_at', '<', nowText)
    .execute();

  const stuckBefore = new Date(now.getTime() - deps.settings.leaseSeconds * 1000).toISOString();
  const stuck = await db.selectFrom('notify_events').select('id').where('status', '=', 'matching').where('created_at', '<', stuckBefore).execute();
  for (const { id } of stuck) await deps.jobs.enqueue(MATCH_JOB, { eventId: id }, { idempotencyKey: `${MATCH_JOB}:${id}:recover@${slot}` });

  // The inbox writer is enqueued when matching ends; re-enqueue only where it has had its chance.
  const unwritten = await db
    .selectFrom('deliveries')
    .innerJoin('notify_events as e', 'e.id', 'deliveries.event_id')
    .select('deliveries.event_id')
    .distinct()
    .where('deliveries.status', '=', 'pending')
    .where('deliveries.channel', '=', 'inbox')
    .where(isOpenDelivery('deliveries'))
    .where('e.status', '=', 'matched')
    .where('e.matched_at', '<', stuckBefore)
    .execute();
  for (const { event_id: eventId } of unwritten) {
    await deps.jobs.enqueue(INBOX_JOB, { eventId }, { idempotencyKey: `${INBOX_JOB}:${eventId}:recover@${slot}` });
  }

  const due = await db
    .selectFrom('deliveries')
    .select('channel')
    .distinct()
    .where('status', 'in', ['pending', 'failed'])
    .where(isOpenDelivery())
    .where('channel', 'in', [...EXTERNAL_CHANNELS])
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowText)]))
    .execute();
  for (const { channel } of due) await deps.jobs.enqueue(sendJobName(channel), {}, { idempotencyKey: `${sendJobName(channel)}@${slot}` });

  await db
    .updateTable('digests')
    .set({ status: 'pending', next_attempt_at: nowText, last_error: '发送租约过期（进程中断），重新排队' })
    .where('status', '=', 'sending')
    .where('next_attempt_at', '<', nowText)
    .execute();
  const dueDigest = await db.selectFrom('digests').select('id').where(digestDue(now)).limit(1).executeTakeFirst();
  if (dueDigest) await deps.jobs.enqueue(DIGEST_SEND_JOB, {}, { idempotencyKey: `${DIGEST_SEND_JOB}@${slot}` });

  // The SMS cap's counters and claims are needed for today only (Beijing); yesterday's are kept for a day.
  await pruneSmsQuota(db, beijingDay(new Date(now.getTime() - 86_400_000)));

  await sql`
    UPDATE notify_events SET status = 'done'
    WHERE status = 'matched' AND NOT EXISTS (
      SELECT 1 FROM deliveries d WHERE d.event_id = notify_events.id AND ${isOpenDelivery('d')} AND d.status <> 'dead')`.execute(db);
}
