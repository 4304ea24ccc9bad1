import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { safeNext } from '../../app/guards.js';
import { portalPage } from '../../app/portal-page.js';
import { SESSION_COOKIE, secureCookies } from '../../app/request-context.js';
import type { Services } from '../../app/services.js';
import { fieldErrors } from '../../platform/outcome.js';
import { Notice, type Values } from '../../platform/views/forms.js';
import { forgotSchema, loginSchema, registerSchema, resetSchema } from './accounts.schemas.js';
import * as accounts from './accounts.service.js';
import { ForgotForm, LoginForm, RegisterForm, ResetForm } from './auth.views.js';
import { registerOidcRoutes } from './oidc.routes.js';

const lockMessage = (until: string | undefined) =>
  `密码错误次数过多，账号已临时锁定${until ? `，请于 ${new Date(until).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' })} 后再试` : ''}，或通过“忘记密码”重置。`;

/**
 * The host name for links in mail: the one the visitor used when it is one of this site's hosts,
 * otherwise the site's own. A forged Host header must not send a reset token to someone else's server.
 */
function siteHost(request: FastifyRequest): string {
  const requested = (request.headers.host ?? '').toLowerCase();
  const hosts = request.site.hosts;
  if (hosts.includes(requested) || hosts.includes(requested.replace(/:\d+$/, ''))) return requested;
  return hosts[0] ?? 'localhost';
}

export function startSession(services: Services, request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(services, request),
    maxAge: services.config.session.maxHours * 3600,
  });
}

