import mammoth from 'mammoth';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import { bodyText, sanitizeBody } from './documents.schemas.js';

/** The largest .docx accepted as a body (images inside become data: URLs, so keep it modest). */
export const MAX_DOCX_BODY_BYTES = 10 * 1024 * 1024;

/** Word headings become the body's h2–h4 (sanitizeBody keeps no h1: the page title is the h1). */
const styleMap = [
  "p[style-name='Title'] => h2:fresh",
  "p[style-name='Heading 1'] => h2:fresh",
  "p[style-name='Heading 2'] => h3:fresh",
  "p[style-name='Heading 3'] => h4:fresh",
  "p[style-name='heading 1'] => h2:fresh",
  "p[style-name='heading 2'] => h3:fresh",
  "p[style-name='heading 3'] => h4:fresh",
];

const isZip = (bytes: Uint8Array) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * A .docx file as the body: mammoth's HTML, then the same sanitizer as typed bodies. Problems are
 * returned for the `bodyFile` field, never thrown.
 */
export async function docxToBodyHtml(file: { filename: string; data: Uint8Array; truncated?: boolean }): Promise<Outcome<string>> {
  if (!/\.docx$/i.test(file.filename)) return invalid({ bodyFile: '正文导入仅支持 .docx 文件（.doc 等旧格式请先在 Word 中另存为 .docx）' });
  if (file.truncated || file.data.length > MAX_DOCX_BODY_BYTES) return invalid({ bodyFile: `用于导入正文的 .docx 文件不能超过 ${MAX_DOCX_BODY_BYTES / 1024 / 1024} MB` });
  if (!isZip(file.data)) return invalid({ bodyFile: '该文件不是有效的 .docx 文件（内容与扩展名不符）' });
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(file.data) }, { styleMap })).value;
  } catch {
    return invalid({ bodyFile: '无法读取该 .docx 文件：文件可能已损坏' });
  }
  const clean = sanitizeBody(html.replaceAll('\u0000', ''));
  if (bodyText(clean).length === 0) return invalid({ bodyFile: '该 .docx 文件中没有可导入的正文文字' });
  return ok(clean);
}
