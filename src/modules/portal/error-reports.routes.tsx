import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import { portalPage } from '../../app/portal-page.js';
import type { Services } from '../../app/services.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { nowIso } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/errors.js';
import { fieldErrors } from '../../platform/outcome.js';
import { ErrorSummary, Form, Notice, SelectField, TextArea, TextField, type Errors, type Values } from '../../platform/views/forms.js';

const categories = ['链接无法打开', '内容错误或过时', '错别字', '页面无法显示', '无障碍问题', '其他'] as const;
const statuses: Record<string, string> = { new: '待处理', handled: '已处理', rejected: '不予采纳' };

const reportSchema = z.object({
  pageUrl: z.string().trim().min(1, '请填写出错页面的网址或名称').max(500, '网址不超过 500 个字符'),
  category: z.enum(categories, { error: '请选择问题类型' }),
  description: z.string().trim().min(5, '请描述发现的问题（至少 5 个字）').max(2000, '问题描述不超过 2000 字'),
  contact: z
    .string()
    .trim()
    .max(100, '联系方式不超过 100 个字符')
    .refine((v) => v === '' || /^1[3-9]\d{9}$/.test(v.replace(/[\s-]/g, '')) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), '请填写手机号或电子邮箱，或留空'),
});

const labels = { pageUrl: '出错页面', category: '问题类型', description: '问题描述', contact: '联系方式' };

function ReportForm(props: { request: FastifyRequest; values: Values; errors: Errors }) {
  return (
    <>
      <h1>我为政府网站找错</h1>
      <p class="lede">发现链接失效、内容错误、错别字或使用障碍？请告诉我们，我们会尽快核实处理。</p>
      <ErrorSummary errors={props.errors} labels={labels} />
      <Form action="/feedback/site-error" csrfToken={props.request.csrfToken()} class="form-narrow" label="网站纠错">
        <TextField name="pageUrl" label={labels.pageUrl} values={props.values} errors={props.errors} required hint="例如 /column/zcwj 或页面标题" maxLength={500} />
        <SelectField name="category" label={labels.category} values={props.values} errors={props.errors} required placeholder="请选择" options={categories.map((c) => ({ value: c, label: c }))} />
        <TextArea name="description" label={labels.description} values={props.values} errors={props.errors} required maxLength={2000} />
        <TextField name="contact" label={labels.contact} values={props.values} errors={props.errors} hint="选填：手机号或电子邮箱，便于我们回复您" maxLength={100} />
        <button class="button" type="submit">提交</button>
      </Form>
    </>
  );
}

export function registerErrorReportRoutes(app: FastifyInstance, services: Services) {
  const crumbs = [{ label: '我为政府网站找错' }];
  app.get<{ Querystring: { page?: string } }>('/feedback/site-error', async (request, reply) => {
    const values = { pageUrl: typeof request.query.page === 'string' ? request.query.page.slice(0, 500) : '' };
    return reply.page(portalPage(request, { title: '我为政府网站找错', crumbs }, <ReportForm request={request} values={values} errors={{}} />));
  });

  app.post('/feedback/site-error', { config: { rateLimit: { max: services.config.rateLimit.authPerMinute, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Values;
    const parsed = reportSchema.safeParse(body);
    if (!parsed.success) {
      return reply.page(portalPage(request, { title: '我为政府网站找错', crumbs }, <ReportForm request={request} values={body} errors={fieldErrors(parsed.error.issues)} />), 422);
    }
    await services.database.db
      .insertInto('error_reports')
      .values({ site_id: request.site.id, page_url: parsed.data.pageUrl, category: parsed.data.category, description: parsed.data.description, contact: parsed.data.contact, status: 'new', created_at: nowIso() })
      .execute();
    return reply.page(
      portalPage(request, { title: '感谢您的反馈', crumbs }, (
        <>
          <h1>感谢您的反馈</h1>
          <Notice kind="success">我们已收到您报告的问题，将尽快核实处理。</Notice>
          <p><a href="/">返回首页</a></p>
        </>
      )),
    );
  });

  app.get('/console/error-reports', async (request, reply) => {
    requireStaff(request, ['admin', 'editor']);
    const rows = await services.database.db.selectFrom('error_reports').selectAll().where('site_id', '=', request.site.id).orderBy('id', 'desc').limit(200).execute();
    const csrf = request.csrfToken();
    return reply.page(
      consolePage(request, '网站纠错', (
        <div class="table-wrap">
          {rows.length === 0 ? <p class="empty">暂无纠错留言。</p> : (
            <table class="data">
              <thead><tr><th>时间</th><th>页面</th><th>类型</th><th>描述</th><th>联系方式</th><th>状态</th><th>操作</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.created_at.slice(0, 16).replace('T', ' ')}</td><td>{r.page_url}</td><td>{r.category}</td><td>{r.description}</td>
                    <td>{r.contact || '—'}</td><td>{statuses[r.status] ?? r.status}</td>
                    <td>
                      {r.status === 'new' ? (['handled', 'rejected'] as const).map((s) => (
                        <form method="post" action={`/console/error-reports/${r.id}`} class="inline-form" key={s}>
                          <input type="hidden" name="_csrf" value={csrf} /><input type="hidden" name="status" value={s} />
                          <button class="link-button" type="submit">标记{statuses[s]}</button>{' '}
                        </form>
                      )) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )),
    );
  });

  app.post<{ Params: { id: string } }>('/console/error-reports/:id', async (request, reply) => {
    requireStaff(request, ['admin', 'editor']);
    const status = (request.body as Values)?.status;
    const id = Number(request.params.id);
    if (status !== 'handled' && status !== 'rejected') return reply.redirect('/console/error-reports', 303);
    if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound('该纠错留言');
    const done = await services.database.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('error_reports').set({ status }).where('id', '=', id).where('site_id', '=', request.site.id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await appendAudit(trx, request.auditActor(), { action: 'error_report.update', targetType: 'error_report', targetId: id, summary: `网站纠错留言标记为${statuses[status]}` });
      return true;
    });
    if (!done) throw notFound('该纠错留言');
    return reply.redirect('/console/error-reports', 303);
  });
}
