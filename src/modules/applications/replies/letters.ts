import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import { letterText, replyLetterContent, type LetterContent, type ReplyLetterData } from './letter-content.js';
import { correctionNoticeContent, feeNoticeContent, type CorrectionNoticeData, type FeeNoticeData } from './notices.js';

/*
 * Letters as .docx, laid out after GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm,
 * title in 小标宋 二号 centred, body in 仿宋_GB2312 三号 with fixed 28 pt lines and a two-character
 * first-line indent, agency and date right-aligned above the seal placeholder. Fonts a reader
 * lacks are substituted by Word; the text is what matters legally.
 */

const MM = 56.7; // twips per millimetre
const BODY_SIZE = 32; // half-points: 三号 = 16 pt
const TITLE_SIZE = 44; // 二号 = 22 pt
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt
const INDENT = { firstLine: 640 }; // two characters of 16 pt
const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const body = (text: string, options: { indent?: boolean; align?: 'left' | 'right' | 'center'; bold?: boolean } = {}) =>
  new Paragraph({
    spacing: LINE,
    ...(options.indent === false ? {} : { indent: INDENT }),
    alignment: options.align === 'right' ? AlignmentType.RIGHT : options.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, bold: options.bold })],
  });

/** A letter's content as a .docx file. */
export async function letterDocx(content: LetterContent): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 200 },
      children: [new TextRun({ text: content.title, size: TITLE_SIZE, font: TITLE_FONT })],
    }),
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
  const document = new Document({
    creator: content.agency,
    title: content.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY_SIZE } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM) } } },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
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
