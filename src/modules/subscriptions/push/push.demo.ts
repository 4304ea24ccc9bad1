import type { Database } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import { pushAudienceQuery } from '../delivery/audience.js';
import { publicationPayload } from '../delivery/publication-event.js';
import type { PushAudience } from '../notify-event.js';
import * as store from './push.store.js';

/*
 * Demo data: one push sent (with the inbox deliveries the engine would have written, so the
 * statistics and the rating question show at once) and one waiting for approval. Written directly
 * because the seed runs without a job queue. Once per site.
 */
export async function seedDemoPushes(database: Database, siteId: number): Promise<number> {
  const db = database.db;
  if (await db.selectFrom('pushes').select('id').where('site_id', '=', siteId).executeTakeFirst()) return 0;
  const staffId = async (username: string) => (await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst())?.id;
  const [editor, reviewer] = [await staffId('editor'), await staffId('reviewer')];
  const docs = await store.pushableDocuments(db, siteId).select(['id', 'title']).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(2).execute();
  const tagIds = async (...labels: string[]) => (await db.selectFrom('audience_tags').select('id').where('site_id', '=', siteId).where('label', 'in', labels).execute()).map((t) => t.id);
  if (!editor || !reviewer || docs.length < 2) return 0;

  const sentAudience: PushAudience = { tagIds: await tagIds('动迁居民', '不动产权利人', '房地产开发'), accountKinds: [], channels: [] };
  const pendingAudience: PushAudience = { tagIds: await tagIds('房地产开发', '建筑施工'), accountKinds: ['organization'], channels: ['email'] };
  const built = await publicationPayload(db, docs[0]!.id);
  if (!built) return 0;
  const now = nowIso();

  await db.transaction().execute(async (trx) => {
    const recipients = await pushAudienceQuery(trx, sentAudience).execute();
    const sentId = await store.insertPush(trx, siteId, editor, {
      document_id: docs[0]!.id, title: `政策推送：${docs[0]!.title}`.slice(0, 100), message: built.payload.summary.slice(0, 200), audience: JSON.stringify(sentAudience), audience_all: 0,
    }, 'pending_approval');
    const payload = { ...built.payload, title: `政策推送：${docs[0]!.title}`.slice(0, 100), summary: built.payload.summary.slice(0, 200), audience: sentAudience, pushId: sentId };
    const event = await trx.insertInto('notify_events').values({
      site_id: siteId, kind: 'push', dedupe_key: `push:${sentId}`, document_id: docs[0]!.id, payload: JSON.stringify(payload), status: 'done',
      match_cursor: 0, matched_count: recipients.length, created_at: now, matched_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await store.updatePushIf(trx, sentId, ['pending_approval'], { status: 'sent', approved_by: reviewer, approval_comment: '同意推送。', recipient_count: recipients.length, decided_at: now, event_id: event.id, sent_at: now });
    for (const [i, r] of recipients.entries()) {
      const delivery = await trx.insertInto('deliveries').values({
        event_id: event.id, recipient_key: `a:${r.id}`, channel: 'inbox', subscription_id: null, account_id: r.id, address: null, frequency: 'immediate', status: 'sent',
        attempts: 1, next_attempt_at: null, last_error: null, digest_id: null, created_at: now, sent_at: now, opened_at: i % 2 === 1 ? now : null, unsubscribed_at: null,
      }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('inbox_messages').values({
        site_id: siteId, account_id: r.id, category: '精准推送', title: payload.title, body: payload.summary, link: payload.path, created_at: now, read_at: i % 2 === 1 ? now : null, delivery_id: delivery.id,
      }).execute();
    }
    await store.insertPush(trx, siteId, editor, {
      document_id: docs[1]!.id, title: `请关注：${docs[1]!.title}`.slice(0, 100), message: '与贵单位业务相关的政策已发布，请查看原文及解读。', audience: JSON.stringify(pendingAudience), audience_all: 0,
    }, 'pending_approval');
  });
  return 2;
}
