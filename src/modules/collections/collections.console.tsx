import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { notFound } from '../../platform/http/errors.js';
import { fieldErrors } from '../../platform/outcome.js';
import { ErrorSummary, Form, Notice, type Errors, type Values } from '../../platform/views/forms.js';
import type { StaffRole } from '../accounts/roles.js';
import { documentsByIds } from '../documents/documents.store.js';
import { collectionSchema, DEFAULT_STALE_AFTER_DAYS, formLabels } from './collections.schemas.js';
import { createCollection, markReviewed, updateCollection } from './collections.service.js';
import * as store from './collections.store.js';
import { AddItemForms, CollectionFields, FindingsList, ItemsTable, shanghaiDate } from './collections.views.js';
import { latestFindings } from './inspection.service.js';

/** Who curates collections (主题库维护). */
export const curatorRoles: StaffRole[] = ['editor', 'reviewer', 'admin'];

const doneMessages: Record<string, string> = {
  created: '主题库已创建。请添加条目。',
  saved: '已保存。',
  reviewed: '已记录核对：巡检将从今天重新计算未更新天数。',
  added: '条目已添加。',
  moved: '顺序已调整。',
  removed: '条目已移除。',
};

const collectionValues = (c: store.CollectionRow): Values => ({
  title: c.title, slug: c.slug, summary: c.summary, staleAfterDays: String(c.stale_after_days), published: c.published ? 'on' : '',
});

/** The edit page: settings, items with their order, the add forms and this collection's latest inspection findings. */
export async function renderEditPage(
  services: Services,
  request: FastifyRequest,
  id: number,
  form: { values?: Values; errors?: Errors; done?: string | undefined } = {},
) {
  const db = services.database.db;
  const collection = await store.findCollection(db, request.site.id, id);
  if (!collection) throw notFound('该主题库');
  const items = await store.listItems(db, [id]);
  const docs = await documentsByIds(db, items.flatMap((i) => (i.document_id === null ? [] : [i.document_id])));
  const documents = new Map(docs.filter((d) => d.site_id === request.site.id).map((d) => [d.id, d]));
  const { run, findings } = await latestFindings(db, request.site.id, id);
  const errors = form.errors ?? {};
  // A rejected settings form comes back exactly as sent (an unticked box included); other forms keep the settings.
  const values = form.values && 'slug' in form.values ? form.values : { ...collectionValues(collection), ...form.values };
  const csrf = request.csrfToken();
  const done = form.done ? doneMessages[form.done] : undefined;
  return consolePage(request, `主题库：${collection.title}`, (
    <>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorSummary errors={errors} labels={formLabels} />
      <p class="meta">
        公众地址：{collection.published ? <a href={`/topics/${collection.slug}`}>/topics/{collection.slug}</a> : `/topics/${collection.slug}（未公开）`}
        ；最后更新 {shanghaiDate(collection.updated_at)}{collection.reviewed_at ? `；最后核对 ${shanghaiDate(collection.reviewed_at)}` : ''}
      </p>
      <h2 id="findings">巡检结果</h2>
      {run ? <p class="meta">最近一次巡检：{run.started_at.slice(0, 16).replace('T', ' ')}（UTC）</p> : <p class="empty">尚未巡检。</p>}
      {run ? <FindingsList findings={findings} /> : null}
      <Form action={`/console/collections/${id}/reviewed`} csrfToken={csrf} label="核对">
        <button type="submit" class="button button-secondary">已核对，内容仍准确</button>
      </Form>
      <h2 id="items">条目</h2>
      <ItemsTable collectionId={id} items={items} documents={documents} csrf={csrf} />
      <AddItemForms collectionId={id} csrf={csrf} values={values} errors={errors} />
      <h2 id="settings">基本信息</h2>
      <Form action={`/console/collections/${id}`} csrfToken={csrf} class="form-narrow" label="主题库基本信息">
        <CollectionFields values={values} errors={errors} />
        <div class="actions"><button class="button" type="submit">保存</button><a href="/console/collections">返回列表</a></div>
      </Form>
    </>
  ));
}

