import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import type { Queryable } from '../../../platform/db/database.js';
import { recentEventCounts, recentEventStats } from './push.stats.js';
import { ChannelStatsView, fmt } from './push.views.js';
import { PUSH_VIEW_ROLES, pushLimits } from './push.vocabulary.js';

const kindLabels: Record<string, string> = { publication: '订阅推送', push: '精准推送', relay: '政策知识点' };

/** Sent pushes of the period with their inbox reach and ratings, in one query. */
function recentPushes(db: Queryable, siteId: number, since: string) {
  return db
    .selectFrom('pushes as p')
    .leftJoin('deliveries as d', 'd.event_id', 'p.event_id')
    .select([
      'p.id', 'p.title', 'p.sent_at', 'p.recipient_count',
      sql<number>`count(d.id)`.as('matched'),
      sql<number>`count(d.opened_at)`.as('opened'),
      sql<number>`(select count(*) from push_ratings r where r.push_id = p.id and r.useful = 1)`.as('useful'),
      sql<number>`(select count(*) from push_ratings r where r.push_id = p.id and r.useful = 0)`.as('not_useful'),
    ])
    .where('p.site_id', '=', siteId)
    .where('p.status', '=', 'sent')
    .where('p.sent_at', '>=', since)
    .groupBy(['p.id', 'p.title', 'p.sent_at', 'p.recipient_count'])
    .orderBy('p.sent_at', 'desc')
    .limit(pushLimits.listLimit)
    .execute();
}

/** /console/pushes/stats: publication and push events of the recent period, per channel. */
export function pushOverviewRoute(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  app.get('/console/pushes/stats', async (request, reply) => {
    requireStaff(request, PUSH_VIEW_ROLES);
    const days = pushLimits.statsWindowDays;
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    const [rows, events, pushes] = await Promise.all([recentEventStats(db, request.site.id, since), recentEventCounts(db, request.site.id, since), recentPushes(db, request.site.id, since)]);
    return reply.page(consolePage(request, '推送统计', (
      <>
        <p class="lede">最近 {days} 天的政策发布订阅推送和精准推送，按渠道统计投递、阅读和退订情况（人次）。</p>
        <div class="stats">
          {Object.entries(kindLabels).map(([kind, label]) => <div class="stat" key={kind}><strong>{events[kind] ?? 0}</strong>{label}事件</div>)}
        </div>
        <ChannelStatsView rows={rows.map((r) => ({ ...r, group: kindLabels[r.kind] ?? r.kind }))} caption={`最近 ${days} 天各类推送、各渠道投递情况（人次）`} chartLabel={`最近 ${days} 天各渠道投递情况柱状图`} />
        <h2>最近发送的精准推送</h2>
        {pushes.length === 0 ? <p class="empty">最近 {days} 天没有发送精准推送。</p> : (
          <div class="table-wrap" role="region" aria-labelledby="recent-pushes-caption" tabIndex={0}>
            <table class="data">
              <caption id="recent-pushes-caption" class="visually-hidden">最近 {days} 天发送的精准推送</caption>
              <thead><tr><th scope="col" class="col-wide">标题</th><th scope="col" class="nowrap">发送时间</th><th scope="col" class="nowrap">批准时人数</th><th scope="col" class="nowrap">投递人次</th><th scope="col" class="nowrap">已读/打开</th><th scope="col" class="nowrap">有用</th><th scope="col" class="nowrap">没用</th></tr></thead>
              <tbody>
                {pushes.map((p) => (
                  <tr key={p.id}>
                    <th scope="row"><a href={`/console/pushes/${p.id}`}>{p.title}</a></th><td class="nowrap">{fmt(p.sent_at)}</td><td>{p.recipient_count ?? '—'}</td>
                    <td>{Number(p.matched)}</td><td>{Number(p.opened)}</td><td>{Number(p.useful)}</td><td>{Number(p.not_useful)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p><a href="/console/pushes">返回推送列表</a></p>
      </>
    )));
  });
}
