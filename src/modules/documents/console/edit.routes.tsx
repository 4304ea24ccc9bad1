import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { requireStaff } from '../../../app/guards.js';
import { parseId } from '../../../platform/http/ids.js';
import { fieldErrors } from '../../../platform/outcome.js';
import type { Errors, Values } from '../../../platform/views/forms.js';
import { docxToBodyHtml } from '../docx-import.js';
import { policyOptions } from '../documents.console-queries.js';
import { documentInputSchema } from '../documents.schemas.js';
import * as store from '../documents.store.js';
import type { DocumentRow } from '../documents.store.js';
import { createDraft, saveVersion } from '../editing.service.js';
import { access, actorOf, parseJsonList, staffAndDocument, termsOf, type ConsoleContext } from './context.js';
import { EditForm, editFieldNames } from './edit.view.js';
import { textFields, uploadOf } from './multipart.js';
import { chosenValues } from '../../subscriptions/tags/tag-picker.js';
import { tagVocabulary } from '../../subscriptions/tags/tags.service.js';

const lockedStatuses = new Set(['published', 'scheduled']);

/** The form's values for a saved document: the latest version, lists joined with 、. */
function valuesOf(doc: DocumentRow, bodyHtml: string): Values {
  return {
    type: doc.type, title: doc.title, docNumber: doc.doc_number ?? '', issuers: parseJsonList(doc.issuers).join('、'), theme: doc.theme ?? '',
    writtenOn: doc.written_on ?? '', effectiveOn: doc.effective_on ?? '', expiresOn: doc.expires_on ?? '', disclosureMethod: doc.disclosure_method,
    audienceTags: parseJsonList(doc.audience_tags).join('、'), needsInterpretation: doc.needs_interpretation ? 'on' : '', servicePolicy: doc.service_policy ? 'on' : '',
    interpretationForm: doc.interpretation_form ?? '', interpretsId: doc.interprets_id ? String(doc.interprets_id) : '', body: bodyHtml, note: '',
    expectedVersion: String(doc.current_version),
  };
}

/**
 * Reads the posted form: text fields, then an uploaded .docx (which replaces the body), then the
 * schema. Returns the values to show again and either the parsed input or the errors.
 */
async function readForm(request: FastifyRequest) {
  const values: Record<string, string> = textFields(request.body, editFieldNames);
  // The tag picker posts one checkbox per tag; textFields keeps only the first of a repeated field.
  values.audienceTags = chosenValues((request.body as Record<string, unknown> | undefined)?.audienceTags).join('、');
  const file = uploadOf(request.body, 'bodyFile');
  if (file) {
    const converted = await docxToBodyHtml(file);
    if (!converted.ok) return { values, errors: converted.errors } as const;
    values.body = converted.value;
  }
  const { disclosureMethod, ...rest } = values;
  const parsed = documentInputSchema.safeParse(disclosureMethod ? values : rest);
  if (!parsed.success) return { values, errors: fieldErrors(parsed.error.issues) } as const;
  return { values, input: parsed.data } as const;
}

export function editRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  const db = ctx.services.database.db;

  async function page(request: FastifyRequest, reply: FastifyReply, opts: { values: Values; errors: Errors; doc?: DocumentRow; status?: number }) {
    const policies = (await policyOptions(db, request.site.id)).filter((p) => p.id !== opts.doc?.id);
    const tags = await tagVocabulary(db, request.site.id);
    const warning = opts.doc && lockedStatuses.has(opts.doc.status) ? '该文件已发布或定时发布，不能直接修改：请先撤回，修改后重新送审。' : undefined;
    const title = opts.doc ? `编辑：${opts.doc.title}` : opts.values.type === 'interpretation' ? '新建政策解读' : '新建文件';
    const action = opts.doc ? `/console/documents/${opts.doc.id}/edit` : '/console/documents/new';
    return reply.page(
      consolePage(request, title, <EditForm action={action} csrfToken={request.csrfToken()} values={opts.values} errors={opts.errors} policies={policies} tags={tags} editing={Boolean(opts.doc)} warning={warning} />),
      opts.status ?? 200,
    );
  }

  app.get<{ Querystring: Record<string, string | undefined> }>('/console/documents/new', async (request, reply) => {
    requireStaff(request, access.edit);
    const type = request.query.type === 'interpretation' ? 'interpretation' : '';
    const interpretsId = parseId(request.query.interpretsId);
    const values: Values = { type, interpretsId: interpretsId ? String(interpretsId) : '', issuers: request.site.footer.sponsor, disclosureMethod: '政府网站' };
    if (type === 'interpretation' && interpretsId) {
      const policy = await store.findDocument(db, interpretsId);
      if (policy && policy.site_id === request.site.id) values.title = `《${policy.title}》政策解读`;
    }
    return page(request, reply, { values, errors: {} });
  });

  app.post('/console/documents/new', async (request, reply) => {
    const viewer = requireStaff(request, access.edit);
    const form = await readForm(request);
    if (!form.input) return page(request, reply, { values: form.values, errors: form.errors, status: 422 });
    const site = { id: request.site.id, siteCode: request.site.footer.siteCode };
    const outcome = await createDraft(ctx.services.database, site, form.input, actorOf(request, viewer), { terms: await termsOf(ctx, request) });
    if (!outcome.ok) return page(request, reply, { values: form.values, errors: outcome.errors, status: 422 });
    return reply.redirect(`/console/documents/${outcome.value}?done=created`, 303);
  });

  app.get('/console/documents/:id/edit', async (request, reply) => {
    const { doc } = await staffAndDocument(ctx, request, access.edit);
    const version = await store.findVersion(db, doc.id, doc.current_version);
    return page(request, reply, { values: valuesOf(doc, version?.body_html ?? ''), errors: {}, doc });
  });

  app.post('/console/documents/:id/edit', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.edit);
    const form = await readForm(request);
    if (!form.input) return page(request, reply, { values: form.values, errors: form.errors, doc, status: 422 });
    // Optimistic concurrency: the version the editor started from must still be the latest.
    const expectedVersion = parseId(form.values.expectedVersion) ?? -1;
    const outcome = await saveVersion(ctx.services.database, doc.id, form.input, actorOf(request, viewer), { terms: await termsOf(ctx, request), expectedVersion });
    if (!outcome.ok) return page(request, reply, { values: form.values, errors: outcome.errors, doc, status: 422 });
    return reply.redirect(`/console/documents/${doc.id}?done=saved`, 303);
  });
}
