import mammoth from 'mammoth';
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';
import { htmlToText } from './html-text.js';
import { ScanInputError } from './scan-input-error.js';

export type InputKind = 'text' | 'html' | 'docx' | 'pdf';

export interface ExtractInput {
  bytes: Uint8Array;
  filename: string;
  contentType?: string;
}

const BY_EXTENSION: Record<string, InputKind> = {
  txt: 'text', text: 'text', csv: 'text', tsv: 'text', md: 'text',
  html: 'html', htm: 'html', xhtml: 'html',
  docx: 'docx',
  pdf: 'pdf',
};

const BY_CONTENT_TYPE: Record<string, InputKind> = {
  'text/plain': 'text', 'text/csv': 'text', 'text/markdown': 'text',
  'text/html': 'html', 'application/xhtml+xml': 'html',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/pdf': 'pdf',
};

export const SUPPORTED_FORMATS = '.txt、.csv、.md、.html、.docx、.pdf';

/** The kind of input by file extension, else by content type; undefined when neither is known. */
export function detectKind(filename: string, contentType?: string): InputKind | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  const byExtension = extension === undefined ? undefined : BY_EXTENSION[extension];
  if (byExtension) return byExtension;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType === undefined ? undefined : BY_CONTENT_TYPE[mediaType];
}

/**
 * Decodes text bytes: a byte-order mark decides (UTF-8, UTF-16LE/BE); else a valid charset
 * parameter of `contentType`; else UTF-8 when the bytes are valid UTF-8, GB18030 (a superset
 * of GBK and GB2312, what older Chinese Windows files use) otherwise.
 */
export function decodeText(bytes: Uint8Array, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (charset) {
    try {
      return new TextDecoder(charset).decode(bytes);
    } catch {
      // Unknown label: fall through to detection.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The text of a .txt/.html/.docx/.pdf file, ready for scanText. Throws ScanInputError. */
export async function extractText(input: ExtractInput): Promise<string> {
  const kind = detectKind(input.filename, input.contentType);
  switch (kind) {
    case 'text':
      return decodeText(input.bytes, input.contentType);
    case 'html':
      return htmlToText(decodeText(input.bytes, input.contentType));
    case 'docx':
      return readOrFail(input.filename, async () => {
        const result = await mammoth.extractRawText({ buffer: Buffer.from(input.bytes) });
        return result.value;
      });
    case 'pdf':
      return readOrFail(input.filename, () => extractPdf(input.bytes));
    case undefined:
      throw new ScanInputError(
        'unsupported_type',
        `无法识别文件“${input.filename}”的格式，仅支持 ${SUPPORTED_FORMATS}（.doc 等旧格式请先另存为 .docx）`,
      );
  }
}

async function extractPdf(bytes: Uint8Array): Promise<string> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy. Verbosity 0:
  // errors only, no repair warnings on stderr.
  const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    // Not mergePages: unpdf then collapses all whitespace, and line breaks matter (markings at a line start).
    const { text } = await extractPdfText(document, { mergePages: false });
    return text.join('\n');
  } finally {
    await document.destroy();
  }
}

async function readOrFail(filename: string, read: () => Promise<string>): Promise<string> {
  try {
    return await read();
  } catch (error) {
    throw new ScanInputError('unreadable_file', `无法读取文件“${filename}”：文件已损坏或不是所声明的格式`, { cause: error });
  }
}
