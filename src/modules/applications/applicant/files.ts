import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import { sanitizeFilename, sniffAttachment } from '../../documents/attachments.service.js';
import type { Upload } from '../../documents/console/multipart.js';

/*
 * The files of a case as the applicant's space sees them: what the applicant uploads (ID scan,
 * 补正 material, payment receipt — always encrypted at rest, never shown back, never published)
 * and what the office sends (letters and notices, to_applicant = 1, downloadable in the space).
 *
 * Stored under `${dataDir}/application-files/<2 hex>/<32 hex>`; an encrypted file is
 * iv (12 bytes) ‖ tag (16 bytes) ‖ AES-256-GCM ciphertext, key derived from the installation secret.
 */

export const MAX_APPLICANT_FILE_BYTES = 5 * 1024 * 1024;
const accepted = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' } as const;
const STORAGE_KEY = /^application-files\/[0-9a-f]{2}\/[0-9a-f]{32}$/;

/** The applicant's uploads; letter / notice / released are the office's. */
export type CaseFileKind = 'id_scan' | 'correction' | 'attachment' | 'letter' | 'notice' | 'released';

export interface CheckedUpload {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** An uploaded scan or receipt: PDF, PNG or JPEG (by its bytes), at most 5 MB; or the problem, in Chinese. */
export function checkUpload(upload: Upload): CheckedUpload | string {
  const limit = `${MAX_APPLICANT_FILE_BYTES / 1024 / 1024} MB`;
  if (upload.truncated || upload.data.length > MAX_APPLICANT_FILE_BYTES) return `文件不能超过 ${limit}`;
  if (upload.data.length === 0) return '上传的文件是空的，请重新选择';
  const kind = sniffAttachment(upload.data);
  if (kind !== 'pdf' && kind !== 'png' && kind !== 'jpeg') return '只能上传 PDF、JPG 或 PNG 格式的扫描件或照片';
  const extension = kind === 'jpeg' ? 'jpg' : kind;
  const name = sanitizeFilename(upload.filename).replace(/\.[A-Za-z0-9]{1,8}$/, '') || '扫描件';
  return { filename: `${name}.${extension}`, contentType: accepted[kind], data: upload.data };
}

function fileKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'gongkai.applications', 'application-files', 32));
}

function filePath(dataDir: string, storageKey: string): string {
  if (!STORAGE_KEY.test(storageKey)) throw new Error(`bad storage key ${storageKey}`);
  return join(dataDir, storageKey);
}

/** Writes the bytes (encrypted) under a fresh key; the row is inserted by storeApplicantFile. */
export async function writeEncrypted(dataDir: string, secret: string, data: Buffer): Promise<string> {
  const name = randomBytes(17).toString('hex');
  const storageKey = `application-files/${name.slice(0, 2)}/${name.slice(2)}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', fileKey(secret), iv);
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  const path = filePath(dataDir, storageKey);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, Buffer.concat([iv, cipher.getAuthTag(), body]));
  await rename(temporary, path);
  return storageKey;
}

/**
 * Records a file on the case, encrypted at rest. The applicant's own uploads are kept for the
 * office (toApplicant false); letters and notices for the applicant have toApplicant true.
 */
export async function storeCaseFile(
  db: Queryable,
  where: { dataDir: string; secret: string },
  file: { caseId: number; kind: CaseFileKind; upload: CheckedUpload; createdBy: number | null; toApplicant?: boolean; scan?: { status: string; findings: string } },
): Promise<number> {
  const storageKey = await writeEncrypted(where.dataDir, where.secret, file.upload.data);
  const row = await db
    .insertInto('application_files')
    .values({
      application_id: file.caseId,
      kind: file.kind,
      filename: file.upload.filename,
      content_type: file.upload.contentType,
      size: file.upload.data.length,
      storage_key: storageKey,
      encrypted: 1,
      to_applicant: file.toApplicant ? 1 : 0,
      created_by: file.createdBy,
      created_at: nowIso(),
      ...(file.scan ? { scan_status: file.scan.status, scan_findings: file.scan.findings } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CaseFileRow {
  id: number;
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  encrypted: number;
  to_applicant: number;
  created_by: number | null;
  created_at: string;
  scan_status: string | null;
  scan_findings: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_note: string | null;
}

const columns = ['id', 'kind', 'filename', 'content_type', 'size', 'storage_key', 'encrypted', 'to_applicant', 'created_by', 'created_at', 'scan_status', 'scan_findings', 'reviewed_by', 'reviewed_at', 'review_note'] as const;

export async function filesOfCase(db: Queryable, caseId: number): Promise<CaseFileRow[]> {
  return db.selectFrom('application_files').select(columns).where('application_id', '=', caseId).orderBy('id').execute();
}

/** One file of the case that the office sent to the applicant; undefined for any other. */
export async function fileForApplicant(db: Queryable, caseId: number, fileId: number): Promise<CaseFileRow | undefined> {
  return db.selectFrom('application_files').select(columns).where('id', '=', fileId).where('application_id', '=', caseId).where('to_applicant', '=', 1).executeTakeFirst();
}

/**
 * The bytes of a stored file (decrypted when encrypted), or undefined when missing or altered.
 * Plain files may also be content-addressed `files/…` keys (as the documents module stores them).
 */
export async function readCaseFile(dataDir: string, secret: string, row: Pick<CaseFileRow, 'storage_key' | 'encrypted'>): Promise<Buffer | undefined> {
  const safe = STORAGE_KEY.test(row.storage_key) || /^files\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(row.storage_key);
  if (!safe) return undefined;
  const bytes = await readFile(join(dataDir, row.storage_key)).catch(() => undefined);
  if (!bytes || !row.encrypted) return bytes;
  if (bytes.length < 28) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', fileKey(secret), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** Deletes the stored bytes of a removed file (best effort: a missing file is already gone). */
export async function deleteCaseFileBytes(dataDir: string, storageKey: string): Promise<void> {
  if (!STORAGE_KEY.test(storageKey)) return;
  await unlink(join(dataDir, storageKey)).catch(() => undefined);
}
