import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { notFound } from '../../platform/http/errors.js';
import { fieldErrors } from '../../platform/outcome.js';
import { ChoiceGroup, ErrorSummary, Form, Notice, SelectField, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { newStaffSchema, staffUserSchema } from '../accounts/accounts.schemas.js';
import { roleLabels } from '../accounts/accounts.service.js';
import { staffRoleCodes, staffRoles } from '../accounts/roles.js';
import { changeStaffStatus, createStaffUser, listStaffSummaries, updateStaffUser, type StaffStatusChange } from '../accounts/staff.service.js';
import { listDepartments } from '../sites/sites.store.js';

const labels = { name: '姓名', username: '登录名', email: '电子邮箱', roles: '角色', departmentId: '所属处室（承办处室）', password: '初始密码' };
const fmt = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3) : '—');

export function userRoutes(app: FastifyInstance, services: Services) {
  const departmentsOf = (request: FastifyRequest) => listDepartments(services.database.db, request.site.id);

  async function userForm(request: FastifyRequest, values: Values, errors: Errors, editingId?: number) {
    const departments = (await departmentsOf(request)).filter((d) => d.active === 1);
    const action = editingId ? `/console/users/${editingId}` : '/console/users/new';
    return consolePage(request, editingId ? '编辑工作人员' : '新建工作人员', (
      <>
        <ErrorSummary errors={errors} labels={labels} />
        <Form action={action} csrfToken={request.csrfToken()} class="form-narrow" label="工作人员">
          <TextField name="name" label={labels.name} values={values} errors={errors} required maxLength={50} />
          <TextField name="username" label={labels.username} values={values} errors={errors} required hint="3–32 位小写字母、数字或 . _ -" maxLength={32} />
          <TextField name="email" type="email" label={labels.email} values={values} errors={errors} hint="选填：用于找回密码和接收提醒" maxLength={254} />
          <ChoiceGroup type="checkbox" name="roles" label={labels.roles} values={values} errors={errors} required options={staffRoleCodes.map((r) => ({ value: r, label: staffRoles[r] }))} />
          <SelectField name="departmentId" label={labels.departmentId} values={values} errors={errors} placeholder="（不属于承办处室）" options={departments.map((d) => ({ value: String(d.id), label: d.name }))} />
          {editingId ? null : <TextField name="password" type="password" label={labels.password} values={values} errors={errors} required hint="至少 10 位，包含字母、数字、符号中的至少两类；请线下告知本人并提醒其修改" autocomplete="new-password" />}
          <div class="actions"><button class="button" type="submit">保存</button><a href="/console/users">取消</a></div>
        </Form>
      </>
    ));
  }

  app.get<{ Querystring: { done?: string } }>('/console/users', async (request, reply) => {
    requireStaff(request, ['admin']);
    const [users, departments] = await Promise.all([listStaffSummaries(services.database, request.site.id), departmentsOf(request)]);
    const csrf = request.csrfToken();
    const statusButton = (id: number, change: StaffStatusChange, label: string) => (
      <form method="post" action={`/console/users/${id}/status`} class="inline-form">
        <input type="hidden" name="_csrf" value={csrf} /><input type="hidden" name="change" value={change} />
        <button type="submit" class="link-button">{label}</button>
      </form>
    );
    return reply.page(consolePage(request, '用户管理', (
      <>
        {request.query.done ? <Notice kind="success">已保存。</Notice> : null}
        <p><a class="button" href="/console/users/new">新建工作人员</a></p>
        <div class="table-wrap">
          <table class="data">
            <thead><tr><th>姓名</th><th>登录名</th><th>角色</th><th>处室</th><th>状态</th><th>最近登录</th><th>操作</th></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td><td>{u.username}</td>
                  <td>{u.isPlatformAdmin ? <span class="tag">平台管理员</span> : null}{roleLabels(u.roles)}</td>
                  <td>{departments.find((d) => d.id === u.departmentId)?.name ?? '—'}</td>
                  <td>{u.status === 'disabled' ? <span class="tag tag-red">已停用</span> : u.lockedUntil ? <span class="tag tag-red">已锁定</span> : <span class="tag tag-green">正常</span>}</td>
                  <td>{fmt(u.lastLoginAt)}</td>
                  <td>
                    <a href={`/console/users/${u.id}`}>编辑</a>{' '}
                    {u.lockedUntil ? statusButton(u.id, 'unlock', '解锁') : null}{' '}
                    {u.status === 'disabled' ? statusButton(u.id, 'enable', '启用') : statusButton(u.id, 'disable', '停用')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
    )));
  });

  app.get('/console/users/new', async (request, reply) => {
    requireStaff(request, ['admin']);
    return reply.page(await userForm(request, {}, {}));
  });

  app.post('/console/users/new', async (request, reply) => {
    requireStaff(request, ['admin']);
    const body = (request.body ?? {}) as Values;
    const parsed = newStaffSchema.safeParse(body);
    if (!parsed.success) return reply.page(await userForm(request, body, fieldErrors(parsed.error.issues)), 422);
    const outcome = await createStaffUser(services.database, request.site.id, parsed.data, request.auditActor());
    if (!outcome.ok) return reply.page(await userForm(request, body, outcome.errors), 422);
    return reply.redirect('/console/users?done=1', 303);
  });

  const findUser = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const users = await listStaffSummaries(services.database, request.site.id);
    const user = users.find((u) => u.id === Number(request.params.id));
    if (!user) throw notFound('该工作人员');
    return user;
  };

  app.get<{ Params: { id: string } }>('/console/users/:id', async (request, reply) => {
    requireStaff(request, ['admin']);
    const user = await findUser(request);
    const values = { name: user.name, username: user.username ?? '', email: user.email ?? '', roles: user.roles, departmentId: user.departmentId ? String(user.departmentId) : '' };
    return reply.page(await userForm(request, values, {}, user.id));
  });

  app.post<{ Params: { id: string } }>('/console/users/:id', async (request, reply) => {
    requireStaff(request, ['admin']);
    const user = await findUser(request);
    const body = (request.body ?? {}) as Values;
    const parsed = staffUserSchema.safeParse(body);
    if (!parsed.success) return reply.page(await userForm(request, body, fieldErrors(parsed.error.issues), user.id), 422);
    const outcome = await updateStaffUser(services.database, request.site.id, user.id, parsed.data, request.auditActor());
    if (!outcome.ok) return reply.page(await userForm(request, body, outcome.errors, user.id), 422);
    return reply.redirect('/console/users?done=1', 303);
  });

  app.post<{ Params: { id: string } }>('/console/users/:id/status', async (request, reply) => {
    requireStaff(request, ['admin']);
    const change = (request.body as Values | undefined)?.change;
    if (change !== 'disable' && change !== 'enable' && change !== 'unlock') return reply.redirect('/console/users', 303);
    const outcome = await changeStaffStatus(services.database, request.site.id, Number(request.params.id), change, request.auditActor());
    if (!outcome.ok) {
      return reply.page(consolePage(request, '用户管理', <><Notice kind="warning">{Object.values(outcome.errors)[0]}</Notice><p><a href="/console/users">返回</a></p></>), 422);
    }
    return reply.redirect('/console/users?done=1', 303);
  });
}
