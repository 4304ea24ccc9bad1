import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import type { RelayContent } from './relay-content.js';
import { relaySections } from './relay-sections.js';

/*
 * The package as .docx in the project's letter style (see applications/replies/letters.ts,
 * GB/T 9704-2012): A4, margins 37/35/28/26 mm, title 小标宋 二号 centred, first-level headings
 * 黑体 三号, body 仿宋_GB2312 三号 with fixed 28 pt lines and a two-character first-line indent.
 */

const MM = 56.7;
const BODY_SIZE = 32;
const TITLE_SIZE = 44;
const LINE = { line: 560, lineRule: LineRuleType.EXACT };
const INDENT = { firstLine: 640 };
const BODY_FONT = { eastAsia: '仿宋_GB2312', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const TITLE_FONT = { eastAsia: '方正小标宋简体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };
const HEADING_FONT = { eastAsia: '黑体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' };

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const line = (text: string, options: { indent?: boolean; align?: 'left' | 'right' | 'center'; bold?: boolean; font?: typeof BODY_FONT } = {}) =>
  new Paragraph({
    spacing: LINE,
    ...(options.indent === false ? {} : { indent: INDENT }),
    alignment: options.align === 'right' ? AlignmentType.RIGHT : options.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, bold: options.bold, font: options.font })],
  });

export async function relayDocx(content: RelayContent, baseUrl: string): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 200 },
      children: [new TextRun({ text: content.title, size: TITLE_SIZE, font: TITLE_FONT })],
    }),
    line(`政策知识点 · ${content.siteName} · ${content.publishedOn}`, { indent: false, align: 'center' }),
    line('', { indent: false }),
  ];
  for (const section of relaySections(content, baseUrl)) {
    children.push(line(section.heading, { font: HEADING_FONT }));
    for (const p of section.paragraphs) children.push(line(p.text, { bold: p.bold }));
  }
  children.push(line('', { indent: false }), line(content.siteName, { indent: false, align: 'right' }), line(content.publishedOn, { indent: false, align: 'right' }));
  const document = new Document({
    creator: content.siteName,
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
