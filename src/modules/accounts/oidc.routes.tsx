import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';
import { portalPage } from '../../app/portal-page.js';
import { secureCookies } from '../../app/request-context.js';
import type { Services } from '../../app/services.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { hmac, safeEqual } from '../../platform/tokens.js';
import { Notice } from '../../platform/views/forms.js';
import * as store from './accounts.store.js';
import * as accounts from './accounts.service.js';
import { startSession } from './auth.routes.js';

const FLOW_COOKIE = 'gk_oidc';

/**
 * Single sign-on through an OpenID Connect provider (off unless OIDC_ISSUER and OIDC_CLIENT_ID are set).
 * Staff must already exist with the same e-mail (an administrator grants roles); a member of the
 * public signing in for the first time gets a personal account.
 */
export function registerOidcRoutes(app: FastifyInstance, services: Services) {
  const settings = services.config.oidc;
  if (!settings) return;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        execute: settings.issuer.startsWith('http://') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const failure = (message: string) => (
    <>
      <h1>统一身份认证登录失败</h1>
      <Notice kind="warning">{message}</Notice>
      <p><a href="/login">返回登录页</a></p>
    </>
  );

  app.get<{ Querystring: { audience?: string } }>('/auth/oidc/start', async (request, reply) => {
    const audience = request.query.audience === 'staff' ? 'staff' : 'public';
    let config: oidc.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      request.log.error({ err: error }, 'OIDC discovery failed');
      return reply.page(portalPage(request, { title: '登录失败' }, failure('暂时无法连接统一身份认证服务，请稍后再试或使用账号密码登录。')), 502);
    }
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const flow = `${audience}.${state}.${verifier}`;
    reply.setCookie(FLOW_COOKIE, `${flow}.${hmac(services.secret, flow)}`, {
      path: '/auth/oidc', httpOnly: true, sameSite: 'lax', secure: secureCookies(services, request), maxAge: 600,
    });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(services, request.protocol, request.headers.host),
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    return reply.redirect(url.href, 303);
  });

  app.get('/auth/oidc/callback', async (request, reply) => {
    const [audience, state, verifier, signature] = (request.cookies[FLOW_COOKIE] ?? '').split('.');
    const flow = `${audience}.${state}.${verifier}`;
    reply.clearCookie(FLOW_COOKIE, { path: '/auth/oidc' });
    if (!audience || !state || !verifier || !signature || !safeEqual(signature, hmac(services.secret, flow))) {
      return reply.page(portalPage(request, { title: '登录失败' }, failure('登录会话已过期，请重新发起登录。')), 400);
    }
    let claims: Claims | undefined;
    try {
      const config = await configuration();
      const current = new URL(request.url, callbackUrl(services, request.protocol, request.headers.host));
      const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: verifier, expectedState: state });
      const idToken = tokens.claims();
      claims = idToken;
      // With response_type=code a conforming provider returns the profile and email claims from
      // UserInfo, not in the ID token (OIDC Core 5.4): fetch them when the ID token lacks them.
      if (idToken && (idToken.email === undefined || idToken.name === undefined) && config.serverMetadata().userinfo_endpoint) {
        const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
        const emailSource = idToken.email !== undefined ? idToken : userInfo;
        claims = { sub: idToken.sub, email: emailSource.email, email_verified: emailSource.email_verified, name: idToken.name ?? userInfo.name };
      }
    } catch (error) {
      request.log.warn({ err: error }, 'OIDC callback rejected');
    }
    if (!claims?.sub) return reply.page(portalPage(request, { title: '登录失败' }, failure('统一身份认证未能确认您的身份，请重试。')), 400);
    const accountId = await accountFor(services, audience === 'staff' ? 'staff' : 'public', claims, request.site.id, request.ip);
    if (!accountId) {
      const message = audience === 'staff'
        ? '该统一身份认证账号未开通本站后台权限，请联系系统管理员。'
        : '该统一身份认证账号不能用于登录个人/企业空间，请使用其他方式登录或联系网站管理员。';
      return reply.page(portalPage(request, { title: '登录失败' }, failure(message)), 403);
    }
    const token = await accounts.openSession(services.database, accountId, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' }, services.config.session);
    startSession(services, request, reply, token);
    return reply.redirect(audience === 'staff' ? '/console' : '/space', 303);
  });
}

/** The identity as Gongkai uses it: the subject of the verified ID token; e-mail and name from it or from UserInfo. */
interface Claims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

function callbackUrl(services: Services, protocol: string, host: string | undefined): string {
  return `${services.config.publicUrl ?? `${protocol}://${host}`}/auth/oidc/callback`;
}

async function accountFor(services: Services, audience: 'staff' | 'public', claims: Claims, siteId: number, ip: string): Promise<number | undefined> {
  const db = services.database.db;
  const subject = `${services.config.oidc!.issuer}#${claims.sub}`;
  // Only an e-mail the provider does not call unverified may find an existing account or be stored
  // on a new one (some providers send email_verified as a string).
  const email = typeof claims.email === 'string' && claims.email_verified !== false && claims.email_verified !== 'false' ? claims.email.toLowerCase() : undefined;
  const name = typeof claims.name === 'string' && claims.name.trim().length >= 2 ? claims.name.trim().slice(0, 100) : '统一认证用户';
  const kinds = audience === 'staff' ? ['staff'] : ['person', 'organization'];
  const linked = await db.selectFrom('accounts').select(['id', 'status', 'kind', 'site_id']).where('oidc_subject', '=', subject).executeTakeFirst();
  return db.transaction().execute(async (trx) => {
    let id: number | undefined;
    if (linked && kinds.includes(linked.kind) && linked.status === 'active') id = linked.id;
    else if (!linked && email) {
      const byEmail = await store.findAccountForLogin(trx, email, kinds);
      if (byEmail && byEmail.email === email && byEmail.status === 'active') {
        await trx.updateTable('accounts').set({ oidc_subject: subject }).where('id', '=', byEmail.id).execute();
        id = byEmail.id;
      }
    }
    if (id === undefined && !linked && audience === 'public') {
      id = await store.insertAccount(trx, { kind: 'person', name, siteId: null, email: email && !(await store.contactTaken(trx, 'email', email)) ? email : null, passwordHash: null, oidcSubject: subject });
    }
    if (id === undefined) return undefined;
    const account = await store.findAccountById(trx, id);
    if (audience === 'staff' && account?.site_id !== siteId && account?.is_platform_admin !== 1) return undefined;
    await store.recordLoginSuccess(trx, id);
    await appendAudit(trx, { id, label: account?.name ?? name, ip, siteId: account?.site_id ?? siteId }, {
      action: 'auth.login', targetType: 'account', targetId: id, summary: '通过统一身份认证登录',
    });
    return id;
  });
}
