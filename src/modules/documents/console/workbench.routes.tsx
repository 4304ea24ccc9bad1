import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consolePage } from '../../../app/console-page.js';
import { forbidden } from '../../../platform/http/errors.js';
import { fieldErrors } from '../../../platform/outcome.js';
import type { Errors } from '../../../platform/views/forms.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import { attributeDecisionSchema, reviewInputSchema, withdrawSchema, type AttributeDecision } from '../documents.schemas.js';
import * as store from '../documents.store.js';
import type { DocumentRow } from '../documents.store.js';
import { reviewSteps } from '../documents.vocabulary.js';
import { nextStep, publishDocument, reviewDocument, stepRoles, submitForReview, withdrawDocument } from '../workflow.service.js';
import { access, actorOf, holds, staffAndDocument, type ConsoleContext } from './context.js';
import { textFields } from './multipart.js';
import { loadWorkbench, type FormState } from './workbench.data.js';
import { Workbench } from './workbench.view.js';

/** Renders the workbench; with a state, it is the answer to a form posted with problems (422). */
export async function renderWorkbench(ctx: ConsoleContext, request: FastifyRequest, reply: FastifyReply, doc: DocumentRow, viewer: Viewer, state?: FormState) {
  const fresh = (await store.findDocument(ctx.services.database.db, doc.id)) ?? doc;
  const data = await loadWorkbench(ctx.services.database.db, fresh);
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return reply.page(
    consolePage(request, fresh.title, <Workbench data={data} viewer={viewer} csrf={request.csrfToken()} state={state} done={typeof done === 'string' ? done : undefined} />),
    state ? 422 : 200,
  );
}

const MINUTE = 60_000;

/** A datetime-local value read as Beijing time (UTC+8, no daylight saving). */
export function parseShanghaiLocal(value: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!m) return undefined;
  const at = new Date(`${m[1]}T${m[2]}:00+08:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export function workbenchRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  const database = ctx.services.database;
  const done = (doc: DocumentRow, what: string, anchor = 's-workflow') => `/console/documents/${doc.id}?done=${what}#${anchor}`;

  app.get('/console/documents/:id', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.library);
    return renderWorkbench(ctx, request, reply, doc, viewer);
  });

  app.post('/console/documents/:id/submit', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.edit);
    const outcome = await submitForReview(database, doc.id, actorOf(request, viewer));
    if (!outcome.ok) return renderWorkbench(ctx, request, reply, doc, viewer, { form: 'submit', values: {}, errors: outcome.errors });
    return reply.redirect(done(doc, 'submitted'), 303);
  });

  app.post('/console/documents/:id/review', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.review);
    const values = textFields(request.body, ['decision', 'comment', 'version', 'disclosure', 'reason', 'targeted', 'recipients']);
    const fail = (errors: Errors) => renderWorkbench(ctx, request, reply, doc, viewer, { form: 'review', values, errors });
    if (doc.status !== 'in_review') return fail({ '': '该文件不在审核中' });
    const step = nextStep(await store.listReviews(database.db, doc.id), doc.current_version);
    if (!step) return fail({ '': '该版本已完成全部审查' });
    // The form is not shown to these people; a forged post is refused outright.
    if (!holds(viewer, stepRoles[step])) throw forbidden(`您的角色不能进行“${reviewSteps[step]}”。`);
    const version = await store.findVersion(database.db, doc.id, doc.current_version);
    if (doc.owner_id === viewer.id || version?.created_by === viewer.id) throw forbidden('不能审查自己起草或修改的文件：先审查、后公开，须由他人审查。');
    const parsed = reviewInputSchema.safeParse(values);
    const errors: Errors = parsed.success ? {} : fieldErrors(parsed.error.issues);
    let attribute: AttributeDecision | undefined;
    if (step === 'attribute' && values.decision === 'approve') {
      const decided = attributeDecisionSchema.safeParse(values);
      if (decided.success) attribute = decided.data;
      else Object.assign(errors, fieldErrors(decided.error.issues));
    }
    if (errors.version) {
      delete errors.version;
      errors[''] = '页面已过期，请刷新后重新审查';
    }
    if (!parsed.success || Object.keys(errors).length) return fail(errors);
    const outcome = await reviewDocument(database, doc.id, { ...parsed.data, attribute }, actorOf(request, viewer));
    if (!outcome.ok) return fail(outcome.errors);
    return reply.redirect(done(doc, 'reviewed'), 303);
  });

  app.post('/console/documents/:id/publish', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.publish);
    const values = textFields(request.body, ['when', 'at']);
    const fail = (errors: Errors) => renderWorkbench(ctx, request, reply, doc, viewer, { form: 'publish', values, errors });
    let at: Date | undefined;
    if (values.when === 'schedule') {
      at = parseShanghaiLocal(values.at ?? '');
      if (!at) return fail({ at: '请填写定时发布时间（北京时间），如 2026-03-01 09:00' });
      if (at.getTime() <= Date.now() + MINUTE) return fail({ at: '定时发布时间须晚于当前时间' });
      if (at.getTime() > Date.now() + 366 * 24 * 60 * MINUTE) return fail({ at: '定时发布时间不能超过一年' });
    } else if (values.when !== 'now') {
      return fail({ when: '请选择立即发布或定时发布' });
    }
    const outcome = await publishDocument(database, doc.id, actorOf(request, viewer), { at, hooks: ctx.hooks });
    if (!outcome.ok) return fail(outcome.errors);
    return reply.redirect(done(doc, outcome.value), 303);
  });

  app.post('/console/documents/:id/withdraw', async (request, reply) => {
    const { viewer, doc } = await staffAndDocument(ctx, request, access.withdraw);
    const values = textFields(request.body, ['reason']);
    const fail = (errors: Errors) => renderWorkbench(ctx, request, reply, doc, viewer, { form: 'withdraw', values, errors });
    const parsed = withdrawSchema.safeParse(values);
    if (!parsed.success) return fail(fieldErrors(parsed.error.issues));
    const outcome = await withdrawDocument(database, doc.id, parsed.data.reason, actorOf(request, viewer), ctx.hooks);
    if (!outcome.ok) return fail(outcome.errors);
    return reply.redirect(done(doc, 'withdrawn'), 303);
  });
}
