import type { FastifyInstance } from 'fastify';
import { portalPage } from '../../../app/portal-page.js';
import type { Services } from '../../../app/services.js';
import { cachePublicly } from '../../../platform/http/caching.js';
import { notFound } from '../../../platform/http/errors.js';
import { sendReportFile } from './report.export.js';
import { reportTitle, type ReportData } from './report.model.js';
import * as store from './report.store.js';
import { ReportBody } from './report.views.js';

const LIST_TITLE = '政府信息公开工作年度报告';

/** The portal: /reports (published years) and /reports/:year (the frozen report, with .docx and .xlsx). */
export function reportPortalRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;

  const published = async (siteId: number, raw: string): Promise<{ data: ReportData; publishedAt: string | null }> => {
    if (!/^\d{4}$/.test(raw)) throw notFound('该年度报告');
    const row = await store.findReport(db, siteId, Number(raw));
    if (!row || row.status !== 'published' || !row.snapshot) throw notFound('该年度报告');
    return { data: JSON.parse(row.snapshot) as ReportData, publishedAt: row.published_at };
  };

  app.get('/reports', async (request, reply) => {
    const rows = await store.listReports(db, request.site.id, { publishedOnly: true });
    cachePublicly(reply);
    return reply.page(portalPage(request, { title: LIST_TITLE, crumbs: [{ label: LIST_TITLE }] }, (
      <>
        <h1>{LIST_TITLE}</h1>
        <p class="lede">依据《中华人民共和国政府信息公开条例》第四十九条、第五十条，本机关每年 1 月 31 日前公布上一年度政府信息公开工作年度报告。</p>
        {rows.length === 0 ? <p class="empty">暂无已发布的年度报告。</p> : (
          <ul class="report-list">
            {rows.map((r) => (
              <li key={r.year}>
                <a href={`/reports/${r.year}`}>{r.year} 年政府信息公开工作年度报告</a>
                {r.published_at ? <span class="meta"> · {r.published_at.slice(0, 10)} 发布</span> : null}
              </li>
            ))}
          </ul>
        )}
      </>
    )));
  });

  app.get<{ Params: { year: string } }>('/reports/:year', async (request, reply) => {
    const { data, publishedAt } = await published(request.site.id, request.params.year);
    const title = reportTitle(data);
    cachePublicly(reply);
    return reply.page(portalPage(request, { title, crumbs: [{ label: LIST_TITLE, href: '/reports' }, { label: `${data.year} 年` }] }, (
      <article class="report">
        <h1>{title}</h1>
        {publishedAt ? <p class="meta">发布日期：{publishedAt.slice(0, 10)}</p> : null}
        <p class="actions">
          <a href={`/reports/${data.year}/report.docx`}>下载 Word 版（.docx）</a>{' '}
          <a href={`/reports/${data.year}/report.xlsx`}>下载表格（.xlsx）</a>
        </p>
        <ReportBody data={data} />
      </article>
    )));
  });

  for (const format of ['docx', 'xlsx'] as const) {
    app.get<{ Params: { year: string } }>(`/reports/:year/report.${format}`, async (request, reply) => {
      const { data } = await published(request.site.id, request.params.year);
      cachePublicly(reply);
      return sendReportFile(reply, data, format, false);
    });
  }
}
