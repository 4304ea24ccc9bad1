import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { ChoiceGroup, ErrorSummary, Form, Notice, TextArea, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import type { StaffRole } from '../../accounts/roles.js';
import type { DocumentRow } from '../../documents/documents.store.js';
import { shanghaiDate } from '../../documents/portal/format.js';
import { formatFaq, type FaqItem } from './faq.js';
import { buildContent, interpretationsFor, parseContent, relayablePolicy } from './relay-content.js';
import { overviewTotals, overviewXlsx, XLSX_CONTENT_TYPE } from './relay-overview.js';
import { packageLabels } from './relay.schemas.js';
import { createPackage, publishPackage, relayPath } from './relay.service.js';
import * as store from './relay.store.js';
import { label, packageStatuses, relayChannels, relayTitleFor, relayTypes } from './relay.vocabulary.js';
import { RelayContentView, relayDownloadHref } from './relay.views.js';

export const RELAY_VIEW_ROLES: StaffRole[] = ['editor', 'reviewer', 'admin'];
export const RELAY_EDIT_ROLES: StaffRole[] = ['editor', 'admin'];
export const RELAY_PUBLISH_ROLES: StaffRole[] = ['reviewer', 'admin'];

export const packageRouteAccess: Record<string, StaffRole[]> = {
  'GET /console/relay-packages': RELAY_VIEW_ROLES,
  'GET /console/relay-packages/new': RELAY_EDIT_ROLES,
  'POST /console/relay-packages/new': RELAY_EDIT_ROLES,
  'GET /console/relay-packages/:id': RELAY_VIEW_ROLES,
  'GET /console/relay-packages/:id/export.xlsx': RELAY_VIEW_ROLES,
  'POST /console/relay-packages/:id/publish': RELAY_PUBLISH_ROLES,
};

const LIMIT = 200;
/** Dates here read like the 转发日期 the relay points report: YYYY-MM-DD (Beijing time). */
const fmt = (iso: string | null) => shanghaiDate(iso) || '—';
const may = (request: FastifyRequest, roles: StaffRole[]) => request.viewer!.isPlatformAdmin || roles.some((r) => request.viewer!.roles.includes(r));

/** Console: compose (编辑), publish (审核, not one's own) and follow up relay packages. */
export function relayPackageRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;
  const db = database.db;

  app.get<{ Querystring: { done?: string } }>('/console/relay-packages', async (request, reply) => {
    requireStaff(request, RELAY_VIEW_ROLES);
    const rows = await store.listPackages(db, request.site.id, LIMIT);
    return reply.page(consolePage(request, '政策知识点', (
      <>
        {request.query.done ? <Notice kind="success">已保存。</Notice> : null}
        <p class="lede">把一项政策的原文要点、解读、常见问答和宣传口径打包，发给协会、商会、园区、法律服务机构、居村委等转发点线下转发。编辑编写，审核人员发布（不能发布自己编写的）。</p>
        <p>
          {may(request, RELAY_EDIT_ROLES) ? <><a class="button" href="/console/relay-packages/new">编写政策知识点</a>{' '}</> : null}
          {may(request, RELAY_PUBLISH_ROLES) ? <a class="button button-secondary" href="/console/relay-packages/members">转发点管理</a> : null}
        </p>
        {rows.length === 0 ? <p class="empty">还没有政策知识点。</p> : (
          <div class="table-wrap" role="region" aria-labelledby="packages-caption" tabIndex={0}>
            <table class="data">
              <caption id="packages-caption">政策知识点列表（{rows.length} 个）</caption>
              <thead><tr><th scope="col" class="col-wide">标题</th><th scope="col" class="nowrap">状态</th><th scope="col" class="nowrap">编写人</th><th scope="col" class="nowrap">发布日期</th><th scope="col" class="nowrap">接收转发点</th><th scope="col" class="nowrap">覆盖人数</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td><a href={`/console/relay-packages/${r.id}`}>{r.title}</a></td>
                    <td>{label(packageStatuses, r.status)}</td>
                    <td>{r.author ?? '—'}</td>
                    <td class="nowrap">{fmt(r.published_at)}</td>
                    <td>{r.status === 'published' ? Number(r.recipients ?? 0) : '—'}</td>
                    <td>{r.status === 'published' ? Number(r.reach ?? 0) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    )));
  });

  const pickForm = (request: FastifyRequest, ref: string, error?: string) =>
    consolePage(request, '编写政策知识点', (
      <>
        <p class="lede">第一步：选择政策。只能选择本站已发布、主动公开且现行有效的政策文件（规章、行政规范性文件、其他文件）。</p>
        <Form action="/console/relay-packages/new" method="get" csrfToken="" class="form-narrow" label="选择政策">
          <TextField name="document" label="政策文件" values={{ document: ref }} errors={error ? { document: error } : {}} required maxLength={60} hint="填写文件编号（网址 /documents/ 后的数字）、索引号或文号" />
          <div class="actions"><button class="button" type="submit">下一步</button><a href="/console/relay-packages">取消</a></div>
        </Form>
      </>
    ));

  const composeForm = async (request: FastifyRequest, policy: DocumentRow, values: Values, errors: Errors, faqSource?: string) => {
    const interpretations = await interpretationsFor(db, policy);
    const options = interpretations.map((i) => ({ value: String(i.id), label: i.title, hint: `${shanghaiDate(i.publishedAt)}${i.followUp ? ' · 后续解读' : ''}` }));
    return consolePage(request, '编写政策知识点', (
      <>
        <ErrorSummary errors={errors} labels={packageLabels} />
        <p class="lede">第二步：政策《<a href={`/documents/${policy.id}`}>{policy.title}</a>》{policy.doc_number ? `（${policy.doc_number}）` : ''}。<a href="/console/relay-packages/new">换一个政策</a></p>
        {faqSource ? <Notice>已从主题库「{faqSource}」带入常见问答，请逐条核对后保存。</Notice> : null}
        <Form action="/console/relay-packages/new" csrfToken={request.csrfToken()} label="政策知识点">
          <input type="hidden" name="document_id" value={String(policy.id)} />
          <TextField name="title" label={packageLabels.title} values={values} errors={errors} required maxLength={120} />
          {options.length === 0
            ? <p class="hint" id="f-interpretation_ids">该政策暂无公开的解读，知识点中将注明“暂无解读”。</p>
            : <ChoiceGroup type="checkbox" name="interpretation_ids" label={packageLabels.interpretation_ids} values={values} errors={errors} options={options} hint="自动列出与该政策关联的已公开解读，可取消不需要的。" />}
          <TextArea name="faq" label={packageLabels.faq} values={values} errors={errors} rows={12} maxLength={60000} required
            hint="每条问答以「问：」开头、下一行以「答：」开头，回答可以写多行；问答之间空一行。最多 30 条。" />
          <TextArea name="script" label={packageLabels.script} values={values} errors={errors} rows={5} maxLength={2000} required
            hint="转发时怎么向群众、会员介绍这项政策：一两段通俗的话，包括适用对象、办理渠道和咨询电话。" />
          <div class="actions"><button class="button" type="submit">保存草稿</button><a href="/console/relay-packages">取消</a></div>
        </Form>
      </>
    ));
  };

  app.get<{ Querystring: { document?: string } }>('/console/relay-packages/new', async (request, reply) => {
    requireStaff(request, RELAY_EDIT_ROLES);
    const ref = (request.query.document ?? '').trim().slice(0, 60);
    if (!ref) return reply.page(pickForm(request, ''));
    const id = await store.findDocumentRef(db, request.site.id, ref);
    const policy = id ? await relayablePolicy(db, request.site.id, id) : undefined;
    if (!policy) return reply.page(pickForm(request, ref, id ? '该文件不是已发布、主动公开且现行有效的政策文件' : '本站没有找到该文件，请核对编号、索引号或文号'), 422);
    const interpretations = await interpretationsFor(db, policy);
    const faq = await store.collectionFaqFor(db, request.site.id, policy.id);
    const values: Values = {
      title: relayTitleFor(policy.title),
      interpretation_ids: interpretations.map((i) => String(i.id)),
      faq: formatFaq(faq.map((f): FaqItem => ({ q: f.q, a: f.a }))),
      script: '',
    };
    return reply.page(await composeForm(request, policy, values, {}, faq[0]?.collection));
  });

  app.post('/console/relay-packages/new', async (request, reply) => {
    requireStaff(request, RELAY_EDIT_ROLES);
    const body = (request.body ?? {}) as Values;
    const outcome = await createPackage(database, request.site.id, body, request.auditActor());
    if (outcome.ok) return reply.redirect(`/console/relay-packages/${outcome.value}?done=1`, 303);
    const documentId = parseId(typeof body.document_id === 'string' ? body.document_id : '');
    const policy = documentId ? await relayablePolicy(db, request.site.id, documentId) : undefined;
    if (!policy) return reply.page(pickForm(request, typeof body.document_id === 'string' ? body.document_id.slice(0, 60) : '', outcome.errors.document_id ?? '请选择政策文件'), 422);
    return reply.page(await composeForm(request, policy, body, outcome.errors), 422);
  });

  const packageOf = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = parseId(request.params.id);
    const pkg = id ? await store.findPackage(db, request.site.id, id) : undefined;
    if (!pkg) throw notFound('该政策知识点');
    return pkg;
  };

  app.get<{ Params: { id: string }; Querystring: { done?: string; published?: string } }>('/console/relay-packages/:id', async (request, reply) => {
    const viewer = requireStaff(request, RELAY_VIEW_ROLES);
    const pkg = await packageOf(request);
    return reply.page(await overviewPage(request, pkg, viewer.id, {}));
  });

  async function overviewPage(request: FastifyRequest<{ Querystring: { done?: string; published?: string } }>, pkg: store.PackageRow, viewerId: number, errors: Errors) {
    if (pkg.status !== 'published') {
      const policy = await relayablePolicy(db, request.site.id, pkg.document_id);
      const content = policy
        ? await buildContent(db, { title: pkg.title, siteName: request.site.name, policy, interpretationIds: JSON.parse(pkg.interpretation_ids) as number[], faq: JSON.parse(pkg.faq) as FaqItem[], script: pkg.script, publishedAt: '' })
        : null;
      const own = pkg.created_by === viewerId;
      return consolePage(request, `政策知识点（草稿）`, (
        <>
          {request.query.done ? <Notice kind="success">草稿已保存，请审核人员核对后发布。</Notice> : null}
          {errors[''] ? <div class="error-summary" role="alert"><p>{errors['']}</p></div> : null}
          {may(request, RELAY_PUBLISH_ROLES) && !own && content ? (
            <Form action={`/console/relay-packages/${pkg.id}/publish`} csrfToken={request.csrfToken()} label="发布">
              <p>发布后将生成公开网页和 Word、PDF 文件，并推送给所有已通过审核、订阅了政策知识点的转发点。发布后不能修改。</p>
              <div class="actions"><button class="button" type="submit">审核通过并发布</button></div>
            </Form>
          ) : <p class="hint">{own ? '这是您编写的政策知识点，需由另一位审核人员发布。' : content ? '发布需要审核角色。' : '所依据的政策文件已撤回、废止或失效，不能发布。'}</p>}
          <h2>预览</h2>
          {content ? <RelayContentView content={content} /> : <p class="empty">政策文件已不可用。</p>}
        </>
      ));
    }
    const content = parseContent(pkg.content)!;
    const overview = await store.packageOverview(db, pkg.id);
    const totals = overviewTotals(overview);
    return consolePage(request, pkg.title, (
      <>
        {request.query.published ? <Notice kind="success">已发布，已推送给 {totals.recipients} 个转发点。</Notice> : null}
        <p>发布日期 {fmt(pkg.published_at)} · <a href={relayPath(pkg.id)}>公开网页</a> · <a href={relayDownloadHref(pkg.id, 'docx')}>Word</a> · <a href={relayDownloadHref(pkg.id, 'pdf')}>PDF</a> · 政策《<a href={content.policy.path}>{content.policy.title}</a>》</p>
        <div class="stats">
          <div class="stat"><strong>{totals.recipients}</strong>接收转发点</div>
          <div class="stat"><strong>{totals.relayedOrganisations}</strong>已转发</div>
          <div class="stat"><strong>{totals.reports}</strong>转发次数</div>
          <div class="stat"><strong>{totals.reach}</strong>覆盖人数</div>
        </div>
        {totals.byChannel.length ? <p>按渠道：{totals.byChannel.map((c) => `${label(relayChannels, c.channel)} ${c.reports} 次 ${c.reach} 人`).join('；')}</p> : null}
        <p><a href={`/console/relay-packages/${pkg.id}/export.xlsx`}>导出转发情况（.xlsx）</a></p>
        <h2>接收与转发情况</h2>
        {overview.recipients.length === 0 ? <p class="empty">发布时没有已通过审核并订阅的转发点。</p> : (
          <div class="table-wrap" role="region" aria-labelledby="recipients-caption" tabIndex={0}>
            <table class="data">
              <caption id="recipients-caption" class="visually-hidden">接收与转发情况（每次登记的转发一行）</caption>
              <thead><tr><th scope="col" class="col-wide">组织</th><th scope="col" class="nowrap">类型</th><th scope="col" class="nowrap">接收日期</th><th scope="col" class="nowrap">转发日期</th><th scope="col" class="nowrap">渠道</th><th scope="col" class="nowrap">覆盖人数</th><th scope="col" class="col-wide">备注</th></tr></thead>
              <tbody>
                {overview.recipients.flatMap((r) => {
                  const reports = overview.reports.filter((x) => x.account_id === r.account_id);
                  const head = [<td key="n">{r.name}</td>, <td key="t">{label(relayTypes, r.relay_type)}</td>, <td key="c" class="nowrap">{fmt(r.created_at)}</td>];
                  if (reports.length === 0) return [<tr key={`r${r.account_id}`}>{head}<td colSpan={4}>未登记转发</td></tr>];
                  return reports.map((x) => (
                    <tr key={`x${x.id}`}>{head}<td class="nowrap">{x.relayed_on}</td><td>{label(relayChannels, x.channel)}</td><td>{Number(x.reach)}</td><td>{x.note}</td></tr>
                  ));
                })}
              </tbody>
            </table>
          </div>
        )}
      </>
    ));
  }

  app.post<{ Params: { id: string }; Querystring: { done?: string; published?: string } }>('/console/relay-packages/:id/publish', async (request, reply) => {
    const viewer = requireStaff(request, RELAY_PUBLISH_ROLES);
    const pkg = await packageOf(request);
    const outcome = await publishPackage(database, services.jobs, request.site, pkg.id, request.auditActor());
    if (!outcome.ok) return reply.page(await overviewPage(request, pkg, viewer.id, outcome.errors), 422);
    return reply.redirect(`/console/relay-packages/${pkg.id}${outcome.value === 'already' ? '' : '?published=1'}`, 303);
  });

  app.get<{ Params: { id: string } }>('/console/relay-packages/:id/export.xlsx', async (request, reply) => {
    requireStaff(request, RELAY_VIEW_ROLES);
    const pkg = await packageOf(request);
    if (pkg.status !== 'published') throw notFound('该政策知识点的转发情况');
    const bytes = await overviewXlsx(`${pkg.title} · 转发情况`, await store.packageOverview(db, pkg.id));
    reply.header('content-type', XLSX_CONTENT_TYPE);
    reply.header('content-disposition', `attachment; filename="relay-${pkg.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${pkg.title}转发情况.xlsx`)}`);
    return reply.send(bytes);
  });
}
