import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { notFound } from '../../platform/http/errors.js';
import { fieldErrors } from '../../platform/outcome.js';
import { ChoiceGroup, ErrorSummary, Form, Notice, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { departmentSchema } from '../accounts/accounts.schemas.js';
import { createDepartment, updateDepartment } from '../sites/sites.service.js';
import { listDepartments } from '../sites/sites.store.js';

const labels = { name: '处室名称', code: '处室代码', active: '状态' };

export function departmentRoutes(app: FastifyInstance, services: Services) {
  const form = (request: FastifyRequest, values: Values, errors: Errors, id?: number) =>
    consolePage(request, id ? '编辑处室' : '新建处室', (
      <>
        <ErrorSummary errors={errors} labels={labels} />
        <Form action={id ? `/console/departments/${id}` : '/console/departments/new'} csrfToken={request.csrfToken()} class="form-narrow" label="处室">
          <TextField name="name" label={labels.name} values={values} errors={errors} required maxLength={100} />
          <TextField name="code" label={labels.code} values={values} errors={errors} required hint="用于索引号等编号，例如 GHC" maxLength={32} />
          {id ? <ChoiceGroup type="checkbox" name="active" label={labels.active} values={values} errors={errors} options={[{ value: 'on', label: '启用' }]} /> : <input type="hidden" name="active" value="on" />}
          <div class="actions"><button class="button" type="submit">保存</button><a href="/console/departments">取消</a></div>
        </Form>
      </>
    ));

  app.get<{ Querystring: { done?: string } }>('/console/departments', async (request, reply) => {
    requireStaff(request, ['admin']);
    const departments = await listDepartments(services.database.db, request.site.id);
    return reply.page(consolePage(request, '处室管理', (
      <>
        {request.query.done ? <Notice kind="success">已保存。</Notice> : null}
        <p><a class="button" href="/console/departments/new">新建处室</a></p>
        {departments.length === 0 ? <p class="empty">尚未建立处室。</p> : (
          <table class="data">
            <thead><tr><th>代码</th><th>名称</th><th>状态</th><th>操作</th></tr></thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.id}><td>{d.code}</td><td>{d.name}</td><td>{d.active ? '启用' : '停用'}</td><td><a href={`/console/departments/${d.id}`}>编辑</a></td></tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    )));
  });

  app.get('/console/departments/new', async (request, reply) => {
    requireStaff(request, ['admin']);
    return reply.page(form(request, {}, {}));
  });

  app.post('/console/departments/new', async (request, reply) => {
    requireStaff(request, ['admin']);
    const body = (request.body ?? {}) as Values;
    const parsed = departmentSchema.safeParse(body);
    if (!parsed.success) return reply.page(form(request, body, fieldErrors(parsed.error.issues)), 422);
    const outcome = await createDepartment(services.database, request.site.id, parsed.data, request.auditActor());
    if (!outcome.ok) return reply.page(form(request, body, outcome.errors), 422);
    return reply.redirect('/console/departments?done=1', 303);
  });

  app.get<{ Params: { id: string } }>('/console/departments/:id', async (request, reply) => {
    requireStaff(request, ['admin']);
    const department = (await listDepartments(services.database.db, request.site.id)).find((d) => d.id === Number(request.params.id));
    if (!department) throw notFound('该处室');
    return reply.page(form(request, { name: department.name, code: department.code, active: department.active ? 'on' : '' }, {}, department.id));
  });

  app.post<{ Params: { id: string } }>('/console/departments/:id', async (request, reply) => {
    requireStaff(request, ['admin']);
    const id = Number(request.params.id);
    const body = (request.body ?? {}) as Values;
    const parsed = departmentSchema.safeParse(body);
    if (!parsed.success) return reply.page(form(request, body, fieldErrors(parsed.error.issues), id), 422);
    const outcome = await updateDepartment(services.database, request.site.id, id, parsed.data, request.auditActor());
    if (!outcome.ok) {
      if (outcome.errors['']) throw notFound('该处室');
      return reply.page(form(request, body, outcome.errors, id), 422);
    }
    return reply.redirect('/console/departments?done=1', 303);
  });
}
