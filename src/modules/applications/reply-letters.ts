import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.js';
import { storeCaseFile } from './applicant/index.js';
import { replyTypes, type ReplyType } from './applications.vocabulary.js';
import { applicationConsoleRoutes, type ReplyHook } from './cases/index.js';
import { applicantCaseLink, noticeToApplicant } from './cases/notify.js';
import { DOCX_CONTENT_TYPE, renderReplyLetter, replyLetterDataFromCase, replyTemplateFor } from './replies/index.js';

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
    const letter = await renderReplyLetter(
      replyLetterDataFromCase(reply.case, { replyType, replyDate: reply.repliedOn, agency: site.footer.sponsor.replace(/（示例）$/, ''), detail: reply.note }),
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
      body: `您的政府信息公开申请已于 ${reply.repliedOn} 作出答复（${replyTypes[replyType].label.replace(/^\d\./, '')}）。请在个人空间查看并下载答复告知书：${applicantCaseLink(reply.case.id)}`,
    });
  };
}

export function applicationConsoleWithLetters(app: FastifyInstance, services: Services) {
  return applicationConsoleRoutes(app, services, { hooks: { replied: replyLetterHook(services) } });
}
