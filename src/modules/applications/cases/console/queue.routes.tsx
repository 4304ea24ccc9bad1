import type { FastifyInstance } from 'fastify';
import { consolePage } from '../../../../app/console-page.js';
import { requireStaff } from '../../../../app/guards.js';
import { addWorkingDays, countWorkingDays, type WorkingCalendar } from '../../../../platform/calendar/working-days.js';
import { parseId } from '../../../../platform/http/ids.js';
import { SelectField, TextField } from '../../../../platform/views/forms.js';
import type { Viewer } from '../../../accounts/accounts.service.js';
import { applicantColumns, caseStatuses, type ApplicantColumn, type CaseStatus } from '../../applications.vocabulary.js';
import { loadCaseRules, todayInShanghai } from '../case-rules.js';
import * as store from '../cases.store.js';
import { siteWideRoles } from '../context.js';
import { runningStatuses } from '../deadlines.service.js';
import { listQueue, queueCounts, type QueueRow } from '../queue.store.js';
import { intakeRoles, viewRoles, type ConsoleContext } from './access.js';

const PAGE_SIZE = 30;
type Query = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** null: the whole site; otherwise the departments a 承办处室 handles. */
export const departmentScope = (viewer: Viewer): number[] | null =>
  viewer.isPlatformAdmin || viewer.roles.some((r) => siteWideRoles.includes(r)) ? null : [...viewer.departmentIds];

/** The deadline cell: red when overdue, amber when due within the configured working days. */
export function deadlineTag(row: Pick<QueueRow, 'status' | 'due_on' | 'waiting_until'>, today: string, soonUntil: string, calendar: WorkingCalendar) {
  if (runningStatuses.includes(row.status) && row.due_on) {
    if (row.due_on < today) return { cls: 'tag tag-red', row: 'overdue', text: `已逾期 ${countWorkingDays(row.due_on, today, calendar)} 个工作日` };
    if (row.due_on <= soonUntil) {
      const left = countWorkingDays(today, row.due_on, calendar);
      return { cls: 'tag tag-amber', row: 'due-soon', text: left === 0 ? '今日到期' : `还剩 ${left} 个工作日` };
    }
    return null;
  }
  if ((row.status === 'awaiting_correction' || row.status === 'awaiting_fee') && row.waiting_until) {
    return row.waiting_until < today
      ? { cls: 'tag tag-amber', row: 'due-soon', text: '申请人期限已届满，待办结' }
      : { cls: 'tag', row: '', text: `计时中止，待申请人${row.status === 'awaiting_fee' ? '缴费' : '补正'}（至 ${row.waiting_until}）` };
  }
  return null;
}

