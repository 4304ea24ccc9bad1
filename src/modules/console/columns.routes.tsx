import type { FastifyInstance, FastifyRequest } from 'fastify';
import { consolePage } from '../../app/console-page.js';
import { requireStaff } from '../../app/guards.js';
import type { Services } from '../../app/services.js';
import { ErrorSummary, Form, Notice, TextArea, TextField, type Errors, type Values } from '../../platform/views/forms.js';
import { parseColumnsForm, columnsToForm, MAX_COLUMNS } from '../sites/columns-form.js';
import { updateSiteColumns } from '../sites/sites.service.js';

/** 栏目设置: each site's own top-level portal columns and their sections. */
export function columnRoutes(app: FastifyInstance, services: Services) {
  const page = (request: FastifyRequest, values: Values, errors: Errors, saved = false) => {
    const count = Math.min(MAX_COLUMNS, Object.keys(values).filter((k) => /^c\d+\.title$/.test(k)).length + 1);
    return consolePage(request, '栏目设置', (
      <>
        {saved ? <Notice kind="success">栏目已保存，门户页面已更新。</Notice> : null}
        <p class="meta">每个栏目一组。清空“栏目名称”即删除该栏目；最后一组空白用于新增栏目。栏目下的分栏每行一个，格式为“分栏名称：说明”。</p>
        <ErrorSummary errors={errors} labels={{}} />
        <Form action="/console/site/columns" csrfToken={request.csrfToken()} label="栏目设置">
          {Array.from({ length: count }, (_, i) => (
            <fieldset class="panel" key={i}>
              <legend>栏目 {i + 1}</legend>
              <TextField name={`c${i}.title`} label="栏目名称" values={values} errors={errors} maxLength={20} />
              <TextField name={`c${i}.slug`} label="栏目代号（网址）" values={values} errors={errors} hint="小写字母开头，如 xxgk；网址为 /column/代号" maxLength={32} />
              <TextField name={`c${i}.description`} label="栏目说明" values={values} errors={errors} maxLength={200} />
              <TextArea name={`c${i}.sections`} label="分栏" values={values} errors={errors} rows={4} maxLength={4000} />
            </fieldset>
          ))}
          <button class="button" type="submit">保存栏目</button>
        </Form>
      </>
    ));
  };

  app.get<{ Querystring: { saved?: string } }>('/console/site/columns', async (request, reply) => {
    requireStaff(request, ['admin']);
    return reply.page(page(request, columnsToForm(request.site.columns), {}, !!request.query.saved));
  });

  app.post('/console/site/columns', async (request, reply) => {
    requireStaff(request, ['admin']);
    const body = (request.body ?? {}) as Values;
    const parsed = parseColumnsForm(body);
    if (!parsed.ok) return reply.page(page(request, body, parsed.errors), 422);
    await updateSiteColumns(services.database, request.site.id, parsed.value, request.auditActor());
    await services.sites.refresh();
    return reply.redirect('/console/site/columns?saved=1', 303);
  });
}
