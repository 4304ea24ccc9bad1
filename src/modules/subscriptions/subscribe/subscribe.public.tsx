import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { portalPage } from '../../../app/portal-page.js';
import type { Services } from '../../../app/services.js';
import { parseId } from '../../../platform/http/ids.js';
import { fieldErrors } from '../../../platform/outcome.js';
import { ErrorSummary, Form, Notice, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { siteBase } from '../../documents/portal/feeds.routes.js';
import { readUnsubscribeToken } from '../unsubscribe-token.js';
import { emailSchema, placeValueError, subscribeLabels, subscriptionFromForm } from './subscribe.schemas.js';
import { checkSubscription, confirm, confirmTokenIsValid, describeSubscription, subscribeByEmail, unsubscribe, unsubscribeTargets } from './subscribe.service.js';
import { valueOptions } from './subscribe.values.js';
import { CriterionFields, FeedLinks, FrequencyField } from './subscribe.views.js';

/**
 * The public side of subscriptions: /subscribe (anonymous e-mail, double opt-in), the opt-in
 * link /subscribe/confirm/<token>, and the one-click unsubscribe link /unsubscribe/<token>.
 */
export function subscribePublicRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;
  const strict = { config: { rateLimit: { max: services.config.rateLimit.authPerMinute, timeWindow: '1 minute' } } };
  const frame = (request: FastifyRequest, title: string, body: preact.ComponentChildren) => portalPage(request, { title, crumbs: [{ label: title }] }, body);

  const form = async (request: FastifyRequest, values: Values, errors: Errors) => {
    const options = await valueOptions(database.db, request.site.id);
    return frame(request, '订阅政策信息', (
      <>
        <h1>订阅政策信息</h1>
        <p class="lede">有符合条件的新文件发布时，我们会发邮件通知您。提交后请打开确认邮件中的链接，确认后订阅才生效。已注册用户可<a href="/login?next=/space/subscriptions">登录</a>后在“我的订阅”中选择站内消息、邮件或短信接收。</p>
        <ErrorSummary errors={errors} labels={subscribeLabels} />
        <Form action="/subscribe" csrfToken={request.csrfToken()} class="form-narrow" label="邮件订阅">
          <TextField name="email" type="email" label={subscribeLabels.email!} values={values} errors={errors} required autocomplete="email" maxLength={254} />
          <CriterionFields values={values} errors={errors} options={options} />
          <FrequencyField values={values} errors={errors} />
          <div class="actions"><button class="button" type="submit">订阅</button></div>
        </Form>
        <FeedLinks criterion={values.criterion} value={values[`value_${String(values.criterion ?? '')}`]} />
      </>
    ));
  };

  app.get<{ Querystring: { criterion?: string; value?: string } }>('/subscribe', async (request, reply) => {
    const { criterion, value } = request.query;
    const prefill = typeof criterion === 'string' && typeof value === 'string' ? `?${new URLSearchParams({ criterion, value: value.slice(0, 100) }).toString()}` : '';
    if (request.viewer && request.viewer.kind !== 'staff') return reply.redirect(`/space/subscriptions${prefill}`, 303);
    const values: Values = { frequency: 'immediate' };
    if (prefill) Object.assign(values, { criterion, [`value_${criterion}`]: value!.slice(0, 100) });
    return reply.page(await form(request, values, {}));
  });

  app.post('/subscribe', strict, async (request, reply) => {
    const body = (request.body ?? {}) as Values;
    const email = emailSchema.safeParse({ email: body.email });
    const raw = { ...subscriptionFromForm(body), channel: 'email' };
    const checked = await checkSubscription(database.db, request.site.id, raw);
    const errors = { ...(email.success ? {} : fieldErrors(email.error.issues)), ...(checked.ok ? {} : placeValueError(checked.errors, body.criterion)) };
    if (!email.success || Object.keys(errors).length) return reply.page(await form(request, body, errors), 422);
    const outcome = await subscribeByEmail(database, request.site.id, email.data.email, raw);
    if (outcome.ok) {
      const link = `${siteBase(services, request)}/subscribe/confirm/${outcome.value.token}`;
      // Not awaited: a slow mail server must not make one answer slower than another.
      services.mailer
        .send({
          to: email.data.email,
          subject: `【${request.site.name}】请确认订阅`,
          text: `您好：\n\n有人（希望是您本人）用这个邮箱订阅了${request.site.name}的${outcome.value.description}。\n请在 ${outcome.value.hours} 小时内打开以下链接确认订阅：\n${link}\n\n如果不是您本人操作，请忽略本邮件，您不会收到任何推送。\n\n${request.site.name}`,
        })
        .catch((error: unknown) => request.log.error({ err: error }, 'subscription confirmation mail failed'));
    }
    // The same answer whether the address was new, already subscribed or over its limit.
    return reply.page(frame(request, '请查收确认邮件', (
      <>
        <h1>请查收确认邮件</h1>
        <Notice kind="success">如果该邮箱可以接收邮件，我们已向其发送一封确认邮件。请打开邮件中的链接完成订阅；确认之前不会向您推送任何内容。</Notice>
        <p><a href="/documents">返回政策文件</a></p>
      </>
    )));
  });

  const invalidLink = (request: FastifyRequest, reply: FastifyReply, what: string) =>
    reply.page(frame(request, '链接无效', (
      <>
        <h1>链接无效</h1>
        <p>{what}</p>
        <p><a href="/subscribe">重新订阅</a></p>
      </>
    )), 404);

  // The opt-in link shows a button: mail scanners that follow links must not confirm on anyone's behalf.
  app.get<{ Params: { token: string } }>('/subscribe/confirm/:token', async (request, reply) => {
    if (!(await confirmTokenIsValid(database, request.params.token))) return invalidLink(request, reply, '该确认链接无效或已过期（确认链接有有效期，且只能使用一次）。请重新提交订阅。');
    return reply.page(frame(request, '确认订阅', (
      <>
        <h1>确认订阅</h1>
        <p>点击下方按钮，确认用此邮箱接收政策推送。</p>
        <Form action={`/subscribe/confirm/${encodeURIComponent(request.params.token)}`} csrfToken={request.csrfToken()} label="确认订阅">
          <button class="button" type="submit">确认订阅</button>
        </Form>
      </>
    )));
  });

  app.post<{ Params: { token: string } }>('/subscribe/confirm/:token', strict, async (request, reply) => {
    const outcome = await confirm(database, request.params.token);
    if (!outcome.ok) return invalidLink(request, reply, '该确认链接无效或已过期（确认链接有有效期，且只能使用一次）。请重新提交订阅。');
    return reply.page(frame(request, '订阅成功', (
      <>
        <h1>订阅成功</h1>
        <Notice kind="success">已确认。有符合条件的新文件发布时，我们会发邮件通知您；每封邮件都附有退订链接。</Notice>
        <p><a href="/documents">返回政策文件</a></p>
      </>
    )));
  });

  const oneClick = { config: { ...strict.config, csrf: false } } as typeof strict;
  const unsubscribeTarget = (token: string) => readUnsubscribeToken(services.secret, token);

  // GET only shows what would end: mail scanners follow links, and must not unsubscribe anyone.
  app.get<{ Params: { token: string }; Querystring: { d?: string } }>('/unsubscribe/:token', async (request, reply) => {
    const target = unsubscribeTarget(request.params.token);
    const rows = target ? await unsubscribeTargets(database.db, target) : undefined;
    if (!rows) return invalidLink(request, reply, '该退订链接无效。请使用邮件中的完整链接，或登录后在“我的订阅”中退订。');
    const d = parseId(request.query.d);
    return reply.page(frame(request, '退订', (
      <>
        <h1>退订</h1>
        {rows.length === 0 ? <p>没有需要退订的内容：您已经退订。</p> : (
          <>
            <p>确认后，以下订阅将不再向您推送：</p>
            <ul>{rows.map((r) => <li key={r.id}>{describeSubscription(r)}</li>)}</ul>
            <Form action={`/unsubscribe/${encodeURIComponent(request.params.token)}${d ? `?d=${d}` : ''}`} csrfToken={request.csrfToken()} label="退订">
              <button class="button" type="submit">确认退订</button>
            </Form>
          </>
        )}
      </>
    )));
  });

  /*
   * The only CSRF exemption: RFC 8058 one-click unsubscribe is POSTed by the mail provider with the
   * body `List-Unsubscribe=One-Click` and no session or token of ours. The signed token in the URL is
   * the proof, so a forged cross-site post could only do what the link's holder can do anyway.
   */
  app.post<{ Params: { token: string }; Querystring: { d?: string } }>('/unsubscribe/:token', oneClick, async (request, reply) => {
    const target = unsubscribeTarget(request.params.token);
    const outcome = target ? await unsubscribe(database, target, parseId(request.query.d)) : undefined;
    if (!outcome?.ok) return invalidLink(request, reply, '该退订链接无效。请使用邮件中的完整链接，或登录后在“我的订阅”中退订。');
    return reply.page(frame(request, '已退订', (
      <>
        <h1>已退订</h1>
        <Notice kind="success">{outcome.value.ended ? `已退订 ${outcome.value.ended} 项订阅，今后不再向您推送相应内容。` : '您已经退订，无需重复操作。'}</Notice>
        <p><a href="/subscribe">重新订阅</a></p>
      </>
    )));
  });
}
