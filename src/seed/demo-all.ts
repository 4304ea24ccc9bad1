import type { Database } from '../platform/db/database.js';
import { loadCalendar } from '../platform/calendar/index.js';
import type { PublicationHooks } from '../modules/documents/workflow.service.js';
import { todayInShanghai } from '../modules/documents/validity.service.js';
import { listSites } from '../modules/sites/sites.store.js';
import { seedDemoApplications } from './demo-applications.js';
import { seedDemoLibrary } from './demo-library.js';
import { seedDemoSubscriptions } from './demo-subscriptions.js';
import { seedDemoPushes } from '../modules/subscriptions/push/push.demo.js';
import { relayDemoLogins, seedDemoRelay } from '../modules/subscriptions/relay/relay.demo.js';
import { seedDemo, type DemoLogin } from './demo.js';
import type { JobQueue } from '../platform/jobs/queue.js';
import { publicationEvent } from '../modules/subscriptions/delivery/publication-event.js';

/**
 * The newest few policies, and the newest of each theme or type the demo subscribers follow, so
 * their inboxes (and the log mailer) show what a subscription brings.
 */
async function announceNewest(database: Database, siteId: number, jobs: JobQueue): Promise<void> {
  const publicDocs = () =>
    database.db
      .selectFrom('documents')
      .select('id')
      .where('site_id', '=', siteId)
      .where('status', '=', 'published')
      .where('disclosure', '=', 'proactive')
      .where('targeted', '=', 0)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc');
  const ids = new Set((await publicDocs().limit(DEMO_NOTIFIED_POLICIES).execute()).map((d) => d.id));
  const followed = await database.db.selectFrom('subscriptions').select(['criterion', 'value']).distinct().where('site_id', '=', siteId).where('status', '=', 'active').where('criterion', 'in', ['theme', 'type']).execute();
  for (const { criterion, value } of followed) {
    const newest = await publicDocs().where(criterion === 'theme' ? 'theme' : 'type', '=', value).limit(1).executeTakeFirst();
    if (newest) ids.add(newest.id);
  }
  for (const id of ids) await database.db.transaction().execute((trx) => publicationEvent(trx, jobs, id));
}

/** How many of the newest policies the demo subscribers hear of on first start. */
const DEMO_NOTIFIED_POLICIES = 3;

/**
 * Everything `npm start` shows on first start: accounts, the policy library, a year and a half of
 * cases. `hooks` must not notify subscribers: the library is history, published before anyone
 * subscribed (as with `gongkai import`). Only the newest few policies are then announced through
 * the delivery engine, so the demo inbox holds real subscription messages, not three hundred.
 */
export async function seedDemoAll(database: Database, hooks: PublicationHooks, jobs: JobQueue): Promise<{ logins: DemoLogin[]; created: string[] }> {
  const created: string[] = [];
  const accounts = await seedDemo(database);
  if (accounts.created) created.push('演示账号');
  const site = (await listSites(database.db)).find((s) => s.isDefault)!;
  const documents = await seedDemoLibrary(database, { id: site.id, siteCode: site.footer.siteCode }, hooks);
  if (documents) created.push(`${documents} 份政策文件`);
  const idOf = async (email: string) => (await database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;
  const department = await database.db.selectFrom('departments').select('id').where('site_id', '=', site.id).where('code', '=', 'GHC').executeTakeFirst();
  const cases = await seedDemoApplications(
    database,
    site,
    await loadCalendar(database),
    { citizenId: await idOf('citizen@example.com'), companyId: await idOf('company@example.com'), departmentId: department?.id ?? null },
    todayInShanghai(),
  );
  if (cases) created.push(`${cases} 件依申请公开案件`);
  const subscriptions = await seedDemoSubscriptions(database, site.id);
  if (subscriptions) {
    created.push(`${subscriptions} 项演示订阅`);
    await announceNewest(database, site.id, jobs);
  }
  const pushes = await seedDemoPushes(database, site.id);
  if (pushes) created.push(`${pushes} 条精准推送`);
  const relay = await seedDemoRelay(database, site.id);
  if (relay) created.push('2 个政策知识点转发点和 1 个政策知识点');
  return { logins: [...accounts.logins, ...relayDemoLogins], created };
}
