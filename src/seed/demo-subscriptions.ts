import type { Database } from '../platform/db/database.js';
import { accountSubscriber, findAccountSubscriber, insertSubscription } from '../modules/subscriptions/subscribe/subscribe.store.js';
import { ensureDefaultTags } from '../modules/subscriptions/tags/tags.service.js';
import { findTagByLabel, replaceAccountTags } from '../modules/subscriptions/tags/tags.store.js';

type DemoSubscription = { criterion: string; value: string; channel: string; frequency: string };

const demo: Record<string, { tags: string[]; subscriptions: DemoSubscription[] }> = {
  'citizen@example.com': {
    tags: ['动迁居民', '浦东新区', '不动产权利人'],
    subscriptions: [
      { criterion: 'theme', value: '城市更新', channel: 'inbox', frequency: 'immediate' },
      { criterion: 'tag', value: '动迁居民', channel: 'email', frequency: 'daily' },
      { criterion: 'keyword', value: '征收', channel: 'sms', frequency: 'immediate' },
    ],
  },
  'company@example.com': {
    tags: ['房地产开发', '中型企业', '闵行区', '企业法人'],
    subscriptions: [
      { criterion: 'type', value: 'normative', channel: 'email', frequency: 'weekly' },
      { criterion: 'tag', value: '房地产开发', channel: 'inbox', frequency: 'immediate' },
      { criterion: 'theme', value: '土地管理', channel: 'inbox', frequency: 'daily' },
    ],
  },
};

/** The default tag vocabulary, and profile tags and subscriptions for the two demo public accounts (once). */
export async function seedDemoSubscriptions(database: Database, siteId: number): Promise<number> {
  let created = 0;
  await ensureDefaultTags(database.db, siteId);
  for (const [email, plan] of Object.entries(demo)) {
    const account = await database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    if (!account || (await findAccountSubscriber(database.db, account.id)) !== undefined) continue;
    await database.db.transaction().execute(async (trx) => {
      const tagIds: number[] = [];
      for (const label of plan.tags) {
        const tag = await findTagByLabel(trx, siteId, label);
        if (tag) tagIds.push(tag.id);
      }
      await replaceAccountTags(trx, siteId, account.id, tagIds);
      const subscriberId = await accountSubscriber(trx, account.id);
      for (const s of plan.subscriptions) {
        await insertSubscription(trx, { siteId, subscriberId, criterion: s.criterion, value: s.value, channel: s.channel }, s.frequency, 'active');
        created += 1;
      }
    });
  }
  return created;
}
