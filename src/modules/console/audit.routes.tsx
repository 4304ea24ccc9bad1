import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { listAudit, verifyAuditChain } from '../../platform/audit/audit.service.js';
import { Notice } from '../../platform/views/forms.js';

const PAGE = 50;
const dateText = z.union([z.literal(''), z.iso.date()]).optional();
const filterSchema = z.object({
  actor: z.string().trim().max(100).optional(),
  action: z.string().trim().regex(/^[a-z_.]*$/).max(64).optional(),
  from: dateText,
  to: dateText,
  before: z.coerce.number().int().positive().optional(),
  verify: z.string().optional(),
});

// Shanghai dates → UTC instants: the log stores UTC, people filter by their calendar day.
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const nextDayStart = (date: string) => new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();

export function auditRoutes(app: FastifyInstance, services: Services) {
  app.get('/console/audit', async (request, reply) => {
    const viewer = requireStaff(request, ['admin']);
    const parsed = filterSchema.safeParse(request.query);
    const filters = parsed.success ? parsed.data : {};
    const rows = await listAudit(services.database, {
      siteId: viewer.isPlatformAdmin ? undefined : request.site.id,
      actor: filters.actor || undefined,
      action: filters.action || undefined,
      from: filters.from ? dayStart(filters.from) : undefined,
      to: filters.to ? nextDayStart(filters.to) : undefined,
      beforeSeq: filters.before,
      limit: PAGE,
    });
    const verification = filters.verify ? await verifyAuditChain(services.database) : undefined;
    const query = new URLSearchParams({ actor: filters.actor ?? '', action: filters.action ?? '', from: filters.from ?? '', to: filters.to ?? '' });
    const last = rows.at(-1);
    return reply.page(consolePage(request, '审计日志', (
      <>
        {!parsed.success ? <Notice kind="warning">筛选条件格式有误（日期应为 YYYY-MM-DD，操作类型为小写英文代码），已忽略。</Notice> : null}
        {verification ? (
          verification.ok
            ? <Notice kind="success">哈希链校验通过：共 {verification.records} 条记录，未发现篡改。</Notice>
            : <Notice kind="warning">哈希链校验失败：第 {verification.brokenSeq} 号记录{verification.reason}。此前 {verification.records} 条记录完好。</Notice>
        ) : null}
        <form method="get" action="/console/audit" class="filters" aria-label="筛选审计日志">
          <div class="field"><label for="a-actor">操作人</label><input id="a-actor" name="actor" type="text" value={filters.actor ?? ''} maxLength={100} /></div>
          <div class="field"><label for="a-action">操作类型</label><input id="a-action" name="action" type="text" value={filters.action ?? ''} placeholder="如 auth.login" maxLength={64} /></div>
          <div class="field"><label for="a-from">起始日期</label><input id="a-from" name="from" type="date" value={filters.from ?? ''} /></div>
          <div class="field"><label for="a-to">截止日期</label><input id="a-to" name="to" type="date" value={filters.to ?? ''} /></div>
          <button class="button" type="submit">筛选</button>
          <button class="button button-secondary" type="submit" name="verify" value="1">校验哈希链</button>
        </form>
        <div class="table-wrap">
          <table class="data">
            <thead><tr><th>序号</th><th>时间</th><th>操作人</th><th>操作</th><th>说明</th><th>IP</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq}>
                  <td>{r.seq}</td>
                  <td>{new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}</td>
                  <td>{r.actor_label}</td><td><code>{r.action}</code></td><td>{r.summary}</td><td>{r.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 ? <p class="empty">没有符合条件的记录。</p> : null}
        {last && rows.length === PAGE ? <p class="pager"><a href={`/console/audit?${query.toString()}&before=${last.seq}`}>更早的记录</a></p> : null}
      </>
    )));
  });
}
