import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import { extractText } from '../../platform/text/scanner/index.js';
import * as files from './attachments.store.js';
import type { DocumentRow } from './documents.store.js';
import * as store from './documents.store.js';
import { rescanVersion } from './findings.service.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** What may be attached; the bytes decide the kind (magic numbers), the extension must agree. */
export const attachmentKinds = {
  pdf: { extensions: ['pdf'], contentType: 'application/pdf', scannable: true },
  docx: { extensions: ['docx'], contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', scannable: true },
  xlsx: { extensions: ['xlsx'], contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', scannable: false },
  png: { extensions: ['png'], contentType: 'image/png', scannable: false },
  jpeg: { extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg', scannable: false },
  gif: { extensions: ['gif'], contentType: 'image/gif', scannable: false },
  webp: { extensions: ['webp'], contentType: 'image/webp', scannable: false },
} as const;
export type AttachmentKind = keyof typeof attachmentKinds;
export const ACCEPTED_EXTENSIONS = Object.values(attachmentKinds).flatMap((k) => k.extensions.map((e) => `.${e}`));

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => signature.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The kind of file by its first bytes; an Office file is a ZIP whose part names say which. */
export function sniffAttachment(bytes: Uint8Array): AttachmentKind | undefined {
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (buffer.includes('word/document.xml')) return 'docx';
    if (buffer.includes('xl/workbook.xml')) return 'xlsx';
  }
  return undefined;
}

/** A file name safe to store and to send back: no path, no control or reserved characters, bounded length. */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim().replace(/^[.\s]+|[.\s]+$/g, '');
  if (!cleaned) return '';
  if (cleaned.length <= 120) return cleaned;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, 120 - ext.length) + ext;
}

const STORAGE_KEY = /^files\/[0-9a-f]{2}\/[0-9a-f]{64}$/;

/** Where a stored file lives: `${dataDir}/files/<first two hex digits>/<sha256>`. */
export function attachmentPath(dataDir: string, storageKey: string): string {
  if (!STORAGE_KEY.test(storageKey)) throw new Error(`bad storage key ${storageKey}`);
  return join(dataDir, storageKey);
}

/** Writes content-addressed bytes once (write to a temporary name, then rename: never a half file). */
async function storeBytes(dataDir: string, data: Uint8Array): Promise<{ sha256: string; storageKey: string }> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const storageKey = `files/${sha256.slice(0, 2)}/${sha256}`;
  const path = attachmentPath(dataDir, storageKey);
  const exists = await stat(path).then((s) => s.size === data.length, () => false);
  if (!exists) {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  }
  return { sha256, storageKey };
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
  /** True when the upload went past the size limit and was cut off. */
  truncated: boolean;
}

type Actor = AuditActor & { siteId: number };

/**
 * After the attachments change, the findings are re-scanned. A document under review or approved
 * gets a new version (a review approves one version, attachments included) and goes back to draft.
 */
async function afterChange(trx: Queryable, doc: DocumentRow, actor: Actor, terms: readonly string[]): Promise<string> {
  if (doc.status !== 'in_review' && doc.status !== 'approved') {
    await rescanVersion(trx, doc.id, doc.current_version, terms);
    return '';
  }
  const current = await store.findVersion(trx, doc.id, doc.current_version);
  if (!current) return '';
  const version = doc.current_version + 1;
  await store.insertVersion(trx, { documentId: doc.id, version, title: current.title, bodyHtml: current.body_html, bodyText: current.body_text, fields: JSON.parse(current.fields) as object, createdBy: actor.id, note: '附件变更' });
  await store.updateDocument(trx, doc.id, { current_version: version, status: 'draft' });
  await rescanVersion(trx, doc.id, version, terms);
  return `，形成第 ${version} 版并退回重新审核`;
}

async function editableDocument(database: Database, documentId: number, actor: Actor): Promise<DocumentRow | string> {
  const doc = await store.findDocument(database.db, documentId);
  if (!doc || doc.site_id !== actor.siteId) return '该文件不存在';
  if (doc.status === 'published' || doc.status === 'scheduled') return '已发布或定时发布的文件不能修改附件，请先撤回';
  return doc;
}

export async function addAttachment(database: Database, dataDir: string, documentId: number, upload: UploadedFile, actor: Actor, terms: readonly string[]): Promise<Outcome<number>> {
  const doc = await editableDocument(database, documentId, actor);
  if (typeof doc === 'string') return invalid({ '': doc });
  const filename = sanitizeFilename(upload.filename);
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const allowed = Object.entries(attachmentKinds).find(([, k]) => (k.extensions as readonly string[]).includes(extension));
  if (!filename || !allowed) return invalid({ file: `仅支持上传 ${ACCEPTED_EXTENSIONS.join('、')} 文件` });
  if (upload.truncated || upload.data.length > MAX_ATTACHMENT_BYTES) return invalid({ file: `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` });
  if (upload.data.length === 0) return invalid({ file: '文件是空的，请重新选择' });
  const kind = sniffAttachment(upload.data);
  if (kind !== allowed[0]) return invalid({ file: `文件内容与扩展名 .${extension} 不符，已拒绝上传（请确认文件未被改名）` });
  let text = '';
  if (attachmentKinds[kind].scannable) {
    try {
      // NUL characters (common in PDF text layers) cannot be stored in PostgreSQL text.
      text = (await extractText({ bytes: upload.data, filename: `attachment.${kind}` })).replaceAll('\u0000', '');
    } catch {
      return invalid({ file: '无法读取该文件的内容：文件可能已损坏或加密' });
    }
  }
  const { sha256, storageKey } = await storeBytes(dataDir, upload.data);
  const id = await database.db.transaction().execute(async (trx) => {
    const attachmentId = await files.insertAttachment(trx, { documentId, filename, contentType: attachmentKinds[kind].contentType, size: upload.data.length, sha256, storageKey, text, createdBy: actor.id });
    const note = await afterChange(trx, doc, actor, terms);
    await appendAudit(trx, actor, { action: 'document.attachment.add', targetType: 'document', targetId: documentId, summary: `《${doc.title}》上传附件“${filename}”（${upload.data.length} 字节，SHA-256 ${sha256.slice(0, 12)}…）${note}` });
    return attachmentId;
  });
  return ok(id);
}

/** Removal is soft: the row and the file stay for the record; the attachment is gone from every page. */
export async function removeAttachment(database: Database, documentId: number, attachmentId: number, actor: Actor, terms: readonly string[]): Promise<Outcome<true>> {
  const doc = await editableDocument(database, documentId, actor);
  if (typeof doc === 'string') return invalid({ '': doc });
  const attachment = await files.findAttachment(database.db, documentId, attachmentId);
  if (!attachment) return invalid({ '': '该附件不存在或已删除' });
  await database.db.transaction().execute(async (trx) => {
    await files.markAttachmentRemoved(trx, attachmentId);
    const note = await afterChange(trx, doc, actor, terms);
    await appendAudit(trx, actor, { action: 'document.attachment.remove', targetType: 'document', targetId: documentId, summary: `《${doc.title}》删除附件“${attachment.filename}”${note}` });
  });
  return ok(true);
}

/** RFC 6266 / 5987: an ASCII fallback name plus the UTF-8 name. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The stored file of an attachment row, or undefined when it is missing on disk. */
export async function openAttachmentFile(dataDir: string, row: files.AttachmentRow): Promise<{ stream: ReadStream; size: number } | undefined> {
  const path = attachmentPath(dataDir, row.storage_key);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { stream: createReadStream(path), size: info.size };
}
