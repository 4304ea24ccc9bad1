import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { HttpError } from '../platform/http/errors.js';
import { renderDocument } from '../platform/views/render.js';
import { hmac, randomToken, safeEqual } from '../platform/tokens.js';
import type { AuditActor } from '../platform/audit/audit.service.js';
import { resolveSession, type Viewer } from '../modules/accounts/accounts.service.js';
import type { Site } from '../modules/sites/sites.schemas.js';
import type { Services } from './services.js';

export const SESSION_COOKIE = 'gk_sid';
const ANON_CSRF_COOKIE = 'gk_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    site: Site;
    viewer: Viewer | undefined;
    /** The CSRF token for this visitor's forms (sets an anonymous cookie on first use). */
    csrfToken(): string;
    auditActor(): AuditActor;
  }
  interface FastifyReply {
    page(vnode: VNode, status?: number): FastifyReply;
  }
}

export function secureCookies(services: Services, request: FastifyRequest): boolean {
  const mode = services.config.cookieSecure;
  return mode === 'always' || (mode === 'auto' && request.protocol === 'https');
}

export function registerRequestContext(app: FastifyInstance, services: Services): void {
  app.decorateRequest('site', undefined as unknown as Site);
  app.decorateRequest('viewer', undefined);
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    if (this.viewer) return hmac(services.secret, this.viewer.csrfSecret);
    let anon = this.cookies[ANON_CSRF_COOKIE];
    if (!anon || anon.length < 20) {
      anon = randomToken(18);
      this.cookies[ANON_CSRF_COOKIE] = anon;
      // Only a page that renders a form calls this, so public cacheable pages never set cookies.
      (this as FastifyRequest & { pendingCsrfCookie?: string }).pendingCsrfCookie = anon;
    }
    return hmac(services.secret, anon);
  });
  app.decorateRequest('auditActor', function (this: FastifyRequest): AuditActor {
    return { id: this.viewer?.id ?? null, label: this.viewer?.name ?? '匿名访客', ip: this.ip, siteId: this.site.id };
  });
  app.decorateReply('page', function (this: FastifyReply, vnode: VNode, status = 200) {
    return this.code(status).type('text/html; charset=utf-8').send(renderDocument(vnode));
  });

  app.addHook('onRequest', async (request) => {
    const site = services.sites.forHost(request.headers.host);
    if (!site) throw new Error('没有配置任何站点：请先运行 gongkai seed 或 gongkai site add');
    request.site = site;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.viewer = await resolveSession(services.database, token, services.config.session);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = (request as FastifyRequest & { pendingCsrfCookie?: string }).pendingCsrfCookie;
    if (pending) {
      reply.setCookie(ANON_CSRF_COOKIE, pending, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies(services, request) });
    }
    // A signed-in visitor's response is never for a shared cache, even on a page marked public.
    if (request.viewer && String(reply.getHeader('cache-control') ?? '').startsWith('public')) {
      reply.header('cache-control', 'private, no-store');
    }
    return payload;
  });

  // Every state-changing form post carries the token; JSON API calls with a session carry it in a header.
  app.addHook('preHandler', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    if (request.routeOptions.config && (request.routeOptions.config as { csrf?: boolean }).csrf === false) return;
    const isApi = request.url.startsWith('/api/');
    if (isApi && !request.viewer) return;
    const sent = isApi
      ? String(request.headers['x-csrf-token'] ?? '')
      : String((request.body as Record<string, unknown> | undefined)?._csrf ?? '');
    const expected = request.csrfToken();
    if (!sent || !safeEqual(sent, expected)) {
      throw new HttpError(403, 'csrf', '页面已过期或请求来源无法验证。请返回上一页，刷新后重新提交。');
    }
  });
}
