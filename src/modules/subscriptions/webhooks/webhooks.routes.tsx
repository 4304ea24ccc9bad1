import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { consolePage } from '../../../app/console-page.js';
import { requirePublicUser, requireStaff } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { forbidden, notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { Notice, type Errors, type Values } from '../../../platform/views/forms.js';
import type { StaffRole } from '../../accounts/roles.js';
import { spacePage } from '../../space/space.routes.js';
import { registerEndpoint, reenableEndpoint, removeEndpoint, rotateSecret, sendTest, type WebhookContext } from './webhooks.service.js';
import * as store from './webhooks.store.js';
import { EndpointForm, EndpointTable, SecretOnce, SignatureHelp } from './webhooks.views.js';

export const WEBHOOK_ROLES: StaffRole[] = ['admin'];

const CONSOLE = '/console/webhooks';
const SPACE = '/space/webhooks';
const actions = ['rotate', 'enable', 'delete', 'test'] as const;

/** Who may use each console route here (for the route-by-route authorization sweep). */
export const webhooksRouteAccess: Record<string, StaffRole[]> = Object.fromEntries(
  [`GET ${CONSOLE}`, `GET ${CONSOLE}/new`, `POST ${CONSOLE}/new`, ...actions.map((a) => `POST ${CONSOLE}/:id/${a}`)].map((k) => [k, WEBHOOK_ROLES]),
);

const ORG_ONLY = '推送接口供协会、商会、园区、企业等法人或其他组织账号使用，用于把本站新发布的政策自动转发到贵机构的系统。个人账号请使用“我的订阅”接收站内消息、邮件或短信提醒。';

/** One surface (the console or the enterprise space): who is asking, what they may see, the frame. */
interface Surface {
  base: string;
  /** The owner scope, or throws for someone who may not use this surface. */
  scope(request: FastifyRequest): { ownerAccountId: number | null };
  /** The page frame; it prints the title as the page's only <h1>. */
  frame(request: FastifyRequest, title: string, children: ComponentChildren): VNode;
  showOwner: boolean;
}

const done: Record<string, string> = { enabled: '已重新启用。', deleted: '已删除。' };

export function webhooksRoutes(app: FastifyInstance, services: Services): void {
  const db = services.database.db;
  const ctx: WebhookContext = { database: services.database, secret: services.secret, allowPrivate: services.config.webhooks.allowPrivate, timeoutMs: services.config.webhooks.timeoutMs };

  const surfaces: Surface[] = [
    {
      base: CONSOLE, showOwner: true, frame: consolePage,
      scope: (request) => (requireStaff(request, WEBHOOK_ROLES), { ownerAccountId: null }),
    },
    {
      // spacePage, unlike consolePage, leaves the <h1> to the page.
      base: SPACE, showOwner: false, frame: (request, title, children) => spacePage(request, title, <><h1>{title}</h1>{children}</>),
      scope: (request) => {
        const viewer = requirePublicUser(request);
        if (viewer.kind !== 'organization') throw forbidden(ORG_ONLY);
        return { ownerAccountId: viewer.id };
      },
    },
  ];

  for (const s of surfaces) {
    const findOwn = async (request: FastifyRequest, raw: string) => {
      const { ownerAccountId } = s.scope(request);
      const id = parseId(raw);
      const endpoint = id ? await store.findEndpoint(db, id, { siteId: request.site.id, ...(ownerAccountId === null ? {} : { ownerAccountId }) }) : undefined;
      if (!endpoint) throw notFound('该推送接口');
      return endpoint;
    };
    const form = (request: FastifyRequest, values: Values, errors: Errors) =>
      s.frame(request, '登记推送接口', <EndpointForm action={`${s.base}/new`} cancel={s.base} csrf={request.csrfToken()} values={values} errors={errors} />);

    // Persons reach the space pages from the menu: tell them what this is instead of a bare 403.
    const personExplains = (request: FastifyRequest) => s.base === SPACE && requirePublicUser(request).kind !== 'organization';
    const explain = (request: FastifyRequest) => s.frame(request, '第三方推送接口', <Notice>{ORG_ONLY}</Notice>);

    app.get<{ Querystring: { done?: string } }>(s.base, async (request, reply) => {
      if (personExplains(request)) return reply.page(explain(request));
      const { ownerAccountId } = s.scope(request);
      const rows = await store.listEndpoints(db, request.site.id, ownerAccountId === null ? 'all' : { accountId: ownerAccountId });
      return reply.page(s.frame(request, '第三方推送接口', (
        <>
          {request.query.done && done[request.query.done] ? <Notice kind="success">{done[request.query.done]}</Notice> : null}
          <p class="lede">本站每发布一条符合条件的政策，即以 HMAC-SHA256 签名的 JSON 推送到登记的地址；连续 {services.config.webhooks.maxFailures} 次失败的接口自动停用并通知登记者。</p>
          <p><a class="button" href={`${s.base}/new`}>登记推送接口</a></p>
          <EndpointTable rows={rows} base={s.base} csrf={request.csrfToken()} showOwner={s.showOwner} />
          <SignatureHelp />
        </>
      )));
    });

    app.get(`${s.base}/new`, async (request, reply) => {
      if (personExplains(request)) return reply.page(explain(request));
      s.scope(request);
      return reply.page(form(request, { criterion: '' }, {}));
    });

    app.post(`${s.base}/new`, async (request, reply) => {
      const { ownerAccountId } = s.scope(request);
      const body = (request.body ?? {}) as Values;
      const outcome = await registerEndpoint(ctx, { siteId: request.site.id, ownerAccountId }, body, request.auditActor());
      if (!outcome.ok) return reply.page(form(request, body, outcome.errors), 422);
      return reply.page(s.frame(request, '推送接口已登记', <SecretOnce name={String(body.name ?? '').trim()} secret={outcome.value.signingSecret} back={s.base} />));
    });

    app.post<{ Params: { id: string } }>(`${s.base}/:id/rotate`, async (request, reply) => {
      const endpoint = await findOwn(request, request.params.id);
      const secret = await rotateSecret(ctx, endpoint, request.auditActor());
      return reply.page(s.frame(request, '签名密钥已重置', <><p>旧密钥立即失效。</p><SecretOnce name={endpoint.name} secret={secret} back={s.base} /></>));
    });

    app.post<{ Params: { id: string } }>(`${s.base}/:id/enable`, async (request, reply) => {
      const endpoint = await findOwn(request, request.params.id);
      await reenableEndpoint(ctx, endpoint, request.auditActor());
      return reply.redirect(`${s.base}?done=enabled`, 303);
    });

    app.post<{ Params: { id: string } }>(`${s.base}/:id/delete`, async (request, reply) => {
      const endpoint = await findOwn(request, request.params.id);
      await removeEndpoint(ctx, endpoint, request.auditActor());
      return reply.redirect(`${s.base}?done=deleted`, 303);
    });

    app.post<{ Params: { id: string } }>(`${s.base}/:id/test`, async (request, reply) => {
      const endpoint = await findOwn(request, request.params.id);
      const result = await sendTest(ctx, endpoint, request.site.name, request.auditActor());
      return reply.page(s.frame(request, `发送测试：${endpoint.name}`, (
        <>
          <Notice kind={result.ok ? 'success' : 'warning'}>{result.message}</Notice>
          <p>测试消息的推送编号为 0、事件为 <code>test</code>，不计入连续失败次数。</p>
          <p><a href={s.base}>返回列表</a></p>
        </>
      )));
    });
  }
}
