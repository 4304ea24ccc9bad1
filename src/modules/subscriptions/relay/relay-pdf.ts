import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { RelayContent } from './relay-content.js';
import { relaySections } from './relay-sections.js';

/*
 * The package as PDF, with PDFKit: it embeds only the glyphs used (a subset of Noto Sans SC, OFL,
 * from an npm package, so no system font is needed) and breaks Chinese lines by UAX #14. The
 * TrueType (glyf) build of the font is used: pdf-lib's fontkit fork dropped glyphs when it
 * subset this font, and CID-keyed CFF (.otf) subsets came out broken.
 */

const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

export const PDF_CONTENT_TYPE = 'application/pdf';

const MM = 72 / 25.4;
const BODY = { size: 12, gap: 5 };

export function relayPdf(content: RelayContent, baseUrl: string): Promise<Buffer> {
  // Fixed dates: the same package always gives the same metadata.
  const published = new Date(`${content.publishedOn}T00:00:00+08:00`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM },
    lang: 'zh-CN',
    displayTitle: true,
    bufferPages: true,
    info: { Title: content.title, Author: content.siteName, Subject: '政策知识点', Creator: 'Gongkai 政务公开平台', CreationDate: published, ModDate: published },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);

  doc.font('bold').fontSize(20).text(content.title, { align: 'center' });
  doc.moveDown(0.3).font('regular').fontSize(10.5).fillColor('#444').text(`政策知识点 · ${content.siteName} · ${content.publishedOn}`, { align: 'center' });
  doc.fillColor('#000').moveDown(1);
  for (const section of relaySections(content, baseUrl)) {
    doc.font('bold').fontSize(14).text(section.heading, { paragraphGap: 4 });
    for (const p of section.paragraphs) {
      doc.font(p.bold ? 'bold' : 'regular').fontSize(BODY.size).text(p.text, { indent: BODY.size * 2, align: 'justify', paragraphGap: BODY.gap, lineGap: 3 });
    }
    doc.moveDown(0.6);
  }

  // Page numbers in the GB/T 9704 manner ("— 1 —"), written once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const label = `— ${i + 1} —`;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(10).fillColor('#444').text(label, 0, doc.page.height - bottom / 2, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