export function collectionConsoleRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const newForm = (request: FastifyRequest, values: Values, errors: Errors) =>
    consolePage(request, '新建主题库', (
      <>
        <ErrorSummary errors={errors} labels={formLabels} />
        <Form action="/console/collections/new" csrfToken={request.csrfToken()} class="form-narrow" label="新建主题库">
          <CollectionFields values={values} errors={errors} />
          <div class="actions"><button class="button" type="submit">创建</button><a href="/console/collections">取消</a></div>
        </Form>
      </>
    ));

  app.get<{ Querystring: { done?: string } }>('/console/collections', async (request, reply) => {
    requireStaff(request, curatorRoles);
    const collections = await store.listCollections(db, request.site.id);
    const items = await store.listItems(db, collections.map((c) => c.id));
    const { run, findings } = await latestFindings(db, request.site.id);
    const count = (id: number, severity?: string) => findings.filter((f) => f.collection_id === id && (!severity || f.severity === severity)).length;
    return reply.page(consolePage(request, '主题库', (
      <>
        {request.query.done ? <Notice kind="success">已保存。</Notice> : null}
        <p class="actions"><a class="button" href="/console/collections/new">新建主题库</a><a href="/console/collections/inspection">巡检结果</a></p>
        {collections.length === 0 ? <p class="empty">尚未建立主题库。</p> : (
          <div class="table-wrap">
            <table class="data">
              <thead><tr><th>名称</th><th>访问地址</th><th>状态</th><th>条目</th><th>最后更新</th><th>巡检</th></tr></thead>
              <tbody>
                {collections.map((c) => (
                  <tr key={c.id}>
                    <td><a href={`/console/collections/${c.id}`}>{c.title}</a></td>
                    <td>/topics/{c.slug}</td>
                    <td>{c.published ? <span class="tag tag-green">已公开</span> : <span class="tag">未公开</span>}</td>
                    <td>{items.filter((i) => i.collection_id === c.id).length}</td>
                    <td>{shanghaiDate(c.updated_at)}</td>
                    <td>{!run ? '—' : count(c.id) === 0 ? <span class="tag tag-green">正常</span> : <a href={`/console/collections/${c.id}#findings`}>{count(c.id, 'error')} 个错误，{count(c.id, 'warning')} 个警告</a>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    )));
  });

  app.get('/console/collections/new', async (request, reply) => {
    requireStaff(request, curatorRoles);
    return reply.page(newForm(request, { staleAfterDays: String(DEFAULT_STALE_AFTER_DAYS) }, {}));
  });

  app.post('/console/collections/new', async (request, reply) => {
    requireStaff(request, curatorRoles);
    const body = (request.body ?? {}) as Values;
    const parsed = collectionSchema.safeParse(body);
    if (!parsed.success) return reply.page(newForm(request, body, fieldErrors(parsed.error.issues)), 422);
    const outcome = await createCollection(services.database, parsed.data, { ...request.auditActor(), siteId: request.site.id });
    if (!outcome.ok) return reply.page(newForm(request, body, outcome.errors), 422);
    return reply.redirect(`/console/collections/${outcome.value}?done=created`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/console/collections/:id', async (request, reply) => {
    requireStaff(request, curatorRoles);
    return reply.page(await renderEditPage(services, request, Number(request.params.id), { done: request.query.done }));
  });

  app.post<{ Params: { id: string } }>('/console/collections/:id', async (request, reply) => {
    requireStaff(request, curatorRoles);
    const id = Number(request.params.id);
    const body = (request.body ?? {}) as Values;
    const parsed = collectionSchema.safeParse(body);
    if (!parsed.success) return reply.page(await renderEditPage(services, request, id, { values: body, errors: fieldErrors(parsed.error.issues) }), 422);
    const outcome = await updateCollection(services.database, id, parsed.data, { ...request.auditActor(), siteId: request.site.id });
    if (!outcome.ok) {
      if (outcome.errors['']) throw notFound('该主题库');
      return reply.page(await renderEditPage(services, request, id, { values: body, errors: outcome.errors }), 422);
    }
    return reply.redirect(`/console/collections/${id}?done=saved#settings`, 303);
  });

  app.post<{ Params: { id: string } }>('/console/collections/:id/reviewed', async (request, reply) => {
    requireStaff(request, curatorRoles);
    const id = Number(request.params.id);
    const outcome = await markReviewed(services.database, id, { ...request.auditActor(), siteId: request.site.id });
    if (!outcome.ok) throw notFound('该主题库');
    return reply.redirect(`/console/collections/${id}?done=reviewed`, 303);
  });
}