export function queueRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  const db = ctx.services.database.db;
  app.get<{ Querystring: Query }>('/console/applications', async (request, reply) => {
    const viewer = requireStaff(request, viewRoles);
    const scope = { siteId: request.site.id, departmentIds: departmentScope(viewer) };
    const departments = (await store.departmentsOf(db, request.site.id)).filter((d) => scope.departmentIds === null || scope.departmentIds.includes(d.id));
    const statusValue = one(request.query.status);
    const departmentId = parseId(one(request.query.department));
    const filters = {
      status: statusValue === 'all' || Object.hasOwn(caseStatuses, statusValue) ? statusValue : '',
      department: departmentId !== undefined && departments.some((d) => d.id === departmentId) ? String(departmentId) : '',
      overdue: one(request.query.overdue) === '1' ? '1' : '',
      pending: one(request.query.pending) === '1' ? '1' : '',
      q: one(request.query.q).replaceAll('\u0000', '').trim().slice(0, 60),
    };
    const page = Math.min(parseId(one(request.query.page)) ?? 1, 100_000);
    const [calendar, rules] = await Promise.all([ctx.services.calendar.loadCalendar(), loadCaseRules(db)]);
    const today = todayInShanghai();
    const soonUntil = addWorkingDays(today, rules.dueSoonDays, calendar).due;
    const [{ total, rows }, counts] = await Promise.all([
      listQueue(db, { ...scope, status: filters.status, departmentId: filters.department ? Number(filters.department) : null, overdue: filters.overdue === '1', pendingExtension: filters.pending === '1', q: filters.q, today, page, pageSize: PAGE_SIZE }),
      queueCounts(db, scope, today, soonUntil),
    ]);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const link = (changes: Record<string, string>) => `/console/applications?${new URLSearchParams(Object.entries({ ...filters, ...changes }).filter(([, v]) => v)).toString()}`;
    const open = Object.entries(counts.byStatus).filter(([s]) => s !== 'closed').reduce((sum, [, n]) => sum + n, 0);
    return reply.page(consolePage(request, '依申请公开', (
      <>
        {viewer.isPlatformAdmin || intakeRoles.some((r) => viewer.roles.includes(r)) ? (
          <p class="actions"><a class="button" href="/console/applications/new">登记申请（信函、当面、传真、口头）</a></p>
        ) : null}
        <ul class="stats" aria-label="办理概况">
          <li><a href={link({ status: '', overdue: '', pending: '' })}>未办结 <strong>{open}</strong> 件</a></li>
          <li><a href={link({ overdue: '1' })}><span class={counts.overdue ? 'tag tag-red' : 'tag'}>已逾期 {counts.overdue} 件</span></a></li>
          <li><span class={counts.dueSoon ? 'tag tag-amber' : 'tag'}>{rules.dueSoonDays} 个工作日内到期 {counts.dueSoon} 件</span></li>
          <li><a href={link({ pending: '1' })}>待审批延期 {counts.pendingExtension} 件</a></li>
          {(Object.keys(caseStatuses) as CaseStatus[]).map((s) => <li key={s}><a href={link({ status: s })}>{caseStatuses[s]} {counts.byStatus[s] ?? 0}</a></li>)}
        </ul>
        <form method="get" action="/console/applications" class="filters" aria-label="筛选申请">
          <SelectField name="status" label="状态" values={filters} errors={{}} placeholder="未办结" options={[...Object.entries(caseStatuses).map(([value, label]) => ({ value, label })), { value: 'all', label: '全部' }]} />
          <SelectField name="department" label="承办处室" values={filters} errors={{}} placeholder="全部" options={departments.map((d) => ({ value: String(d.id), label: d.name }))} />
          <TextField name="q" type="search" label="编号或申请人" values={filters} errors={{}} maxLength={60} />
          <div class="field choice">
            <input type="checkbox" id="f-overdue" name="overdue" value="1" checked={filters.overdue === '1'} />
            <label for="f-overdue">只看已逾期</label>
          </div>
          <div class="field choice">
            <input type="checkbox" id="f-pending" name="pending" value="1" checked={filters.pending === '1'} />
            <label for="f-pending">只看待审批延期</label>
          </div>
          <button type="submit" class="button">筛选</button>
        </form>
        <p class="meta" role="status">共 {total} 件{total ? `，第 ${Math.min(page, pages)}/${pages} 页` : ''}（今天 {today}）</p>
        {rows.length === 0 ? <p class="empty">没有符合条件的申请。</p> : (
          <div class="table-wrap">
            <table class="data">
              <caption class="visually-hidden">申请列表（按答复期限排序）</caption>
              <thead><tr><th scope="col">编号</th><th scope="col">申请人</th><th scope="col">申请内容</th><th scope="col">收到日期</th><th scope="col">状态</th><th scope="col">承办处室</th><th scope="col">答复期限</th></tr></thead>
              <tbody>
                {rows.map((r) => {
                  const tag = deadlineTag(r, today, soonUntil, calendar);
                  return (
                    <tr key={r.id} class={tag?.row || undefined}>
                      <td><a href={`/console/applications/${r.id}`}>{r.number}</a>{r.excessive ? <span class="tag">第三十五条</span> : null}</td>
                      <td>{r.applicant_name}<br /><span class="meta">{applicantColumns[r.applicant_column as ApplicantColumn] ?? r.applicant_column}</span></td>
                      <td>{r.description.length > 40 ? `${r.description.slice(0, 40)}…` : r.description}</td>
                      <td>{r.received_on}</td>
                      <td>{caseStatuses[r.status as CaseStatus] ?? r.status}</td>
                      <td>{r.department_name ?? <span class="meta">未分办</span>}</td>
                      <td>{r.due_on ?? '—'}{tag ? <><br /><span class={tag.cls}>{tag.text}</span></> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 ? (
          <nav class="pager" aria-label="分页">
            {page > 1 ? <a href={link({ page: String(page - 1) })} rel="prev">上一页</a> : null}
            {' '}<span>第 {Math.min(page, pages)} 页，共 {pages} 页</span>{' '}
            {page < pages ? <a href={link({ page: String(page + 1) })} rel="next">下一页</a> : null}
          </nav>
        ) : null}
      </>
    )));
  });
}
