import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { fieldErrors } from '../../../platform/outcome.js';
import { ErrorSummary, Form, Notice, TextField, type Errors, type Values } from '../../../platform/views/forms.js';
import { findSensitiveTerm, listSensitiveTerms } from '../documents.console-queries.js';
import { addSensitiveTerm, removeSensitiveTerm, sensitiveTermSchema } from '../sensitive-terms.service.js';
import { access, fmtTime, type ConsoleContext } from './context.js';
import { textFields } from './multipart.js';

const doneMessages: Record<string, string> = { added: '已添加敏感词。', removed: '已删除敏感词。' };

/** 敏感词管理: the site's own terms, checked by the scanner in every draft from the next save on. */
export function termRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  const database = ctx.services.database;

  async function page(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, status = 200) {
    const terms = await listSensitiveTerms(database.db, request.site.id);
    const csrf = request.csrfToken();
    const done = (request.query as Record<string, unknown>).done;
    return reply.page(consolePage(request, '敏感词管理', (
      <>
        {typeof done === 'string' && doneMessages[done] ? <Notice kind="success">{doneMessages[done]}</Notice> : null}
        <p class="lede">除身份证号、手机号、银行卡号、电子邮箱和密级标识外，文件的正文和附件还将检查下列敏感词。修改后，新保存的版本和新上传的附件按新列表检测。</p>
        <ErrorSummary errors={errors} labels={{ term: '敏感词' }} />
        <Form action="/console/sensitive-terms" csrfToken={csrf} label="添加敏感词" class="form-narrow">
          <TextField name="term" label="敏感词" values={values} errors={errors} required hint="2–50 个字；如内部项目代号、不宜公开的人名" maxLength={50} />
          <button type="submit" class="button">添加</button>
        </Form>
        <h2>已有敏感词（{terms.length}）</h2>
        {terms.length === 0 ? <p class="empty">尚未添加敏感词。</p> : (
          <div class="table-wrap">
            <table class="data">
              <thead><tr><th scope="col">敏感词</th><th scope="col">添加时间</th><th scope="col">操作</th></tr></thead>
              <tbody>
                {terms.map((t) => (
                  <tr key={t.id}>
                    <td>{t.term}</td>
                    <td>{fmtTime(t.created_at)}</td>
                    <td>
                      <form method="post" action={`/console/sensitive-terms/${t.id}/remove`} class="inline-form">
                        <input type="hidden" name="_csrf" value={csrf} />
                        <button type="submit" class="link-button">删除<span class="visually-hidden">敏感词“{t.term}”</span></button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>
    )), status);
  }

  app.get('/console/sensitive-terms', async (request, reply) => {
    requireStaff(request, access.terms);
    return page(request, reply, {}, {});
  });

  app.post('/console/sensitive-terms', async (request, reply) => {
    requireStaff(request, access.terms);
    const values = textFields(request.body, ['term']);
    const parsed = sensitiveTermSchema.safeParse(values);
    if (!parsed.success) return page(request, reply, values, fieldErrors(parsed.error.issues), 422);
    const outcome = await addSensitiveTerm(database, parsed.data.term, { ...request.auditActor(), siteId: request.site.id });
    if (!outcome.ok) return page(request, reply, values, outcome.errors, 422);
    return reply.redirect('/console/sensitive-terms?done=added', 303);
  });

  app.post('/console/sensitive-terms/:tid/remove', async (request, reply) => {
    requireStaff(request, access.terms);
    const id = parseId((request.params as Record<string, unknown>).tid);
    if (id === undefined || !(await findSensitiveTerm(database.db, request.site.id, id))) throw notFound('该敏感词');
    const outcome = await removeSensitiveTerm(database, id, { ...request.auditActor(), siteId: request.site.id });
    if (!outcome.ok) return page(request, reply, {}, outcome.errors, 422);
    return reply.redirect('/console/sensitive-terms?done=removed', 303);
  });
}
