import type { Paragraph } from 'docx';
import { bodyParagraph as body, officialDocx, titleParagraph } from '../../../platform/office/official-docx.js';
import { letterText, replyLetterContent, type LetterContent, type ReplyLetterData } from './letter-content.js';
import { correctionNoticeContent, feeNoticeContent, type CorrectionNoticeData, type FeeNoticeData } from './notices.js';

export { DOCX_CONTENT_TYPE } from '../../../platform/office/official-docx.js';

/** A letter's content as a .docx file. */
export async function letterDocx(content: LetterContent): Promise<Buffer> {
  const children: Paragraph[] = [
    titleParagraph(content.title),
    body(content.reference, { indent: false, align: 'center' }),
    body('', { indent: false }),
    body(`${content.addressee}：`, { indent: false, align: 'left' }),
  ];
  for (const block of content.blocks) {
    if (block.kind === 'paragraph') children.push(body(block.text));
    else children.push(...(block.heading ? [body(block.heading, { bold: true })] : []), ...block.items.map((item) => body(item)));
  }
  children.push(
    body('', { indent: false }),
    body(content.seal, { indent: false, align: 'right' }),
    body(content.agency, { indent: false, align: 'right' }),
    body(content.date, { indent: false, align: 'right' }),
  );
  return officialDocx({ creator: content.agency, title: content.title }, children);
}

/** 政府信息公开申请答复告知书 (.docx) from the case facts and the site's template for the reply type. */
export function renderReplyLetter(data: ReplyLetterData, template: { body: string }): Promise<Buffer> {
  return letterDocx(replyLetterContent(data, template));
}

/** The same reply letter as plain text (inbox message, e-mail body). */
export function replyLetterText(data: ReplyLetterData, template: { body: string }): string {
  return letterText(replyLetterContent(data, template));
}

/** 政府信息公开信息处理费收费通知书 (.docx). */
export function renderFeeNotice(data: FeeNoticeData): Promise<Buffer> {
  return letterDocx(feeNoticeContent(data));
}

export function feeNoticeText(data: FeeNoticeData): string {
  return letterText(feeNoticeContent(data));
}

/** 政府信息公开申请补正通知书 (.docx). */
export function renderCorrectionNotice(data: CorrectionNoticeData): Promise<Buffer> {
  return letterDocx(correctionNoticeContent(data));
}

export function correctionNoticeText(data: CorrectionNoticeData): string {
  return letterText(correctionNoticeContent(data));
}
