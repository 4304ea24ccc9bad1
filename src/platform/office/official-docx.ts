import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';

/*
 * Official documents as .docx, laid out after GB/T 9704-2012 (党政机关公文格式): A4, margins
 * 37/35/28/26 mm, title in 小标宋 二号 centred, body in 仿宋_GB2312 三号 with fixed 28 pt lines and
 * a two-character first-line indent. Fonts a reader lacks are substituted by Word; the text is
 * what matters legally. Reply letters, notices and relay packages all use it.
 */

const MM = 56.7; // twips per millimetre
const BODY_SIZE = 32; // half-points: 三号 = 16 pt
const TITLE_SIZE = 44; // 二号 = 22 pt
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt
const INDENT = { firstLine: 640 }; // two characters of 16 pt
const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
export const HEADING_FONT = { eastAsia: '黑体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface BodyOptions {
  indent?: boolean;
  align?: 'left' | 'right' | 'center';
  bold?: boolean;
  font?: typeof BODY_FONT;
}

export const bodyParagraph = (text: string, options: BodyOptions = {}) =>
  new Paragraph({
    spacing: LINE,
    ...(options.indent === false ? {} : { indent: INDENT }),
    alignment: options.align === 'right' ? AlignmentType.RIGHT : options.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, bold: options.bold, font: options.font })],
  });

export const titleParagraph = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 200 },
    children: [new TextRun({ text, size: TITLE_SIZE, font: TITLE_FONT })],
  });

export function officialDocx(meta: { creator: string; title: string }, children: Paragraph[]): Promise<Buffer> {
  const document = new Document({
    creator: meta.creator,
    title: meta.title,
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
