import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { requirePublicUser } from '../../app/guards.js';
import { portalPage } from '../../app/portal-page.js';
import type { Services } from '../../app/services.js';
import { notFound } from '../../platform/http/errors.js';
import { parseId } from '../../platform/http/ids.js';
import { fieldErrors } from '../../platform/outcome.js';
import { ErrorSummary, Form, Notice, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { changePasswordSchema, profileSchema } from '../accounts/accounts.schemas.js';
import * as accounts from '../accounts/accounts.service.js';
import { ChangePasswordForm } from '../accounts/password-form.js';
import { accountKinds } from '../accounts/roles.js';
import { closeAccountRoutes } from './close-account.routes.js';
import * as inbox from './inbox.store.js';
import { PushRatingForm, pushRatingFor } from '../subscriptions/push/index.js';

const spaceNav = [
  { href: '/space', label: '空间首页' },
  { href: '/space/inbox', label: '消息中心' },
  { href: '/space/documents', label: '定向公开文件' },
  { href: '/space/applications', label: '我的申请' },
  { href: '/space/messages', label: '我的留言' },
  { href: '/space/subscriptions', label: '我的订阅' },
  { href: '/space/relay', label: '政策知识点' },
  { href: '/space/tags', label: '我的标签' },
  { href: '/space/webhooks', label: '推送接口', orgOnly: true },
  { href: '/space/profile', label: '账号资料' },
  { href: '/space/password', label: '修改密码' },
];

/** `parent`: a space page between 空间首页 and this one in the breadcrumb (e.g. 消息中心 for a message). */
export function spacePage(request: FastifyRequest, title: string, children: ComponentChildren, parent?: { label: string; href: string }) {
  const viewer = request.viewer!;
  const path = request.url.split('?')[0];
  const spaceName = viewer.kind === 'organization' ? '企业专属空间' : '个人专属空间';
  const crumbs = path === '/space' ? [{ label: spaceName }] : [{ label: spaceName, href: '/space' }, ...(parent ? [parent] : []), { label: title }];
  return portalPage(request, { title, crumbs }, (
    <div class="space-layout">
      <nav class="space-nav" aria-label={spaceName}>
        <p><strong>{viewer.name}</strong><br /><span class="meta">{accountKinds[viewer.kind]}{viewer.orgType ? ` · ${viewer.orgType}` : ''}</span></p>
        <ul>
          {spaceNav.filter((n) => !('orgOnly' in n) || viewer.kind === 'organization').map((n) => (
            <li key={n.href}><a href={n.href} aria-current={path === n.href ? 'page' : undefined}>{n.label}</a></li>
          ))}
        </ul>
        <form method="post" action="/logout">
          <input type="hidden" name="_csrf" value={request.csrfToken()} />
          <button class="button button-secondary" type="submit">退出登录</button>
        </form>
      </nav>
      <div>{children}</div>
    </div>
  ));
}

const fmt = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);

