import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import type { StaffRole } from '../../accounts/roles.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { ErrorSummary, Notice, type Errors, type Values } from '../../../platform/views/forms.js';
import { countPushAudience } from '../delivery/audience.js';
import { publicationPayload } from '../delivery/publication-event.js';
import { tagVocabulary } from '../tags/tags.service.js';
import { pushLabels } from './push.schemas.js';
import { cancelPush, cancellable, createPush, editable, may, reviewPush, sendPush, updatePush, validateCompose, type PushActor } from './push.service.js';
import { pushChannelStats, pushRatingStats } from './push.stats.js';
import * as store from './push.store.js';
import { ComposeForm, DocumentSearch, StatusTag, describeAudience, fmt, previewKey, type DocumentChoice } from './push.views.js';
import { PushDecisionForms, PushStatsSection } from './push-detail.js';
import { PUSH_APPROVE_ROLES, PUSH_COMPOSE_ROLES, PUSH_SEND_ROLES, PUSH_VIEW_ROLES, pushLimits } from './push.vocabulary.js';
import { pushOverviewRoute } from './push-overview.js';

const access = (keys: string[], roles: StaffRole[]) => Object.fromEntries(keys.map((k) => [k, roles]));

/** Who may use each console route of 精准推送 (merged into the route-by-route authorization sweep). */
export const pushRouteAccess: Record<string, StaffRole[]> = {
  ...access(['GET /console/pushes', 'GET /console/pushes/stats', 'GET /console/pushes/:id', 'POST /console/pushes/:id/cancel'], PUSH_VIEW_ROLES),
  ...access(['GET /console/pushes/new', 'POST /console/pushes/new', 'GET /console/pushes/:id/edit', 'POST /console/pushes/:id/edit', 'POST /console/pushes/:id/submit'], PUSH_COMPOSE_ROLES),
  ...access(['POST /console/pushes/:id/review'], PUSH_APPROVE_ROLES),
  ...access(['POST /console/pushes/:id/send'], PUSH_SEND_ROLES),
};

const actorOf = (request: FastifyRequest, viewer: Viewer): PushActor => ({
  ...request.auditActor(), id: viewer.id, siteId: request.site.id, roles: viewer.roles, isPlatformAdmin: viewer.isPlatformAdmin,
});

const pushId = (raw: string) => {
  const id = parseId(raw);
  if (!id) throw notFound('该推送');
  return id;
};

const notices: Record<string, string> = {
  saved: '已保存草稿。', submitted: '已提交审批。', approved: '已批准，可以发送。', rejected: '已退回起草人。', sent: '已发送，投递引擎正在逐批投递。',
  already: '该推送此前已发送，未重复发送。', cancelled: '已取消。',
};

