import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { consolePage } from '../../app/console-page.js';
import { requirePlatformAdmin, requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { fieldErrors } from '../../platform/outcome.js';
import { ErrorSummary, Form, Notice, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { siteAddSchema, siteFooterSchema } from '../sites/sites.schemas.js';
import { addSite, updateSiteSettings } from '../sites/sites.service.js';

const labels: Record<string, string> = {
  slug: '站点代号', name: '站点名称', hosts: '域名', 'footer.sponsor': '主办单位', 'footer.siteCode': '网站标识码', 'footer.icp': 'ICP 备案号',
  'footer.psb': '公安机关备案号', 'footer.phone': '联系电话', 'footer.address': '地址', 'footer.email': '电子邮箱',
};

const settingsSchema = z.object({
  name: siteAddSchema.shape.name,
  hosts: z.string().trim().transform((s) => s.split(/[,\s，]+/).map((h) => h.toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, '域名格式不正确'))),
  footer: siteFooterSchema,
});

/** Flat form fields (footer.sponsor …) ⇄ the nested shape the schemas expect. */
function nest(body: Values) {
  const footer: Record<string, unknown> = {};
  const top: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k.startsWith('footer.')) footer[k.slice(7)] = v;
    else top[k] = v;
  }
  return { ...top, footer };
}

function SiteFields(props: { values: Values; errors: Errors; withSlug: boolean }) {
  const { values, errors } = props;
  return (
    <>
      {props.withSlug ? <TextField name="slug" label={labels.slug!} values={values} errors={errors} required hint="小写字母开头，如 pudong" maxLength={32} /> : null}
      <TextField name="name" label={labels.name!} values={values} errors={errors} required maxLength={100} />
      <TextField name="hosts" label={labels.hosts!} values={values} errors={errors} required={props.withSlug} hint="一个或多个域名，以逗号分隔，如 ghzyj.sh.gov.cn" maxLength={500} />
      {(['sponsor', 'siteCode', 'icp', 'psb', 'phone', 'address', 'email'] as const).map((f) => (
        <TextField key={f} name={`footer.${f}`} label={labels[`footer.${f}`]!} values={values} errors={errors} required={f !== 'email'} maxLength={200} />
      ))}
    </>
  );
}

export function siteConsoleRoutes(app: FastifyInstance, services: Services) {
  const settingsPage = (request: FastifyRequest, values: Values, errors: Errors, saved = false) =>
    consolePage(request, '站点设置', (
      <>
        {saved ? <Notice kind="success">已保存。门户页面将在一分钟内更新。</Notice> : null}
        <ErrorSummary errors={errors} labels={labels} />
        <Form action="/console/site" csrfToken={request.csrfToken()} class="form-narrow" label="站点设置">
          <SiteFields values={values} errors={errors} withSlug={false} />
          <button class="button" type="submit">保存</button>
        </Form>
      </>
    ));

  const currentValues = (request: FastifyRequest): Values => {
    const values: Values = { name: request.site.name, hosts: request.site.hosts.join(', ') };
    for (const [k, v] of Object.entries(request.site.footer)) values[`footer.${k}`] = v;
    return values;
  };

  app.get<{ Querystring: { saved?: string } }>('/console/site', async (request, reply) => {
    requireStaff(request, ['admin']);
    return reply.page(settingsPage(request, currentValues(request), {}, !!request.query.saved));
  });

  app.post('/console/site', async (request, reply) => {
    requireStaff(request, ['admin']);
    const body = (request.body ?? {}) as Values;
    const parsed = settingsSchema.safeParse(nest(body));
    if (!parsed.success) return reply.page(settingsPage(request, body, fieldErrors(parsed.error.issues)), 422);
    const outcome = await updateSiteSettings(services.database, request.site.id, parsed.data, request.auditActor());
    if (!outcome.ok) return reply.page(settingsPage(request, body, outcome.errors), 422);
    await services.sites.refresh();
    return reply.redirect('/console/site?saved=1', 303);
  });

  const sitesPage = (request: FastifyRequest, values: Values, errors: Errors, saved = false) =>
    consolePage(request, '站点群管理', (
      <>
        {saved ? <Notice kind="success">站点已创建。</Notice> : null}
        <table class="data">
          <thead><tr><th>代号</th><th>名称</th><th>域名</th><th>默认站点</th></tr></thead>
          <tbody>
            {services.sites.all().map((s) => (
              <tr key={s.id}><td>{s.slug}</td><td>{s.name}</td><td>{s.hosts.join(', ') || '（任意）'}</td><td>{s.isDefault ? '是' : ''}</td></tr>
            ))}
          </tbody>
        </table>
        <h2>新建站点</h2>
        <ErrorSummary errors={errors} labels={labels} />
        <Form action="/console/sites" csrfToken={request.csrfToken()} class="form-narrow" label="新建站点">
          <SiteFields values={values} errors={errors} withSlug />
          <button class="button" type="submit">创建站点</button>
        </Form>
      </>
    ));

  app.get<{ Querystring: { saved?: string } }>('/console/sites', async (request, reply) => {
    requirePlatformAdmin(request);
    return reply.page(sitesPage(request, {}, {}, !!request.query.saved));
  });

  app.post('/console/sites', async (request, reply) => {
    requirePlatformAdmin(request);
    const body = (request.body ?? {}) as Values;
    const outcome = await addSite(services.database, nest(body) as never, request.auditActor());
    if (!outcome.ok) return reply.page(sitesPage(request, body, outcome.errors), 422);
    await services.sites.refresh();
    return reply.redirect('/console/sites?saved=1', 303);
  });
}
