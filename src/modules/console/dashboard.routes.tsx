import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { fieldErrors } from '../../platform/outcome.js';
import { Notice, type Errors } from '../../platform/views/forms.js';
import { ChangePasswordForm } from '../accounts/password-form.js';
import { changePasswordSchema } from '../accounts/accounts.schemas.js';
import { changePassword } from '../accounts/accounts.service.js';
import { countAccounts } from '../accounts/accounts.store.js';
import { documentTodos } from '../documents/documents.todo.js';
import { caseTodos } from '../applications/applications.todo.js';

const todayInShanghai = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export function dashboardRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;

  app.get('/console', async (request, reply) => {
    const viewer = requireStaff(request);
    const soonUntil = new Date(Date.now() + (8 + 7 * 24) * 3_600_000).toISOString().slice(0, 10);
    const [accounts, newReports, jobStats, calendar, years, todos, cases] = await Promise.all([
      countAccounts(db),
      db.selectFrom('error_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('site_id', '=', request.site.id).where('status', '=', 'new').executeTakeFirstOrThrow(),
      services.jobs.stats(),
      services.calendar.loadCalendar(),
      services.calendar.listYears(),
      documentTodos(db, { id: viewer.id, siteId: request.site.id, roles: viewer.roles }),
      caseTodos(db, { siteId: request.site.id, roles: viewer.roles, departmentIds: viewer.departmentIds }, todayInShanghai(), soonUntil),
    ]);
    const count = (kind: string) => Number(accounts.find((a) => a.kind === kind)?.n ?? 0);
    const nextYear = Number(todayInShanghai().slice(0, 4)) + 1;
    const nextYearReady = years.some((y) => y.year === nextYear && y.status === 'published');
    const upcoming = [...calendar.overrides.entries()]
      .filter(([date]) => date >= todayInShanghai())
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(0, 6);
    return reply.page(consolePage(request, '工作台', (
      <>
        <p class="lede">{viewer.name}，您好。今天是 {todayInShanghai()}。</p>
        {!nextYearReady ? (
          <Notice kind="warning">
            尚未录入 {nextYear} 年的节假日安排。跨年期限将只按周末计算，请在国务院办公厅发布通知后到<a href="/console/calendar">工作日历</a>录入。
          </Notice>
        ) : null}
        <div class="stats">
          <div class="stat"><strong>{count('person')}</strong>自然人账号</div>
          <div class="stat"><strong>{count('organization')}</strong>法人或其他组织账号</div>
          <div class="stat"><strong>{count('staff')}</strong>工作人员</div>
          <div class="stat"><strong>{Number(newReports.n)}</strong><a href="/console/error-reports">待处理网站纠错</a></div>
          <div class="stat"><strong>{jobStats.pending + jobStats.running}</strong>排队中的后台任务</div>
          <div class="stat"><strong>{jobStats.dead}</strong><a href="/console/jobs">失败的后台任务</a></div>
        </div>
        <section class="panel">
          <h2>近期节假日与调休</h2>
          {upcoming.length === 0 ? <p class="empty">日历中没有今后的节假日数据。</p> : (
            <ul>{upcoming.map(([date, day]) => <li key={date}>{date} {day.kind === 'holiday' ? '放假' : '调休上班'}（{day.name}）</li>)}</ul>
          )}
        </section>
        {cases.length > 0 ? (
          <section class="panel">
            <h2>依申请公开</h2>
            <ul>{cases.map((c) => <li key={c.id}><a href={`/console/applications/${c.id}`}>{c.number}</a>：{c.overdue ? <span class="tag tag-red">{c.what}</span> : c.what}</li>)}</ul>
          </section>
        ) : null}
        <section class="panel">
          <h2>待办事项</h2>
          {todos.length === 0 ? <p class="empty">暂无待办事项。</p> : (
            <ul>{todos.map((t) => <li key={`${t.documentId}-${t.what}`}><a href={`/console/documents/${t.documentId}`}>{t.title}</a>：{t.what}</li>)}</ul>
          )}
        </section>
      </>
    )));
  });

  app.get('/console/jobs', async (request, reply) => {
    requireStaff(request, ['admin']);
    const [stats, dead] = await Promise.all([services.jobs.stats(), services.jobs.listDead(100)]);
    const csrf = request.csrfToken();
    return reply.page(consolePage(request, '后台任务', (
      <>
        <p class="meta">运行方式：{services.jobs.kind === 'bullmq' ? 'BullMQ（Redis）' : '内置任务队列（数据库）'}</p>
        <div class="stats">
          <div class="stat"><strong>{stats.pending}</strong>等待中</div>
          <div class="stat"><strong>{stats.running}</strong>运行中</div>
          <div class="stat"><strong>{stats.done}</strong>已完成</div>
          <div class="stat"><strong>{stats.dead}</strong>失败（死信）</div>
        </div>
        <h2>失败的任务</h2>
        {dead.length === 0 ? <p class="empty">没有失败的任务。</p> : (
          <table class="data">
            <thead><tr><th>任务</th><th>尝试次数</th><th>最后错误</th><th>失败时间</th><th>操作</th></tr></thead>
            <tbody>
              {dead.map((job) => (
                <tr key={job.id}>
                  <td>{job.name}</td><td>{job.attempts}</td><td>{job.lastError ?? '—'}</td><td>{job.failedAt ?? '—'}</td>
                  <td>
                    <form method="post" action={`/console/jobs/${encodeURIComponent(job.id)}/retry`} class="inline-form">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <button type="submit" class="link-button">重试</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    )));
  });

  app.post<{ Params: { id: string } }>('/console/jobs/:id/retry', async (request, reply) => {
    requireStaff(request, ['admin']);
    const dead = await services.jobs.listDead(1000);
    const job = dead.find((j) => j.id === request.params.id);
    if (job) {
      await services.jobs.retryDead(job.id);
      await db.transaction().execute(async (trx) => {
        await appendAudit(trx, request.auditActor(), { action: 'job.retry', targetType: 'job', targetId: job.id, summary: `重试失败任务 ${job.name}` });
      });
    }
    return reply.redirect('/console/jobs', 303);
  });

  const accountPage = (request: FastifyRequest, errors: Errors, saved = false) =>
    consolePage(request, '我的账号', <ChangePasswordForm action="/console/account" csrfToken={request.csrfToken()} errors={errors} saved={saved} heading="h2" />);

  app.get<{ Querystring: { saved?: string } }>('/console/account', async (request, reply) => {
    requireStaff(request);
    return reply.page(accountPage(request, {}, !!request.query.saved));
  });

  app.post('/console/account', async (request, reply) => {
    const viewer = requireStaff(request);
    const parsed = changePasswordSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.page(accountPage(request, fieldErrors(parsed.error.issues)), 422);
    const outcome = await changePassword(services.database, viewer, parsed.data.current, parsed.data.password, request.ip);
    if (!outcome.ok) return reply.page(accountPage(request, outcome.errors), 422);
    return reply.redirect('/console/account?saved=1', 303);
  });
}
