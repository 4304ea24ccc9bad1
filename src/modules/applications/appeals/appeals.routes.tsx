import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import type { StaffRole } from '../../accounts/roles.js';
import { notFound } from '../../../platform/http/errors.js';
import { ErrorSummary, Form, Notice, SelectField, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { appealKinds, appealOutcomes, type AppealKind, type AppealOutcome } from '../applications.vocabulary.js';
import { appealLabels } from './appeals.schemas.js';
import { createAppeal, updateAppeal } from './appeals.service.js';
import * as store from './appeals.store.js';

export const APPEAL_ROLES: StaffRole[] = ['disclosure_office', 'admin'];

/** Who may use each console route here (for the route-by-route authorization sweep). */
export const appealRouteAccess: Record<string, StaffRole[]> = Object.fromEntries(
  ['GET /console/appeals', 'GET /console/appeals/new', 'POST /console/appeals/new', 'GET /console/appeals/:id', 'POST /console/appeals/:id'].map((k) => [k, APPEAL_ROLES]),
);

const kindOptions = Object.entries(appealKinds).map(([value, label]) => ({ value, label }));
const outcomeOptions = Object.entries(appealOutcomes).map(([value, label]) => ({ value, label }));
const LIMIT = 500;

/** Console: 行政复议 / 行政诉讼 records — list, add and edit (each change audited). */
export function appealRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;

  const form = (request: FastifyRequest, values: Values, errors: Errors, id?: number) =>
    consolePage(request, id ? '修改复议或诉讼记录' : '登记复议或诉讼', (
      <>
        <ErrorSummary errors={errors} labels={appealLabels} />
        <Form action={id ? `/console/appeals/${id}` : '/console/appeals/new'} csrfToken={request.csrfToken()} class="form-narrow" label="复议或诉讼记录">
          <TextField name="number" label={appealLabels.number} values={values} errors={errors} required maxLength={40} hint="被申请复议或起诉的政府信息公开申请的编号" />
          <SelectField name="kind" label={appealLabels.kind} values={values} errors={errors} options={kindOptions} placeholder="请选择" required />
          <TextField name="filed_on" type="date" label={appealLabels.filed_on} values={values} errors={errors} required hint="申请复议或起诉的日期，例如 2025-03-18" />
          <SelectField name="outcome" label={appealLabels.outcome} values={values} errors={errors} options={outcomeOptions} required />
          <TextField name="decided_on" type="date" label={appealLabels.decided_on} values={values} errors={errors} hint="复议决定或裁判的日期；尚未审结的不填" />
          <TextArea name="note" label={appealLabels.note} values={values} errors={errors} rows={3} maxLength={2000} />
          <div class="actions"><button class="button" type="submit">保存</button><a href="/console/appeals">取消</a></div>
        </Form>
      </>
    ));

  app.get<{ Querystring: { year?: string; done?: string } }>('/console/appeals', async (request, reply) => {
    requireStaff(request, APPEAL_ROLES);
    const year = /^\d{4}$/.test(request.query.year ?? '') ? Number(request.query.year) : undefined;
    const rows = await store.listAppeals(database.db, request.site.id, { year, limit: LIMIT });
    return reply.page(consolePage(request, '行政复议、行政诉讼', (
      <>
        {request.query.done ? <Notice kind="success">已保存。</Notice> : null}
        <p class="lede">政府信息公开申请引起的行政复议和行政诉讼，计入年度报告表四（按提起日期所在年度统计，结果以当年 12 月 31 日的状态为准）。</p>
        <p><a class="button" href="/console/appeals/new">登记复议或诉讼</a></p>
        <Form action="/console/appeals" method="get" csrfToken="" label="按年度筛选">
          <TextField name="year" label="提起年度" values={{ year: year ? String(year) : '' }} errors={{}} inputMode="numeric" maxLength={4} />
          <div class="actions"><button class="button button-secondary" type="submit">筛选</button></div>
        </Form>
        {rows.length === 0 ? <p class="empty">没有复议或诉讼记录。</p> : (
          <table class="data">
            <thead><tr><th>申请编号</th><th>类别</th><th>提起日期</th><th>结果</th><th>审结日期</th><th>操作</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.number}</td>
                  <td>{appealKinds[r.kind as AppealKind] ?? r.kind}</td>
                  <td>{r.filed_on}</td>
                  <td>{appealOutcomes[r.outcome as AppealOutcome] ?? r.outcome}</td>
                  <td>{r.decided_on ?? '—'}</td>
                  <td><a href={`/console/appeals/${r.id}`}>修改</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {rows.length === LIMIT ? <p class="hint">只显示最近 {LIMIT} 条，请按年度筛选。</p> : null}
      </>
    )));
  });

  app.get<{ Querystring: { number?: string } }>('/console/appeals/new', async (request, reply) => {
    requireStaff(request, APPEAL_ROLES);
    return reply.page(form(request, { number: request.query.number ?? '', outcome: 'pending' }, {}));
  });

  app.post('/console/appeals/new', async (request, reply) => {
    requireStaff(request, APPEAL_ROLES);
    const body = (request.body ?? {}) as Values;
    const outcome = await createAppeal(database, request.site.id, body, request.auditActor());
    if (!outcome.ok) return reply.page(form(request, body, outcome.errors), 422);
    return reply.redirect('/console/appeals?done=1', 303);
  });

  const idParam = (raw: string) => {
    if (!/^\d{1,9}$/.test(raw)) throw notFound('该复议或诉讼记录');
    return Number(raw);
  };

  app.get<{ Params: { id: string } }>('/console/appeals/:id', async (request, reply) => {
    requireStaff(request, APPEAL_ROLES);
    const row = await store.findAppeal(database.db, request.site.id, idParam(request.params.id));
    if (!row) throw notFound('该复议或诉讼记录');
    const values = { number: row.number, kind: row.kind, filed_on: row.filed_on, outcome: row.outcome, decided_on: row.decided_on ?? '', note: row.note };
    return reply.page(form(request, values, {}, row.id));
  });

  app.post<{ Params: { id: string } }>('/console/appeals/:id', async (request, reply) => {
    requireStaff(request, APPEAL_ROLES);
    const id = idParam(request.params.id);
    const body = (request.body ?? {}) as Values;
    const outcome = await updateAppeal(database, request.site.id, id, body, request.auditActor());
    if (!outcome.ok) {
      if (outcome.errors['']) throw notFound('该复议或诉讼记录');
      return reply.page(form(request, body, outcome.errors, id), 422);
    }
    return reply.redirect('/console/appeals?done=1', 303);
  });
}
