import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requirePublicUser } from '../../../app/guards.js';
import type { Services } from '../../../app/services.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import type { Outcome } from '../../../platform/outcome.js';
import type { Errors } from '../../../platform/views/forms.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import { contentDisposition } from '../../documents/attachments.service.js';
import { textFields, uploadOf } from '../../documents/console/multipart.js';
import { spacePage } from '../../space/space.routes.js';
import { confirmPaymentOnline, submitCorrectionOnline } from '../cases/applicant.service.js';
import { caseContext } from '../cases/context.js';
import { checkUpload, fileForApplicant, readCaseFile, storeCaseFile, type CaseFileKind, type CheckedUpload } from './files.js';
import { loadApplicantCase, listForApplicant } from './space.data.js';
import { CaseDetail, CaseList, type FormState } from './space.views.js';

/**
 * 我的申请 in the personal / enterprise space: the viewer's own cases only (anyone else's is a
 * 404, as is a file not sent to the applicant), and the 补正 and payment forms.
 */

type Params = { Params: { id: string } };
const MAX_TEXT = 5000;
const REFERENCE = /^[0-9A-Za-z_-]{4,64}$/;

export function applicantSpaceRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;
  const storage = { dataDir: services.config.dataDir, secret: services.secret };

  async function ownCase(request: FastifyRequest) {
    const viewer = requirePublicUser(request);
    const id = parseId((request.params as Record<string, unknown> | undefined)?.id);
    const data = id === undefined ? undefined : await loadApplicantCase(services, viewer.id, request.site.id, id);
    if (!data) throw notFound('该申请');
    return { viewer, data };
  }

  async function render(request: FastifyRequest, reply: FastifyReply, state?: FormState) {
    const { data } = await ownCase(request);
    const doneKey = (request.query as Record<string, unknown> | undefined)?.done;
    const body = <CaseDetail data={data} csrf={request.csrfToken()} state={state} done={!state && typeof doneKey === 'string' ? doneKey : undefined} />;
    return reply.page(spacePage(request, `申请 ${data.c.number}`, body), state ? 422 : 200);
  }

  /** The file of a form field, checked; a problem is added to `errors`. */
  function fileOf(request: FastifyRequest, field: string, errors: Errors): CheckedUpload | undefined {
    const upload = uploadOf(request.body, field);
    if (!upload) return undefined;
    const checked = checkUpload(upload);
    if (typeof checked === 'string') errors[field] = checked;
    else return checked;
    return undefined;
  }

  /** Runs the applicant's command, then keeps the file with the case; back to the case page. */
  async function finish(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, caseId: number, form: FormState['form'], run: () => Promise<Outcome<unknown>>, file?: { kind: CaseFileKind; upload: CheckedUpload }) {
    const outcome = await run();
    if (!outcome.ok) return render(request, reply, { form, values: textFields(request.body), errors: outcome.errors });
    if (file) {
      try {
        await storeCaseFile(db, storage, { caseId, kind: file.kind, upload: file.upload, createdBy: viewer.id });
      } catch (error) {
        request.log.error({ err: error, caseId }, 'storing the applicant file failed');
      }
    }
    return reply.redirect(`/space/applications/${caseId}?done=${form}`, 303);
  }

  app.get('/space/applications', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const items = await listForApplicant(services, viewer.id, request.site.id);
    return reply.page(spacePage(request, '我的申请', <CaseList items={items} />));
  });

  app.get<Params>('/space/applications/:id', async (request, reply) => render(request, reply));

  app.post<Params>('/space/applications/:id/correction', async (request, reply) => {
    const { viewer, data } = await ownCase(request);
    const values = textFields(request.body, ['text']);
    const errors: Errors = {};
    const text = (values.text ?? '').trim();
    if (text.length < 2 || text.length > MAX_TEXT) errors.text = `请填写补正内容（2–${MAX_TEXT} 字）`;
    const upload = fileOf(request, 'file', errors);
    if (!data.c.canCorrect) errors[''] = '该申请当前不需要补正，或补正期限已过。';
    if (Object.keys(errors).length) return render(request, reply, { form: 'correction', values, errors });
    const ctx = await caseContext(services);
    const account = { id: viewer.id, name: viewer.name, ip: request.ip };
    return finish(request, reply, viewer, data.c.id, 'correction', () => submitCorrectionOnline(ctx, account, data.c.id, { text }), upload && { kind: 'correction', upload });
  });

  app.post<Params>('/space/applications/:id/payment', async (request, reply) => {
    const { viewer, data } = await ownCase(request);
    const values = textFields(request.body, ['reference']);
    const errors: Errors = {};
    const reference = (values.reference ?? '').trim();
    const receipt = fileOf(request, 'receipt', errors);
    if (reference && !REFERENCE.test(reference)) errors.reference = '交易流水号应为 4–64 位字母或数字';
    if (!reference && !receipt && !errors.receipt) errors.reference = '请填写交易流水号，或上传缴费凭证';
    if (!data.c.canConfirmPayment) errors[''] = '该申请当前不需要缴费。';
    if (Object.keys(errors).length) return render(request, reply, { form: 'payment', values, errors });
    const ctx = await caseContext(services);
    const account = { id: viewer.id, name: viewer.name, ip: request.ip };
    const note = `申请人在线确认已缴费${reference ? `，交易流水号 ${reference}` : ''}${receipt ? '，已上传缴费凭证' : ''}`;
    return finish(request, reply, viewer, data.c.id, 'payment', () => confirmPaymentOnline(ctx, account, data.c.id, { note }), receipt && { kind: 'attachment', upload: receipt });
  });

  app.get<{ Params: { id: string; fid: string } }>('/space/applications/:id/files/:fid', async (request, reply) => {
    const { data } = await ownCase(request);
    const fileId = parseId(request.params.fid);
    const row = fileId === undefined ? undefined : await fileForApplicant(db, data.c.id, fileId);
    const bytes = row ? await readCaseFile(storage.dataDir, storage.secret, row) : undefined;
    if (!row || !bytes) throw notFound('该文件');
    return reply
      .header('content-type', row.content_type)
      .header('content-disposition', contentDisposition(row.filename))
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });
}
