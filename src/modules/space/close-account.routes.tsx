import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePublicUser } from '../../app/guards.js';
import { portalPage } from '../../app/portal-page.js';
import { SESSION_COOKIE } from '../../app/request-context.js';
import type { Services } from '../../app/services.js';
import type { Errors, Values } from '../../platform/views/forms.js';
import { closeAccount, closeNeedsPassword, openApplicationsOf } from '../accounts/close-account.service.js';
import { AccountClosedPage, CloseAccountPage, type OpenApplicationView } from './close-account.views.js';
import { spacePage } from './space.routes.js';

/** 注销账号: /space/close explains and asks for proof; /account-closed is where the closed visitor lands. */
export function closeAccountRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const strict = { config: { rateLimit: { max: services.config.rateLimit.authPerMinute, timeWindow: '1 minute' } } };

  async function render(request: FastifyRequest, values: Values, errors: Errors) {
    const viewer = requirePublicUser(request);
    const rows = await openApplicationsOf(db, viewer.id);
    const applications: OpenApplicationView[] = rows.map((r) => {
      const site = services.sites.byId(r.site_id);
      const footer = site?.footer;
      return {
        number: r.number, siteName: site?.name ?? '', receivedOn: r.received_on, dueOn: r.due_on, deliveryForm: r.delivery_form, contactEmail: r.contact_email,
        contact: [footer?.phone ? `电话 ${footer.phone}` : '', footer?.address ?? ''].filter(Boolean).join('，') || '见网站页面底部',
      };
    });
    const needsPassword = await closeNeedsPassword(db, viewer.id);
    return spacePage(request, '注销账号', <CloseAccountPage csrfToken={request.csrfToken()} needsPassword={needsPassword} applications={applications} values={values} errors={errors} />, { label: '账号资料', href: '/space/profile' });
  }

  app.get('/space/close', async (request, reply) => reply.page(await render(request, {}, {})));

  app.post('/space/close', strict, async (request, reply) => {
    const viewer = requirePublicUser(request);
    const body = (request.body ?? {}) as Values;
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const outcome = await closeAccount(
      services.database,
      { accountId: viewer.id, password: text('password').slice(0, 200), confirmWords: text('confirmWords').slice(0, 20), acknowledged: text('acknowledge') === 'on' },
      request.auditActor(),
      services.config.login,
    );
    if (!outcome.ok) return reply.page(await render(request, { confirmWords: text('confirmWords'), acknowledge: text('acknowledge') }, outcome.errors), 422);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/account-closed', 303);
  });

  app.get('/account-closed', async (request, reply) =>
    reply.page(portalPage(request, { title: '账号已注销', crumbs: [{ label: '账号已注销' }] }, <AccountClosedPage />)),
  );
}