/** Console: 精准推送 — list, compose (with the recipient count), approval by someone else, send, statistics. */
export function pushConsoleRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;
  const db = database.db;

  const composePage = async (request: FastifyRequest, opts: { action: string; title: string; document: DocumentChoice; values: Values; errors: Errors; preview?: { count: number; key: string }; changeHref?: string }) =>
    consolePage(request, opts.title, (
      <>
        <ComposeForm request={request} action={opts.action} document={opts.document} values={opts.values} errors={opts.errors} tags={await tagVocabulary(db, request.site.id)} preview={opts.preview} changeHref={opts.changeHref} />
      </>
    ));

  /** Preview and the refused-before-preview submit re-render the form with the count; a real problem shows errors. */
  async function handleCompose(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, target: { action: string; title: string; id?: number; changeHref?: string }) {
    const body = (request.body ?? {}) as Values;
    const action = body.action === 'submit' ? 'submit' : body.action === 'draft' ? 'draft' : 'preview';
    const docId = parseId(body.document_id);
    const document = docId ? await store.findPushableDocument(db, request.site.id, docId) : undefined;
    if (!document) {
      return reply.page(consolePage(request, target.title, (
        <><ErrorSummary errors={{ document_id: '只能推送本站已发布、主动公开且非定向公开的政策文件，请重新选择' }} labels={pushLabels} /><DocumentSearch q="" results={await store.searchPushableDocuments(db, request.site.id, '', pushLimits.documentSearchLimit)} action="/console/pushes/new" /></>
      )), 422);
    }
    const page = async (errors: Errors, preview?: { count: number; key: string }, status = 200) =>
      reply.page(await composePage(request, { ...target, document, values: body, errors, preview }), status);
    const checked = await validateCompose(db, request.site.id, body);
    if (!checked.ok) return page(checked.errors, undefined, 422);
    const preview = { count: checked.value.count, key: previewKey(checked.value.audience) };
    if (action === 'preview') return page({}, preview);
    if (action === 'submit' && body.previewed !== preview.key) {
      return page({ '': `提交审批前请确认预计推送人数（按当前条件为 ${preview.count} 人），然后再次点击“提交审批”` }, preview, 422);
    }
    const actor = actorOf(request, viewer);
    const outcome = target.id ? await updatePush(database, actor, target.id, body, action === 'submit') : await createPush(database, actor, body, action === 'submit');
    if (!outcome.ok) return page(outcome.errors, preview, 422);
    const id = target.id ?? (outcome.value as number);
    return reply.redirect(`/console/pushes/${id}?done=${action === 'submit' ? 'submitted' : 'saved'}`, 303);
  }

  app.get<{ Querystring: { done?: string } }>('/console/pushes', async (request, reply) => {
    const viewer = requireStaff(request, PUSH_VIEW_ROLES);
    const rows = await store.listPushes(db, request.site.id, pushLimits.listLimit);
    return reply.page(consolePage(request, '精准推送', (
      <>
        <p class="lede">将已发布的政策按受众标签和账号类型推送到个人、企业专属空间的消息中心；须经起草人以外的审核人员批准后发送。</p>
        <p class="row-actions">
          {may(viewer, PUSH_COMPOSE_ROLES) ? <a class="button" href="/console/pushes/new">起草推送</a> : null}
          <a class="button button-secondary" href="/console/pushes/stats">推送统计</a>
        </p>
        {rows.length === 0 ? <p class="empty">还没有推送。</p> : (
          <div class="table-wrap" role="region" aria-labelledby="pushes-caption" tabIndex={0}>
            <table class="data">
              <caption id="pushes-caption">推送列表（{rows.length} 条）</caption>
              <thead><tr><th scope="col" class="col-wide">标题</th><th scope="col" class="col-wide">政策文件</th><th scope="col" class="nowrap">状态</th><th scope="col" class="nowrap">起草人</th><th scope="col" class="nowrap">批准时人数</th><th scope="col" class="nowrap">更新时间</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td><a href={`/console/pushes/${r.id}`}>{r.title}</a></td><td>{r.document_title}</td><td><StatusTag status={r.status} /></td>
                    <td>{r.creator_name}</td><td>{r.recipient_count ?? '—'}</td><td class="nowrap">{fmt(r.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.length === pushLimits.listLimit ? <p class="hint">只显示最近 {pushLimits.listLimit} 条。</p> : null}
      </>
    )));
  });

  app.get<{ Querystring: { q?: string; document?: string } }>('/console/pushes/new', async (request, reply) => {
    requireStaff(request, PUSH_COMPOSE_ROLES);
    const docId = parseId(request.query.document);
    const document = docId ? await store.findPushableDocument(db, request.site.id, docId) : undefined;
    if (!document) {
      const q = (typeof request.query.q === 'string' ? request.query.q : '').trim().slice(0, 100);
      const results = await store.searchPushableDocuments(db, request.site.id, q, pushLimits.documentSearchLimit);
      return reply.page(consolePage(request, '起草精准推送', (
        <>
          {docId ? <Notice kind="warning">该文件不能推送：只能推送本站已发布、主动公开且非定向公开的政策文件。</Notice> : null}
          <DocumentSearch q={q} results={results} action="/console/pushes/new" />
        </>
      )));
    }
    const built = await publicationPayload(db, document.id);
    const summary = (built?.payload.summary ?? '').slice(0, pushLimits.messageMax);
    const values = { title: document.title.slice(0, pushLimits.titleMax), message: summary };
    return reply.page(await composePage(request, { action: '/console/pushes/new', title: '起草精准推送', document, values, errors: {}, changeHref: '/console/pushes/new' }));
  });

  app.post('/console/pushes/new', async (request, reply) => {
    const viewer = requireStaff(request, PUSH_COMPOSE_ROLES);
    return handleCompose(request, reply, viewer, { action: '/console/pushes/new', title: '起草精准推送', changeHref: '/console/pushes/new' });
  });

  const loadEditable = async (request: FastifyRequest, viewer: Viewer, id: number) => {
    const push = await store.findPush(db, request.site.id, id);
    if (!push || !editable(push, actorOf(request, viewer))) throw notFound('可修改的推送');
    return push;
  };

  app.get<{ Params: { id: string } }>('/console/pushes/:id/edit', async (request, reply) => {
    const viewer = requireStaff(request, PUSH_COMPOSE_ROLES);
    const push = await loadEditable(request, viewer, pushId(request.params.id));
    const document = await store.findPushableDocument(db, request.site.id, push.document_id);
    if (!document) throw notFound('可推送的政策文件');
    const a = store.parseAudience(push.audience);
    const values = { title: push.title, message: push.message, tag_ids: a.tagIds.map(String), account_kinds: a.accountKinds, channels: a.channels, audience_all: push.audience_all ? 'on' : '' };
    const preview = { count: await countPushAudience(db, a), key: previewKey(a) };
    return reply.page(await composePage(request, { action: `/console/pushes/${push.id}/edit`, title: '修改精准推送', document, values, errors: {}, preview }));
  });

  app.post<{ Params: { id: string } }>('/console/pushes/:id/edit', async (request, reply) => {
    const viewer = requireStaff(request, PUSH_COMPOSE_ROLES);
    const push = await loadEditable(request, viewer, pushId(request.params.id));
    return handleCompose(request, reply, viewer, { action: `/console/pushes/${push.id}/edit`, title: '修改精准推送', id: push.id });
  });

  async function detail(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, id: number, errors: Errors = {}, values: Values = {}, status = 200) {
    const push = await store.findPush(db, request.site.id, id);
    if (!push) throw notFound('该推送');
    const actor = actorOf(request, viewer);
    const tags = await tagVocabulary(db, request.site.id);
    const audience = store.parseAudience(push.audience);
    const live = push.status === 'sent' || push.status === 'cancelled' ? null : await countPushAudience(db, audience);
    const done = typeof (request.query as { done?: string }).done === 'string' ? notices[(request.query as { done: string }).done] : undefined;
    const [channels, ratings] = push.status === 'sent' ? await Promise.all([pushChannelStats(db, push.event_id), pushRatingStats(db, push.id)]) : [[], { useful: 0, notUseful: 0 }];
    return reply.page(consolePage(request, push.title, (
      <>
        <p>状态：<StatusTag status={push.status} /></p>
        {done ? <Notice kind="success">{done}</Notice> : null}
        <ErrorSummary errors={errors} labels={pushLabels} />
        <dl class="push-facts">
          <dt>政策文件</dt><dd><a href={`/documents/${push.document_id}`}>《{push.document_title}》</a>（<a href={`/console/documents/${push.document_id}`}>后台查看</a>）</dd>
          <dt>推送内容</dt><dd>{push.message}</dd>
          <dt>受众</dt><dd>{describeAudience(audience, push.audience_all === 1, tags)}</dd>
          {live !== null ? <><dt>按当前条件预计人数</dt><dd><strong>{live}</strong> 人</dd></> : null}
          {push.recipient_count !== null ? <><dt>批准时人数</dt><dd>{push.recipient_count} 人</dd></> : null}
          <dt>起草人</dt><dd>{push.creator_name}，{fmt(push.created_at)}</dd>
          {push.submitted_at ? <><dt>提交审批</dt><dd>{fmt(push.submitted_at)}</dd></> : null}
          {push.approver_name ? <><dt>审批人</dt><dd>{push.approver_name}，{fmt(push.decided_at)}{push.approval_comment ? `；意见：${push.approval_comment}` : ''}</dd></> : null}
          {push.sent_at ? <><dt>发送时间</dt><dd>{fmt(push.sent_at)}</dd></> : null}
        </dl>
        <PushDecisionForms request={request} push={push} actor={actor} editable={editable(push, actor)} cancellable={cancellable(push, actor)} values={values} errors={errors} />
        {push.status === 'sent' ? <PushStatsSection channels={channels} ratings={ratings} /> : null}
        <p><a href="/console/pushes">返回推送列表</a></p>
      </>
    )), status);
  }

  app.get<{ Params: { id: string } }>('/console/pushes/:id', async (request, reply) => {
    const viewer = requireStaff(request, PUSH_VIEW_ROLES);
    return detail(request, reply, viewer, pushId(request.params.id));
  });

  /** The state changes: each answers with the detail page, its errors inline, or a redirect with a notice. */
  const action = (path: string, roles: StaffRole[], run: (actor: PushActor, id: number, body: Values) => Promise<{ ok: true; value: string | true } | { ok: false; errors: Errors }>) =>
    app.post<{ Params: { id: string } }>(`/console/pushes/:id/${path}`, async (request, reply) => {
      const viewer = requireStaff(request, roles);
      const id = pushId(request.params.id);
      const body = (request.body ?? {}) as Values;
      if (!(await store.findPush(db, request.site.id, id))) throw notFound('该推送');
      const outcome = await run(actorOf(request, viewer), id, body);
      if (!outcome.ok) return detail(request, reply, viewer, id, outcome.errors, body, 422);
      return reply.redirect(`/console/pushes/${id}?done=${outcome.value === true ? path : outcome.value}`, 303);
    });

  action('submit', PUSH_COMPOSE_ROLES, async (actor, id) => {
    const push = (await store.findPush(db, actor.siteId, id))!;
    const a = store.parseAudience(push.audience);
    const raw = { document_id: String(push.document_id), title: push.title, message: push.message, tag_ids: a.tagIds.map(String), account_kinds: a.accountKinds, channels: a.channels, audience_all: push.audience_all ? 'on' : '' };
    const outcome = await updatePush(database, actor, id, raw, true);
    return outcome.ok ? { ok: true, value: 'submitted' } : outcome;
  });
  action('review', PUSH_APPROVE_ROLES, (actor, id, body) => reviewPush(database, actor, id, body));
  action('send', PUSH_SEND_ROLES, (actor, id) => sendPush(database, services.jobs, actor, id));
  action('cancel', PUSH_VIEW_ROLES, async (actor, id) => {
    const outcome = await cancelPush(database, actor, id);
    return outcome.ok ? { ok: true, value: 'cancelled' } : outcome;
  });

  pushOverviewRoute(app, services);
}
