import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import { fieldErrors } from '../../../platform/outcome.js';
import type { Errors } from '../../../platform/views/forms.js';
import { addAttachment, contentDisposition, openAttachmentFile, removeAttachment } from '../attachments.service.js';
import { findAttachment } from '../attachments.store.js';
import { documentsByDocNumber, findFinding } from '../documents.console-queries.js';
import { overrideSchema } from '../documents.schemas.js';
import * as store from '../documents.store.js';
import { relationKinds, type RelationKind } from '../documents.vocabulary.js';
import { maskBodyFinding, overrideFinding } from '../findings.service.js';
import { addRelation, removeRelation } from '../validity.service.js';
import { access, actorOf, staffAndDocument, termsOf, type ConsoleContext } from './context.js';
import { textFields, uploadOf } from './multipart.js';
import { renderWorkbench } from './workbench.routes.js';

const param = (request: FastifyRequest, name: string) => parseId((request.params as Record<string, unknown>)[name]);
const isRelationKind = (v: string): v is RelationKind => Object.hasOwn(relationKinds, v);

/** Findings (一键脱敏, 忽略), relations and attachments: the workbench's smaller commands. */
export function actionRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  const database = ctx.services.database;
  const back = (id: number, what: string, anchor: string) => `/console/documents/${id}?done=${what}#${anchor}`;

  async function finding(request: FastifyRequest, documentId: number) {
    const id = param(request, 'fid');
    const found = id === undefined ? undefined : await findFinding(database.db, documentId, id);
    if (!found) throw notFound('该检测结果');
    return found;
  }

  app.post('/console/documents/:id/findings/:fid/mask', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.edit);
    const f = await finding(request, doc.id);
    const outcome = await maskBodyFinding(database, f.id, actorOf(request, viewer), await termsOf(ctx, request));
    if (!outcome.ok) return renderWorkbench(ctx, request, reply, doc, viewer, { form: 'finding', values: {}, errors: outcome.errors });
    return reply.redirect(back(doc.id, 'masked', 's-findings'), 303);
  });

  app.post('/console/documents/:id/findings/:fid/override', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.override);
    const f = await finding(request, doc.id);
    const values = textFields(request.body, ['reason']);
    const fail = (errors: Errors) => renderWorkbench(ctx, request, reply, doc, viewer, { form: `override-${f.id}`, values, errors });
    const parsed = overrideSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error.issues));
    const outcome = await overrideFinding(database, f.id, parsed.data.reason, actorOf(request, viewer));
    if (!outcome.ok) return fail(outcome.errors);
    return reply.redirect(back(doc.id, 'overridden', 's-findings'), 303);
  });

  app.post('/console/documents/:id/relations', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.relations);
    const values = textFields(request.body, ['kind', 'target']);
    const fail = (errors: Errors) => renderWorkbench(ctx, request, reply, doc, viewer, { form: 'relation', values, errors });
    const kind = values.kind ?? '';
    const target = (values.target ?? '').trim();
    const errors: Errors = {};
    if (!isRelationKind(kind)) errors.kind = '请选择关系';
    if (!target) errors.target = '请填写关联文件的编号或文号';
    if (Object.keys(errors).length || !isRelationKind(kind)) return fail(errors);
    let toId: number | undefined;
    if (/^#?\d+$/.test(target)) {
      toId = parseId(target.replace(/^#/, ''));
    } else {
      const matches = await documentsByDocNumber(database.db, request.site.id, target);
      if (matches.length > 1) return fail({ target: '该文号对应多个文件，请改填文件编号' });
      toId = matches[0]?.id;
    }
    if (!toId) return fail({ target: '未找到该文件：请核对编号或文号' });
    const outcome = await addRelation(database, { fromId: doc.id, toId, kind }, actorOf(request, viewer), ctx.hooks);
    if (!outcome.ok) return fail(Object.fromEntries(Object.entries(outcome.errors).map(([k, v]) => [k === 'toId' ? 'target' : k, v])));
    return reply.redirect(back(doc.id, 'related', 's-relations'), 303);
  });

  app.post('/console/documents/:id/relations/remove', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.relations);
    const values = textFields(request.body, ['fromId', 'toId', 'kind']);
    const fromId = parseId(values.fromId);
    const toId = parseId(values.toId);
    const kind = values.kind ?? '';
    const existing = await store.relationsOf(database.db, doc.id);
    const relation = existing.find((r) => r.from_id === fromId && r.to_id === toId && r.kind === kind);
    if (!relation || !isRelationKind(kind)) return renderWorkbench(ctx, request, reply, doc, viewer, { form: 'relation-remove', values, errors: { '': '该关联不存在或已删除' } });
    const outcome = await removeRelation(database, { fromId: relation.from_id, toId: relation.to_id, kind }, actorOf(request, viewer));
    if (!outcome.ok) return renderWorkbench(ctx, request, reply, doc, viewer, { form: 'relation-remove', values, errors: outcome.errors });
    return reply.redirect(back(doc.id, 'unrelated', 's-relations'), 303);
  });

  app.post('/console/documents/:id/attachments', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.edit);
    const upload = uploadOf(request.body, 'file');
    const fail = (errors: Errors) => renderWorkbench(ctx, request, reply, doc, viewer, { form: 'attachment', values: {}, errors });
    if (!upload) return fail({ file: '请选择要上传的文件' });
    const outcome = await addAttachment(database, ctx.services.config.dataDir, doc.id, upload, actorOf(request, viewer), await termsOf(ctx, request));
    if (!outcome.ok) return fail(outcome.errors);
    return reply.redirect(back(doc.id, 'uploaded', 's-attachments'), 303);
  });

  app.post('/console/documents/:id/attachments/:aid/remove', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.edit);
    const aid = param(request, 'aid');
    if (aid === undefined || !(await findAttachment(database.db, doc.id, aid))) throw notFound('该附件');
    const outcome = await removeAttachment(database, doc.id, aid, actorOf(request, viewer), await termsOf(ctx, request));
    if (!outcome.ok) return renderWorkbench(ctx, request, reply, doc, viewer, { form: 'attachment-remove', values: {}, errors: outcome.errors });
    return reply.redirect(back(doc.id, 'removed', 's-attachments'), 303);
  });

  app.get('/console/documents/:id/attachments/:aid', async (request, reply) => {
    const { doc } = await staffAndDocument(ctx, request, access.library);
    const aid = param(request, 'aid');
    const row = aid === undefined ? undefined : await findAttachment(database.db, doc.id, aid);
    const file = row ? await openAttachmentFile(ctx.services.config.dataDir, row) : undefined;
    if (!row || !file) throw notFound('该附件');
    return reply
      .header('content-type', row.content_type)
      .header('content-length', String(file.size))
      .header('content-disposition', contentDisposition(row.filename))
      .header('cache-control', 'private, no-store')
      .send(file.stream);
  });
}