export function authRoutes(app: FastifyInstance, services: Services) {
  const strict = { config: { rateLimit: { max: services.config.rateLimit.authPerMinute, timeWindow: '1 minute' } } };
  const oidcLabel = services.config.oidc?.displayName;

  app.get('/register', async (request, reply) =>
    reply.page(portalPage(request, { title: '注册账号', crumbs: [{ label: '注册账号' }] }, <RegisterForm request={request} values={{ kind: 'person' }} errors={{}} />)),
  );

  app.post('/register', strict, async (request, reply) => {
    const body = (request.body ?? {}) as Values;
    const render = (errors: Record<string, string>) =>
      reply.page(portalPage(request, { title: '注册账号', crumbs: [{ label: '注册账号' }] }, <RegisterForm request={request} values={body} errors={errors} />), 422);
    const parsed = registerSchema.safeParse(body);
    if (!parsed.success) {
      // The schema compares the passwords only once every field is valid; say it in the first round too.
      const errors = fieldErrors(parsed.error.issues);
      if (!errors.passwordConfirm && typeof body.password === 'string' && body.password !== body.passwordConfirm) errors.passwordConfirm = '两次输入的密码不一致';
      return render(errors);
    }
    const outcome = await accounts.registerPublicAccount(services.database, parsed.data, request.ip);
    if (!outcome.ok) return render(outcome.errors);
    const token = await accounts.openSession(services.database, outcome.value, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' }, services.config.session);
    startSession(services, request, reply, token);
    return reply.redirect('/space?welcome=1', 303);
  });

  for (const audience of ['public', 'staff'] as const) {
    const path = audience === 'staff' ? '/console/login' : '/login';
    const title = audience === 'staff' ? '工作人员登录' : '登录';
    const fallback = audience === 'staff' ? '/console' : '/space';
    app.get<{ Querystring: { next?: string; reset?: string } }>(path, async (request, reply) => {
      const notice = request.query.reset ? '密码已重置，请使用新密码登录。' : undefined;
      return reply.page(portalPage(request, { title, crumbs: [{ label: title }] }, (
        <LoginForm request={request} audience={audience} values={{ next: request.query.next ?? '' }} errors={{}} notice={notice} oidcLabel={oidcLabel} />
      )));
    });
    app.post(path, strict, async (request, reply) => {
      const body = (request.body ?? {}) as Values;
      const render = (errors: Record<string, string>, status = 422) =>
        reply.page(portalPage(request, { title, crumbs: [{ label: title }] }, (
          <LoginForm request={request} audience={audience} values={{ ...body, password: '' }} errors={errors} oidcLabel={oidcLabel} />
        )), status);
      const parsed = loginSchema.safeParse(body);
      if (!parsed.success) return render(fieldErrors(parsed.error.issues));
      const outcome = await accounts.authenticate(
        services.database,
        { identifier: parsed.data.identifier, password: parsed.data.password, audience, siteId: request.site.id, ip: request.ip },
        services.config.login,
      );
      if (!outcome.ok) {
        const messages = {
          invalid: '账号或密码不正确',
          locked: lockMessage(outcome.lockedUntil),
          disabled: '该账号已停用，请联系网站管理员',
          'wrong-site': '该工作人员账号不属于本站点',
        } as const;
        return render({ password: messages[outcome.reason] }, outcome.reason === 'locked' ? 429 : 422);
      }
      const token = await accounts.openSession(services.database, outcome.accountId, { ip: request.ip, userAgent: request.headers['user-agent'] ?? '' }, services.config.session);
      startSession(services, request, reply, token);
      return reply.redirect(safeNext(parsed.data.next, fallback), 303);
    });
  }

  app.post('/logout', async (request, reply) => {
    if (request.viewer) await accounts.closeSession(services.database, request.viewer, request.ip, request.site.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect(request.viewer?.kind === 'staff' ? '/console/login' : '/', 303);
  });

  app.get('/password/forgot', async (request, reply) =>
    reply.page(portalPage(request, { title: '找回密码', crumbs: [{ label: '找回密码' }] }, <ForgotForm request={request} values={{}} errors={{}} />)),
  );

  app.post('/password/forgot', strict, async (request, reply) => {
    const body = (request.body ?? {}) as Values;
    const parsed = forgotSchema.safeParse({ email: String(body.email ?? '').trim().toLowerCase() });
    if (!parsed.success) {
      return reply.page(portalPage(request, { title: '找回密码', crumbs: [{ label: '找回密码' }] }, <ForgotForm request={request} values={body} errors={fieldErrors(parsed.error.issues)} />), 422);
    }
    const reset = await accounts.createPasswordReset(services.database, parsed.data.email, request.ip);
    if (reset) {
      const base = services.config.publicUrl ?? `${request.protocol}://${siteHost(request)}`;
      const link = `${base}/password/reset/${reset.token}`;
      // Not awaited: waiting for the mail server would make a registered address answer visibly slower.
      services.mailer
        .send({
          to: parsed.data.email,
          subject: `【${request.site.name}】重置密码`,
          text: `${reset.name}，您好：\n\n请在 ${accounts.RESET_TOKEN_MINUTES} 分钟内打开以下链接设置新密码：\n${link}\n\n如果不是您本人操作，请忽略本邮件，您的密码不会改变。\n\n${request.site.name}`,
        })
        .catch((error: unknown) => request.log.error({ err: error }, 'password reset mail failed'));
    }
    // The same answer whether or not the address is registered: no account enumeration.
    return reply.page(portalPage(request, { title: '找回密码', crumbs: [{ label: '找回密码' }] }, <ForgotForm request={request} values={{}} errors={{}} sent />));
  });

  app.get<{ Params: { token: string } }>('/password/reset/:token', async (request, reply) => {
    const valid = await accounts.passwordResetIsValid(services.database, request.params.token);
    const content = valid ? <ResetForm request={request} token={request.params.token} errors={{}} /> : <ExpiredLink />;
    return reply.page(portalPage(request, { title: '设置新密码', crumbs: [{ label: '设置新密码' }] }, content), valid ? 200 : 410);
  });

  app.post<{ Params: { token: string } }>('/password/reset/:token', strict, async (request, reply) => {
    const parsed = resetSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.page(portalPage(request, { title: '设置新密码' }, <ResetForm request={request} token={request.params.token} errors={fieldErrors(parsed.error.issues)} />), 422);
    }
    const done = await accounts.resetPassword(services.database, request.params.token, parsed.data.password, request.ip);
    if (!done) return reply.page(portalPage(request, { title: '设置新密码' }, <ExpiredLink />), 410);
    return reply.redirect('/login?reset=1', 303);
  });

  registerOidcRoutes(app, services);
}

function ExpiredLink() {
  return (
    <>
      <h1>链接已失效</h1>
      <Notice kind="warning">该重置密码链接已使用或已过期（有效期 {accounts.RESET_TOKEN_MINUTES} 分钟）。</Notice>
      <p><a href="/password/forgot">重新获取重置链接</a></p>
    </>
  );
}
