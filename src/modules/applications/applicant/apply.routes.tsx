import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { requirePublicUser } from '../../../app/guards.js';
import { portalPage } from '../../../app/portal-page.js';
import type { Services } from '../../../app/services.js';
import { forbidden, notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import type { Errors, Values } from '../../../platform/views/forms.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import { textFields, uploadOf } from '../../documents/console/multipart.js';
import { applicantColumns, orgTypeColumn } from '../applications.vocabulary.js';
import { caseForApplicant } from '../cases/applicant.service.js';
import { loadCaseRules } from '../cases/case-rules.js';
import * as cases from '../cases/cases.store.js';
import { caseContext } from '../cases/context.js';
import { submitOnline } from '../cases/intake.service.js';
import { shanghaiDate } from '../clock/receipt.js';
import { applyFields, checkApplyForm, RESIDENT_ID, type ApplyValues } from './apply.form.js';
import { Acknowledgement, ApplyPage, SignInFirst, type Applicant } from './apply.views.js';
import { checkUpload, storeCaseFile, type CheckedUpload } from './files.js';
import { GuidePage } from './guide.view.js';

const crumbs = (label: string, parent = true) => [{ label: '政府信息公开', href: '/column/xxgk' }, ...(parent ? [{ label: '依申请公开', href: '/apply/guide' }] : []), { label }];

function page(request: FastifyRequest, title: string, children: ComponentChildren, parent = true) {
  return portalPage(request, { title, activeColumn: 'xxgk', crumbs: crumbs(title, parent) }, children);
}

/** Staff have the console's own intake; only public accounts apply here. */
function publicApplicant(request: FastifyRequest): Viewer | undefined {
  const viewer = request.viewer;
  if (!viewer) return undefined;
  if (viewer.kind === 'staff') throw forbidden('工作人员账号请在管理后台“登记申请”；在线申请供个人和法人账号使用。');
  return viewer;
}

async function applicantOf(services: Services, viewer: Viewer): Promise<Applicant & { creditCode: string | null }> {
  const account = await cases.findApplicantAccount(services.database.db, viewer.id);
  const kind = viewer.kind === 'organization' ? 'organization' : 'person';
  const typeLabel = kind === 'person' ? applicantColumns.person : `法人或其他组织（${applicantColumns[orgTypeColumn[viewer.orgType ?? ''] ?? 'other_org']}）`;
  return { kind, name: account?.name ?? viewer.name, typeLabel, creditCode: account?.credit_code ?? null };
}

export function applyRoutes(app: FastifyInstance, services: Services) {
  const db = services.database.db;

  const form = async (request: FastifyRequest, reply: FastifyReply, viewer: Viewer, values: Values, errors: Errors) => {
    const applicant = await applicantOf(services, viewer);
    const body = <ApplyPage applicant={applicant} values={values} errors={errors} csrf={request.csrfToken()} />;
    return reply.page(page(request, '在线申请', body), Object.keys(errors).length ? 422 : 200);
  };

  app.get('/apply/guide', async (request, reply) => {
    const rules = await loadCaseRules(db);
    return reply.page(page(request, '依申请公开指南', <GuidePage site={request.site} rules={rules} />, false));
  });

  app.get('/apply', async (request, reply) => {
    const viewer = publicApplicant(request);
    if (!viewer) return reply.page(page(request, '在线申请', <SignInFirst agency={request.site.name} />));
    const applicant = await applicantOf(services, viewer);
    return form(request, reply, viewer, {
      idType: RESIDENT_ID,
      idNumber: applicant.kind === 'organization' ? (applicant.creditCode ?? '') : '',
      contactPhone: viewer.mobile ?? '',
      contactEmail: viewer.email ?? '',
      deliveryForm: '在线查看（个人空间）',
    }, {});
  });

  app.post('/apply', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const values = textFields(request.body, applyFields) as ApplyValues;
    const kind = viewer.kind === 'organization' ? 'organization' : 'person';
    const checked = checkApplyForm(kind, values);
    const errors: Errors = checked.ok ? {} : { ...checked.errors };
    const upload = uploadOf(request.body, 'idScan');
    let scan: CheckedUpload | undefined;
    if (upload) {
      const result = checkUpload(upload);
      if (typeof result === 'string') errors.idScan = result;
      else scan = result;
    }
    if (!checked.ok || Object.keys(errors).length) return form(request, reply, viewer, values, errors);

    const ctx = await caseContext(services);
    const outcome = await submitOnline(ctx, request.site.id, { id: viewer.id, ip: request.ip }, checked.input);
    if (!outcome.ok) return form(request, reply, viewer, values, outcome.errors);
    let scanFailed = false;
    if (scan) {
      try {
        await storeCaseFile(db, { dataDir: services.config.dataDir, secret: services.secret }, { caseId: outcome.value.id, kind: 'id_scan', upload: scan, createdBy: viewer.id });
      } catch (error) {
        // The application stands (it was received); the applicant is told to send the scan again.
        request.log.error({ err: error, caseId: outcome.value.id }, 'storing the ID scan failed');
        scanFailed = true;
      }
    }
    return reply.redirect(`/apply/received/${outcome.value.id}${scanFailed ? '?scan=failed' : ''}`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { scan?: string } }>('/apply/received/:id', async (request, reply) => {
    const viewer = requirePublicUser(request);
    const id = parseId(request.params.id);
    const c = id === undefined ? undefined : await caseForApplicant(db, viewer.id, id);
    if (!c || c.siteId !== request.site.id) throw notFound('该申请');
    const row = await cases.findCase(db, c.id);
    const rules = await loadCaseRules(db);
    let submittedOn = c.receivedOn;
    try {
      if (row) submittedOn = shanghaiDate(row.submitted_at);
    } catch {
      // A stored time without an offset: the receipt date stands in.
    }
    const ack = <Acknowledgement number={c.number} submittedOn={submittedOn} receivedOn={c.receivedOn} dueOn={c.dueOn} replyDays={rules.clock.replyDays} caseId={c.id} scanFailed={request.query.scan === 'failed'} />;
    return reply.page(page(request, '申请已提交', ack));
  });
}