export function spaceRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;

  app.get<{ Querystring: { welcome?: string } }>('/space', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const [unread, latest] = await Promise.all([inbox.countUnread(db, viewer.id), inbox.listInbox(db, viewer.id, 5)]);
    return reply.page(spacePage(request, viewer.kind === 'organization' ? '企业专属空间' : '个人专属空间', (
      <>
        <h1>{viewer.name}，您好</h1>
        {request.query.welcome ? <Notice kind="success">注册成功，欢迎使用。</Notice> : null}
        <div class="stats">
          <div class="stat"><strong>{unread}</strong>未读消息</div>
        </div>
        <section class="panel">
          <h2>最新消息</h2>
          {latest.length === 0 ? <p class="empty">暂无消息。</p> : (
            <ul>{latest.map((m) => <li key={m.id} class={m.read_at ? '' : 'unread'}><a href={`/space/inbox/${m.id}`}>{m.title}</a> <span class="meta">{fmt(m.created_at)}</span></li>)}</ul>
          )}
          <p><a href="/space/inbox">查看全部消息</a></p>
        </section>
        <div class="home-grid">
          <section class="panel"><h2>我的申请</h2><p>在线提交的政府信息公开申请及办理进度。</p><p><a href="/space/applications">查看</a></p></section>
          <section class="panel"><h2>我的留言</h2><p>对政策文件的咨询、评价与建议及其答复。</p><p><a href="/space/messages">查看</a></p></section>
          <section class="panel"><h2>我的订阅</h2><p>按主题、标签或发文机关订阅政策推送。</p><p><a href="/space/subscriptions">查看</a></p></section>
        </div>
      </>
    )));
  });

  app.get('/space/inbox', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const messages = await inbox.listInbox(db, viewer.id, 200);
    return reply.page(spacePage(request, '消息中心', (
      <>
        <h1>消息中心</h1>
        {messages.length === 0 ? <p class="empty">暂无消息。</p> : (
          <div class="table-wrap" role="region" aria-labelledby="inbox-caption" tabIndex={0}>
            <table class="data">
              <caption id="inbox-caption" class="visually-hidden">消息列表（{messages.length} 条，最新的在前）</caption>
              <thead><tr><th scope="col" class="col-wide">标题</th><th scope="col" class="nowrap">类别</th><th scope="col" class="nowrap">时间</th><th scope="col" class="nowrap">状态</th></tr></thead>
              <tbody>
                {messages.map((m) => (
                  <tr key={m.id} class={m.read_at ? '' : 'unread'}>
                    <td><a href={`/space/inbox/${m.id}`}>{m.title}</a></td><td>{m.category}</td><td class="nowrap">{fmt(m.created_at)}</td><td>{m.read_at ? '已读' : '未读'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    )));
  });

  app.get<{ Params: { id: string } }>('/space/inbox/:id', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const id = parseId(request.params.id);
    const message = id ? await inbox.findOwnMessage(db, viewer.id, id) : undefined;
    if (!message) throw notFound('该消息');
    await inbox.markRead(db, viewer.id, message.id);
    const rating = await pushRatingFor(db, viewer.id, message);
    return reply.page(spacePage(request, message.title, (
      <article>
        <h1>{message.title}</h1>
        <p class="meta">{message.category} · {fmt(message.created_at)}</p>
        {message.body.split('\n').map((line, i) => <p key={i}>{line}</p>)}
        {message.link && message.link.startsWith('/') ? <p><a href={message.link}>查看详情</a></p> : null}
        {rating ? <PushRatingForm {...rating} csrfToken={request.csrfToken()} /> : null}
        <p><a href="/space/inbox">返回消息中心</a></p>
      </article>
    ), { label: '消息中心', href: '/space/inbox' }));
  });

  const placeholders: Record<string, { title: string; text: string }> = {
    '/space/messages': { title: '我的留言', text: '您对政策文件的咨询、评价与建议，以及承办处室的答复，将显示在这里。' },
  };
  for (const [path, p] of Object.entries(placeholders)) {
    app.get(path, async (request, reply) => {
      requirePublicUser(request);
      return reply.page(spacePage(request, p.title, <><h1>{p.title}</h1><p>{p.text}</p><p class="empty">暂无记录。</p></>));
    });
  }

  const profileForm = (request: FastifyRequest, values: Values, errors: Errors, saved = false) =>
    spacePage(request, '账号资料', (
      <>
        <h1>账号资料</h1>
        {saved ? <Notice kind="success">已保存。</Notice> : null}
        <ErrorSummary errors={errors} labels={{ name: '名称', email: '电子邮箱', mobile: '手机号' }} />
        <Form action="/space/profile" csrfToken={request.csrfToken()} class="form-narrow" label="账号资料">
          <TextField name="name" label={request.viewer!.kind === 'organization' ? '单位名称' : '姓名'} values={values} errors={errors} required maxLength={100} />
          <TextField name="email" type="email" label="电子邮箱" values={values} errors={errors} hint="用于接收通知和找回密码" maxLength={254} />
          <TextField name="mobile" type="tel" label="手机号" values={values} errors={errors} maxLength={20} />
          <button class="button" type="submit">保存</button>
        </Form>
        <p><a href="/space/close">注销账号</a></p>
      </>
    ));

  app.get<{ Querystring: { saved?: string } }>('/space/profile', async (request, reply) => {
    const viewer = requirePublicUser(request);
    return reply.page(profileForm(request, { name: viewer.name, email: viewer.email ?? '', mobile: viewer.mobile ?? '' }, {}, !!request.query.saved));
  });

  app.post('/space/profile', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const body = (request.body ?? {}) as Values;
    const parsed = profileSchema.safeParse(body);
    if (!parsed.success) return reply.page(profileForm(request, body, fieldErrors(parsed.error.issues)), 422);
    const outcome = await accounts.updateProfile(services.database, viewer, parsed.data, request.ip);
    if (!outcome.ok) return reply.page(profileForm(request, body, outcome.errors), 422);
    return reply.redirect('/space/profile?saved=1', 303);
  });

  const passwordForm = (request: FastifyRequest, errors: Errors, saved = false) =>
    spacePage(request, '修改密码', <ChangePasswordForm action="/space/password" csrfToken={request.csrfToken()} errors={errors} saved={saved} heading="h1" />);

  app.get<{ Querystring: { saved?: string } }>('/space/password', async (request, reply) => {
    requirePublicUser(request);
    return reply.page(passwordForm(request, {}, !!request.query.saved));
  });

  app.post('/space/password', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const parsed = changePasswordSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.page(passwordForm(request, fieldErrors(parsed.error.issues)), 422);
    const outcome = await accounts.changePassword(services.database, viewer, parsed.data.current, parsed.data.password, request.ip);
    if (!outcome.ok) return reply.page(passwordForm(request, outcome.errors), 422);
    return reply.redirect('/space/password?saved=1', 303);
  });

  closeAccountRoutes(app, services);
}
