import type { Paragraph } from 'docx';
import { bodyParagraph as line, HEADING_FONT, officialDocx, titleParagraph } from '../../../platform/office/official-docx.js';
import type { RelayContent } from './relay-content.js';
import { relaySections } from './relay-sections.js';

/* The package as .docx in the project's official-document style (GB/T 9704-2012, see platform/office). */

export { DOCX_CONTENT_TYPE } from '../../../platform/office/official-docx.js';

export async function relayDocx(content: RelayContent, baseUrl: string): Promise<Buffer> {
  const children: Paragraph[] = [
    titleParagraph(content.title),
    line(`政策知识点 · ${content.siteName} · ${content.publishedOn}`, { indent: false, align: 'center' }),
    line('', { indent: false }),
  ];
  for (const section of relaySections(content, baseUrl)) {
    children.push(line(section.heading, { font: HEADING_FONT }));
    for (const p of section.paragraphs) children.push(line(p.text, { bold: p.bold }));
  }
  children.push(line('', { indent: false }), line(content.siteName, { indent: false, align: 'right' }), line(content.publishedOn, { indent: false, align: 'right' }));
  return officialDocx({ creator: content.siteName, title: content.title }, children);
}
