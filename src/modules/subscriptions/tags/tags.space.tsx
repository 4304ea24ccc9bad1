import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePublicUser } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { ErrorSummary, Form, Notice, type Errors } from '../../../platform/views/forms.js';
import { spacePage } from '../../space/space.routes.js';
import { accountTagIds, saveAccountTags, tagVocabulary } from './tags.service.js';
import { chosenValues, TagPicker } from './tag-picker.js';

/** /space/tags (我的标签): the tags that describe a person or organisation, the audience of 精准推送. */
export function tagSpaceRoutes(app: FastifyInstance, services: Services) {
  const database = services.database;

  const page = async (request: FastifyRequest, chosen: Set<string>, errors: Errors, saved = false) => {
    const tags = await tagVocabulary(database.db, request.site.id);
    return spacePage(request, '我的标签', (
      <>
        <h1>我的标签</h1>
        {saved ? <Notice kind="success">已保存。</Notice> : null}
        <p class="lede">选择符合您（或贵单位）情况的行业、企业规模、所在区域和人群类别。有针对这些对象的政策时，我们会把它推送到您的消息中心。标签只用于政策推送，不对外公开。</p>
        <ErrorSummary errors={errors} labels={{ tags: '我的标签' }} />
        <Form action="/space/tags" csrfToken={request.csrfToken()} label="我的标签">
          <TagPicker name="tags" legend="适用于我的标签" tags={tags} by="id" chosen={chosen} error={errors.tags} />
          <div class="actions"><button class="button" type="submit">保存</button></div>
        </Form>
      </>
    ));
  };

  app.get<{ Querystring: { saved?: string } }>('/space/tags', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const ids = await accountTagIds(database.db, request.site.id, viewer.id);
    return reply.page(await page(request, new Set(ids.map(String)), {}, Boolean(request.query.saved)));
  });

  app.post('/space/tags', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const raw = ((request.body ?? {}) as Record<string, unknown>).tags;
    const outcome = await saveAccountTags(database, request.site.id, viewer.id, chosenValues(raw), request.auditActor());
    if (!outcome.ok) return reply.page(await page(request, new Set(chosenValues(raw)), outcome.errors), 422);
    return reply.redirect('/space/tags?saved=1', 303);
  });
}
