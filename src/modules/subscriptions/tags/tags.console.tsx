import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { ErrorSummary, Form, Notice, SelectField, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import type { StaffRole } from '../../accounts/roles.js';
import { tagCategories } from '../subscriptions.vocabulary.js';
import { tagLabels } from './tags.schemas.js';
import { addTag, groupByCategory, moveTag, renameTag, setTagRetired, tagVocabulary } from './tags.service.js';
import * as store from './tags.store.js';

export const TAG_ADMIN_ROLES: StaffRole[] = ['admin'];

const categoryOptions = Object.entries(tagCategories).map(([value, label]) => ({ value, label }));
const notices: Record<string, string> = { added: '已新增标签。', renamed: '已修改标签名称。', moved: '已调整顺序。', retired: '已停用该标签。', restored: '已恢复该标签。' };

/** Console /console/audience-tags: the vocabulary by category; add, rename, reorder, retire (each audited). */
export function tagConsoleRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;

  const listPage = async (request: FastifyRequest, values: Values, errors: Errors, done?: string) => {
    const groups = groupByCategory(await tagVocabulary(database.db, request.site.id), true);
    return consolePage(request, '受众标签', (
      <>
        {done && notices[done] ? <Notice kind="success">{notices[done]}</Notice> : null}
        <p class="lede">文件的“适用对象”和公众账号的“我的标签”从这里选择，精准推送按标签圈定受众。停用的标签仍保留在已有文件和账号上，但不能再被选择。</p>
        <section class="panel">
          <h2>新增标签</h2>
          <ErrorSummary errors={errors} labels={tagLabels} />
          <Form action="/console/audience-tags" csrfToken={request.csrfToken()} class="form-narrow" label="新增标签">
            <SelectField name="category" label={tagLabels.category} values={values} errors={errors} options={categoryOptions} placeholder="请选择" required />
            <TextField name="label" label={tagLabels.label} values={values} errors={errors} required maxLength={20} hint="不超过 20 个字，如：测绘地理信息" />
            <div class="actions"><button class="button" type="submit">新增</button></div>
          </Form>
        </section>
        {groups.map((g) => (
          <div class="table-wrap" key={g.category}>
            <table class="data">
              <caption>{g.label}（{g.tags.filter((t) => !t.retired_at).length} 个在用）</caption>
              <thead><tr><th scope="col">标签</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
              <tbody>
                {g.tags.map((t, i) => (
                  <tr key={t.id}>
                    <td>{t.label}</td>
                    <td>{t.retired_at ? <span class="tag tag-amber">已停用</span> : <span class="tag tag-green">在用</span>}</td>
                    <td class="row-actions">
                      <a href={`/console/audience-tags/${t.id}`}>改名</a>{' '}
                      {i > 0 ? <MoveButton request={request} id={t.id} direction="up" label={t.label} /> : null}
                      {i < g.tags.length - 1 ? <MoveButton request={request} id={t.id} direction="down" label={t.label} /> : null}
                      <form method="post" action={`/console/audience-tags/${t.id}/${t.retired_at ? 'restore' : 'retire'}`} class="inline-form">
                        <input type="hidden" name="_csrf" value={request.csrfToken()} />
                        <button class={`link-button${t.retired_at ? '' : ' button-danger'}`} type="submit" aria-label={`${t.retired_at ? '恢复' : '停用'}「${t.label}」`}>{t.retired_at ? '恢复' : '停用'}</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </>
    ));
  };

  const idOf = (raw: string) => {
    const id = parseId(raw);
    if (!id) throw notFound('该标签');
    return id;
  };

  app.get<{ Querystring: { done?: string } }>('/console/audience-tags', async (request, reply) => {
    requireStaff(request, TAG_ADMIN_ROLES);
    return reply.page(await listPage(request, {}, {}, request.query.done));
  });

  app.post('/console/audience-tags', async (request, reply) => {
    requireStaff(request, TAG_ADMIN_ROLES);
    const body = (request.body ?? {}) as Values;
    const outcome = await addTag(database, request.site.id, body, request.auditActor());
    if (!outcome.ok) return reply.page(await listPage(request, body, outcome.errors), 422);
    return reply.redirect('/console/audience-tags?done=added', 303);
  });

  const renamePage = (request: FastifyRequest, id: number, current: string, values: Values, errors: Errors) =>
    consolePage(request, `修改标签「${current}」`, (
      <>
        <ErrorSummary errors={errors} labels={tagLabels} />
        <Form action={`/console/audience-tags/${id}`} csrfToken={request.csrfToken()} class="form-narrow" label="修改标签名称">
          <TextField name="label" label={tagLabels.label} values={values} errors={errors} required maxLength={20} hint="改名后，按该标签的订阅随之改名；已发布文件保留原有标签文字" />
          <div class="actions"><button class="button" type="submit">保存</button><a href="/console/audience-tags">取消</a></div>
        </Form>
      </>
    ));

  app.get<{ Params: { id: string } }>('/console/audience-tags/:id', async (request, reply) => {
    requireStaff(request, TAG_ADMIN_ROLES);
    const tag = await store.findTag(database.db, request.site.id, idOf(request.params.id));
    if (!tag) throw notFound('该标签');
    return reply.page(renamePage(request, tag.id, tag.label, { label: tag.label }, {}));
  });

  app.post<{ Params: { id: string } }>('/console/audience-tags/:id', async (request, reply) => {
    requireStaff(request, TAG_ADMIN_ROLES);
    const tag = await store.findTag(database.db, request.site.id, idOf(request.params.id));
    if (!tag) throw notFound('该标签');
    const body = (request.body ?? {}) as Values;
    const outcome = await renameTag(database, request.site.id, tag.id, body, request.auditActor());
    if (!outcome.ok) return reply.page(renamePage(request, tag.id, tag.label, body, outcome.errors), 422);
    return reply.redirect('/console/audience-tags?done=renamed', 303);
  });

  app.post<{ Params: { id: string }; Body: { direction?: string } }>('/console/audience-tags/:id/move', async (request, reply) => {
    requireStaff(request, TAG_ADMIN_ROLES);
    const direction = request.body?.direction === 'up' ? 'up' : 'down';
    const outcome = await moveTag(database, request.site.id, idOf(request.params.id), direction, request.auditActor());
    if (!outcome.ok) throw notFound('该标签');
    return reply.redirect('/console/audience-tags?done=moved', 303);
  });

  for (const action of ['retire', 'restore'] as const) {
    app.post<{ Params: { id: string } }>(`/console/audience-tags/:id/${action}`, async (request, reply) => {
      requireStaff(request, TAG_ADMIN_ROLES);
      const outcome = await setTagRetired(database, request.site.id, idOf(request.params.id), action === 'retire', request.auditActor());
      if (!outcome.ok) throw notFound('该标签');
      return reply.redirect(`/console/audience-tags?done=${action === 'retire' ? 'retired' : 'restored'}`, 303);
    });
  }
}

function MoveButton(props: { request: FastifyRequest; id: number; direction: 'up' | 'down'; label: string }) {
  const text = props.direction === 'up' ? '上移' : '下移';
  return (
    <form method="post" action={`/console/audience-tags/${props.id}/move`} class="inline-form">
      <input type="hidden" name="_csrf" value={props.request.csrfToken()} />
      <input type="hidden" name="direction" value={props.direction} />
      <button class="link-button" type="submit" aria-label={`${text}「${props.label}」`}>{text}</button>
    </form>
  );
}

export const tagConsoleRouteAccess: Record<string, StaffRole[]> = Object.fromEntries(
  [
    'GET /console/audience-tags', 'POST /console/audience-tags', 'GET /console/audience-tags/:id', 'POST /console/audience-tags/:id',
    'POST /console/audience-tags/:id/move', 'POST /console/audience-tags/:id/retire', 'POST /console/audience-tags/:id/restore',
  ].map((k) => [k, TAG_ADMIN_ROLES]),
);
