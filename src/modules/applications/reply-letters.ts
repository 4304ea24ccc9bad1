import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.js';
import { storeCaseFile } from './applicant/index.js';
import { replyTypes, type ReplyType } from './applications.vocabulary.js';
import { applicationConsoleRoutes, type CaseHooks, type ReplyHook } from './cases/index.js';
import { parseData } from './cases/case-clock.js';
import { releasedFiles } from './cases/released.service.js';
import { feeBasisText } from './clock/index.js';
import { applicantCaseLink, noticeToApplicant } from './cases/notify.js';
import { DOCX_CONTENT_TYPE, renderCorrectionNotice, renderFeeNotice, renderReplyLetter, replyLetterDataFromCase, replyTemplateFor } from './replies/index.js';

/**
 * Joins the case services to the replies module: a reply makes the 答复告知书 (.docx, the site's
 * 答复口径 filled in), keeps it with the case for the applicant, and tells the applicant — all in
 * the reply's own transaction, so a reply never exists without its letter.
 */
export function replyLetterHook(services: Services): ReplyHook {
  return async (trx, reply) => {
    const replyType = reply.replyType as ReplyType;
    const site = services.sites.byId(reply.case.site_id) ?? services.sites.defaultSite()!;
    const template = await replyTemplateFor(trx, reply.case.site_id, replyType);
    // The released records the reply has just made the applicant's: listed in the letter's 公开信息清单.
    const released = (await releasedFiles(trx, reply.case.id)).filter((f) => f.to_applicant === 1);
    const where = reply.case.applicant_account_id !== null ? '可在个人空间下载' : `按“${reply.case.delivery_form}”方式提供`;
    const letter = await renderReplyLetter(
      replyLetterDataFromCase(reply.case, {
        replyType,
        replyDate: reply.repliedOn,
        agency: site.footer.sponsor.replace(/（示例）$/, ''),
        detail: reply.note,
        released: released.map((f) => ({ title: f.filename, note: where })),
      }),
      template,
    );
    await storeCaseFile(trx, { dataDir: services.config.dataDir, secret: services.secret }, {
      caseId: reply.case.id,
      kind: 'letter',
      upload: { filename: `政府信息公开申请答复告知书（${reply.case.number}）.docx`, contentType: DOCX_CONTENT_TYPE, data: letter },
      createdBy: reply.actor.id,
      toApplicant: true,
    });
    await noticeToApplicant(trx, services.jobs, reply.case, {
      key: `event-${reply.eventId}`,
      title: `政府信息公开申请答复（${reply.case.number}）`,
      body: `您的政府信息公开申请已于 ${reply.repliedOn} 作出答复（${replyTypes[replyType].label.replace(/^\d\./, '')}）。请在个人空间查看并下载答复告知书${released.length ? `及公开的政府信息（${released.length} 件）` : ''}：${applicantCaseLink(reply.case.id)}`,
    });
  };
}

type MoveHook = NonNullable<CaseHooks['moved']>;

/**
 * 补正通知书 and 收费通知书 as .docx, kept with the case for the applicant (the inbox notice and
 * e-mail are sent by the case services); made in the move's own transaction.
 */
export function noticeLetterHook(services: Services): MoveHook {
  return async (trx, move) => {
    if (move.action !== 'correction_requested' && move.action !== 'fee_notice') return;
    const event = await trx.selectFrom('application_events').select(['on_date', 'data']).where('id', '=', move.eventId).executeTakeFirst();
    if (!event) return;
    const data = parseData(event.data);
    const c = move.case;
    const site = services.sites.byId(c.site_id) ?? services.sites.defaultSite()!;
    const base = { number: c.number, applicantName: c.applicant_name, receivedOn: c.received_on, description: c.description, agency: site.footer.sponsor.replace(/（示例）$/, ''), noticeDate: event.on_date, contact: site.footer.phone };
    const letter =
      move.action === 'correction_requested'
        ? await renderCorrectionNotice({ ...base, items: Array.isArray(data.items) ? data.items.map(String) : String(data.items ?? '').split('\n').filter(Boolean), deadline: String(data.correctBy ?? ''), howToSubmit: '可登录个人空间在线提交补正材料，或邮寄、当面提交。' })
        : await renderFeeNotice({
            ...base,
            method: data.method === 'pages' ? 'pages' : 'count',
            quantity: Number(data.method === 'pages' ? data.pages : data.nthApplicationThisMonth) || 0,
            amount: Number(data.amount) || 0,
            calculation: data.method === 'pages' ? feeBasisText({ method: 'pages', pages: Number(data.pages) || 0 }) : feeBasisText({ method: 'count', nthApplicationThisMonth: Number(data.nthApplicationThisMonth) || 0 }),
            paymentDeadline: move.case.waiting_until ?? '',
            howToPay: '请按本通知书所列账户缴纳，并在个人空间上传缴费凭证或填写交易流水号。',
          });
    const kind = move.action === 'correction_requested' ? '补正通知书' : '收费通知书';
    await storeCaseFile(trx, { dataDir: services.config.dataDir, secret: services.secret }, {
      caseId: c.id, kind: 'notice', upload: { filename: `${kind}（${c.number}）.docx`, contentType: DOCX_CONTENT_TYPE, data: letter }, createdBy: move.actor.id, toApplicant: true,
    });
  };
}

export function applicationConsoleWithLetters(app: FastifyInstance, services: Services) {
  return applicationConsoleRoutes(app, services, { hooks: { replied: replyLetterHook(services), moved: noticeLetterHook(services) } });
}
