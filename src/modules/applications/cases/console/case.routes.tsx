import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consolePage } from '../../../../app/console-page.js';
import { invalid, type Outcome } from '../../../../platform/outcome.js';
import type { Viewer } from '../../../accounts/accounts.service.js';
import type { CaseRow } from '../cases.store.js';
import { caseContext, staffActor, type CaseActor, type CaseContext } from '../context.js';
import { assignCase, decideExtension, endConsultation, recordCorrection, requestCorrection, requestExtension, startConsultation } from '../handling.service.js';
import { closeCase, confirmPayment, isReplyType, replyToCase, sendFeeNotice, setLaterDate, withdrawCase } from '../outcome.service.js';
import { uploadOf } from '../../../documents/console/multipart.js';
import { addReleased, releasesRecords } from '../released.service.js';
import type { MoveResult } from '../runner.js';
import { actionSlugs, slugRoles, staffAndCase, viewRoles, type ActionSlug, type ConsoleContext } from './access.js';
import { formLabels } from './actions.view.js';
import { loadCasePage } from './case.data.js';
import { CasePage } from './case.view.js';
import { fields, intField, type FormState } from './form.js';

type Run = (ctx: CaseContext, id: number, actor: CaseActor, v: Record<string, string>) => Promise<Outcome<MoveResult>>;
const need = (field: string, message: string) => invalid<MoveResult>({ [field]: message });

/** Each form's command: the form's strings in, the service's outcome out. */
const commands: Record<ActionSlug, Run> = {
  assign: (ctx, id, actor, v) => {
    const departmentId = intField(v.departmentId);
    return departmentId ? assignCase(ctx, id, actor, { departmentId, note: v.note }) : Promise.resolve(need('departmentId', '请选择承办处室'));
  },
  correction: (ctx, id, actor, v) => {
    const periodDays = intField(v.periodDays);
    if (periodDays === undefined) return Promise.resolve(need('periodDays', '请填写补正期限（工作日数）'));
    return requestCorrection(ctx, id, actor, { on: v.on!.trim(), items: v.items!.split(/\r?\n/), periodDays, note: v.note });
  },
  'correction-received': (ctx, id, actor, v) => recordCorrection(ctx, id, actor, { on: v.on!.trim(), note: v.note }),
  consultation: (ctx, id, actor, v) => startConsultation(ctx, id, actor, { on: v.on!.trim(), party: v.party!, note: v.note }),
  'consultation-end': (ctx, id, actor, v) => endConsultation(ctx, id, actor, { on: v.on!.trim(), note: v.note }),
  extension: (ctx, id, actor, v) => {
    const days = intField(v.days);
    return days ? requestExtension(ctx, id, actor, { days, reason: v.reason! }) : Promise.resolve(need('days', '请填写延期天数（工作日数）'));
  },
  'extension-decision': (ctx, id, actor, v) => {
    if (v.decision !== 'approve' && v.decision !== 'reject') return Promise.resolve(need('decision', '请选择审批意见'));
    const days = v.days?.trim() ? intField(v.days) : undefined;
    if (v.decision === 'approve' && v.days?.trim() && days === undefined) return Promise.resolve(need('days', '批准延期天数应为整数'));
    return decideExtension(ctx, id, actor, { approve: v.decision === 'approve', days, note: v.note });
  },
  fee: (ctx, id, actor, v) => {
    if (v.method === 'count') return sendFeeNotice(ctx, id, actor, { on: v.on!.trim(), method: 'count', note: v.note });
    if (v.method !== 'pages') return Promise.resolve(need('method', '请选择收费方式'));
    const pages = intField(v.pages);
    return pages ? sendFeeNotice(ctx, id, actor, { on: v.on!.trim(), method: 'pages', pages, note: v.note }) : Promise.resolve(need('pages', '按量计收请填写页数'));
  },
  'fee-paid': (ctx, id, actor, v) => confirmPayment(ctx, id, actor, { on: v.on!.trim(), note: v.note }),
  'later-date': (ctx, id, actor, v) => setLaterDate(ctx, id, actor, { on: v.on!.trim(), laterDueOn: v.laterDueOn!.trim(), reason: v.reason! }),
  reply: (ctx, id, actor, v) => replyToCase(ctx, id, actor, { on: v.on!.trim(), replyType: v.replyType!, note: v.note }),
  close: (ctx, id, actor, v) => closeCase(ctx, id, actor, { note: v.note }),
  withdraw: (ctx, id, actor, v) => withdrawCase(ctx, id, actor, { note: v.note }),
};

export async function renderCase(ctx: ConsoleContext, request: FastifyRequest, reply: FastifyReply, viewer: Viewer, c: CaseRow, state?: FormState) {
  const data = await loadCasePage(ctx, request, viewer, c);
  const doneKey = (request.query as Record<string, unknown> | undefined)?.done;
  const page = <CasePage data={data} csrf={request.csrfToken()} state={state} done={state ? undefined : typeof doneKey === 'string' ? doneKey : undefined} />;
  return reply.page(consolePage(request, `政府信息公开申请 ${c.number}`, page), state ? 422 : 200);
}

export function caseRoutes(app: FastifyInstance, ctx: ConsoleContext) {
  app.get('/console/applications/:id', async (request, reply) => {
    const { viewer, c } = await staffAndCase(ctx, request, viewRoles);
    return renderCase(ctx, request, reply, viewer, c);
  });

  for (const slug of Object.keys(actionSlugs) as ActionSlug[]) {
    app.post(`/console/applications/:id/${slug}`, async (request, reply) => {
      const { viewer, c } = await staffAndCase(ctx, request, slugRoles(slug));
      const values = fields(request.body, Object.keys(formLabels[slug]));
      const cctx = await caseContext(ctx.services, { hooks: ctx.hooks });
      const actor = staffActor(viewer, request.auditActor(), request.site.id);
      // A released record may come with the reply itself: kept (scanned, audited) first, then the reply is tried.
      const upload = slug === 'reply' ? uploadOf(request.body, 'file') : undefined;
      if (upload) {
        const replyType = values.replyType ?? '';
        const refused = isReplyType(replyType) && !releasesRecords(replyType) ? '所选答复类型不向申请人提供政府信息，不能随答复上传公开信息' : undefined;
        const stored = refused ? undefined : await addReleased(ctx.services.database, { dataDir: ctx.services.config.dataDir, secret: ctx.services.secret }, c.id, actor, upload);
        if (refused || (stored && !stored.ok)) {
          const errors = refused ? { file: refused } : stored && !stored.ok ? stored.errors : {};
          return renderCase(ctx, request, reply, viewer, c, { form: slug, values, errors });
        }
      }
      const outcome = await commands[slug](cctx, c.id, actor, values);
      if (!outcome.ok) return renderCase(ctx, request, reply, viewer, c, { form: slug, values, errors: outcome.errors });
      return reply.redirect(`/console/applications/${c.id}?done=${slug}#history`, 303);
    });
  }
}
