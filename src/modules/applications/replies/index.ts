/*
 * 答复口径 and letters (依申请公开 H4 replies, H5 fee notice wording).
 * Routes: replyTemplateRoutes — /console/reply-templates (list by group), /console/reply-templates/:type
 * (edit), …/:type/reset; roles replyTemplateRoles (disclosure_office, admin).
 * Menu: { href: '/console/reply-templates', label: '答复口径', roles: replyTemplateRoles }.
 * Letters: renderReplyLetter / renderFeeNotice / renderCorrectionNotice → .docx Buffer;
 * replyLetterText / feeNoticeText / correctionNoticeText → plain text for the inbox and e-mail.
 */
export { replyTemplateRoutes, replyTemplateRoles } from './templates.routes.js';
export { listReplyTemplates, replyTemplateFor, saveReplyTemplate, resetReplyTemplate, validateReplyTemplate, isReplyType, type ReplyTemplate } from './templates.store.js';
export { defaultReplyTemplates, type DefaultReplyTemplate } from './default-templates.js';
export { placeholders, placeholderNames, placeholderProblem, placeholdersIn, fillTemplate, chineseDate, BLANK, type PlaceholderName, type PlaceholderValues } from './placeholders.js';
export { remedySentence, replyLetterContent, replyLetterDataFromCase, letterText, SEAL_PLACEHOLDER, type ReplyLetterData, type LetterContent } from './letter-content.js';
export { feeNoticeContent, correctionNoticeContent, feeStandards, rmbUpper, FEE_BASIS, type FeeNoticeData, type CorrectionNoticeData } from './notices.js';
export { renderReplyLetter, replyLetterText, renderFeeNotice, feeNoticeText, renderCorrectionNotice, correctionNoticeText, letterDocx, DOCX_CONTENT_TYPE } from './letters.js';
