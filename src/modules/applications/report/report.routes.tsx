import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import type { StaffRole } from '../../accounts/roles.js';
import { notFound } from '../../../platform/http/errors.js';
import type { Values } from '../../../platform/views/forms.js';
import { isExportFormat, sendReportFile } from './report.export.js';
import { manualValues } from './report.schemas.js';
import { FIRST_YEAR, loadReport, publishReport, reportSiteOf, saveManual, saveProse, todayInBeijing, type AnnualReport } from './report.service.js';
import * as store from './report.store.js';
import { ConsoleReport, type ConsoleReportState } from './report.views.js';
import { reportPortalRoutes } from './report.portal.js';

/** Who may see the reports, and who may fill them in and publish them. */
export const REPORT_VIEW_ROLES: StaffRole[] = ['disclosure_office', 'admin', 'head'];
export const REPORT_EDIT_ROLES: StaffRole[] = ['disclosure_office', 'admin'];

/** Who may use each console route here (for the route-by-route authorization sweep). */
export const reportRouteAccess: Record<string, StaffRole[]> = {
  'GET /console/reports': REPORT_VIEW_ROLES,
  'GET /console/reports/:year': REPORT_VIEW_ROLES,
  'GET /console/reports/:year/report.docx': REPORT_VIEW_ROLES,
  'GET /console/reports/:year/report.xlsx': REPORT_VIEW_ROLES,
  'POST /console/reports/:year/manual': REPORT_EDIT_ROLES,
  'POST /console/reports/:year/prose': REPORT_EDIT_ROLES,
  'POST /console/reports/:year/publish': REPORT_EDIT_ROLES,
};

const statusLabels: Record<string, string> = { draft: '草稿', published: '已发布' };

/** A year in the path: four digits, from 2008 to this year; anything else is not a page. */
export function yearParam(raw: string): number {
  const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  if (!(year >= FIRST_YEAR && year <= Number(todayInBeijing().slice(0, 4)))) throw notFound('该年度的报告');
  return year;
}

/** Console: /console/reports (years) and /console/reports/:year (tables, forms, publish, downloads). Public pages too. */
export function reportRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;
  const canEdit = (request: FastifyRequest) => {
    const v = request.viewer!;
    return v.isPlatformAdmin || REPORT_EDIT_ROLES.some((r) => v.roles.includes(r));
  };
  const render = (request: FastifyRequest, report: AnnualReport, state: Partial<ConsoleReportState> = {}) =>
    consolePage(request, `${report.year} 年政府信息公开工作年度报告`, (
      <>
        <p><a href="/console/reports">← 全部年度</a></p>
        <ConsoleReport
          report={report}
          canEdit={canEdit(request)}
          csrf={request.csrfToken()}
          state={{
            manualValues: state.manualValues ?? manualValues(report.manual),
            manualErrors: state.manualErrors ?? {},
            proseValues: state.proseValues ?? { ...report.prose },
            proseErrors: state.proseErrors ?? {},
            publishReasons: state.publishReasons,
            done: state.done,
          }}
        />
      </>
    ));
  const load = (request: FastifyRequest, year: number) => loadReport(database.db, reportSiteOf(request.site), year);

  app.get('/console/reports', async (request, reply) => {
    requireStaff(request, REPORT_VIEW_ROLES);
    const thisYear = Number(todayInBeijing().slice(0, 4));
    const rows = await store.listReports(database.db, request.site.id);
    const years = [...new Set([thisYear - 1, thisYear, ...(await store.reportYears(database.db, request.site.id))])]
      .filter((y) => y >= FIRST_YEAR && y <= thisYear)
      .sort((a, b) => b - a);
    return reply.page(consolePage(request, '政府信息公开工作年度报告', (
      <>
        <p class="lede">年度报告的表二、表三、表四由平台数据计算；每年 1 月 31 日前发布上一年度报告。</p>
        <table class="data">
          <thead><tr><th>年度</th><th>状态</th><th>发布日期</th><th>操作</th></tr></thead>
          <tbody>
            {years.map((y) => {
              const row = rows.find((r) => Number(r.year) === y);
              return (
                <tr key={y}>
                  <td>{y} 年</td>
                  <td>{row ? statusLabels[row.status] ?? row.status : y === thisYear ? '年度进行中' : '未编制'}</td>
                  <td>{row?.published_at?.slice(0, 10) ?? '—'}</td>
                  <td><a href={`/console/reports/${y}`}>查看</a></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </>
    )));
  });

  app.get<{ Params: { year: string }; Querystring: { done?: string } }>('/console/reports/:year', async (request, reply) => {
    requireStaff(request, REPORT_VIEW_ROLES);
    const year = yearParam(request.params.year);
    return reply.page(render(request, await load(request, year), { done: request.query.done }));
  });

  for (const format of ['docx', 'xlsx'] as const) {
    app.get<{ Params: { year: string } }>(`/console/reports/:year/report.${format}`, async (request, reply) => {
      requireStaff(request, REPORT_VIEW_ROLES);
      const report = await load(request, yearParam(request.params.year));
      if (!isExportFormat(format)) throw notFound();
      return sendReportFile(reply, report.data, format, report.status !== 'published');
    });
  }

  app.post<{ Params: { year: string } }>('/console/reports/:year/manual', async (request, reply) => {
    requireStaff(request, REPORT_EDIT_ROLES);
    const year = yearParam(request.params.year);
    const body = (request.body ?? {}) as Values;
    const outcome = await saveManual(database, request.site.id, year, body, request.auditActor());
    if (!outcome.ok) return reply.page(render(request, await load(request, year), { manualValues: body, manualErrors: outcome.errors }), 422);
    return reply.redirect(`/console/reports/${year}?done=manual`, 303);
  });

  app.post<{ Params: { year: string } }>('/console/reports/:year/prose', async (request, reply) => {
    requireStaff(request, REPORT_EDIT_ROLES);
    const year = yearParam(request.params.year);
    const body = (request.body ?? {}) as Values;
    const outcome = await saveProse(database, request.site.id, year, body, request.auditActor());
    if (!outcome.ok) return reply.page(render(request, await load(request, year), { proseValues: body, proseErrors: outcome.errors }), 422);
    return reply.redirect(`/console/reports/${year}?done=prose`, 303);
  });

  app.post<{ Params: { year: string } }>('/console/reports/:year/publish', async (request, reply) => {
    requireStaff(request, REPORT_EDIT_ROLES);
    const year = yearParam(request.params.year);
    const result = await publishReport(database, reportSiteOf(request.site), year, request.auditActor());
    if (!result.ok) return reply.page(render(request, await load(request, year), { publishReasons: result.reasons }), 422);
    return reply.redirect(`/console/reports/${year}?done=published`, 303);
  });

  reportPortalRoutes(app, services);
}
