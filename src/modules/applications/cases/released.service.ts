import ExcelJS from 'exceljs';
import { appendAudit } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import { invalid, ok, type FieldErrors, type Outcome } from '../../../platform/outcome.js';
import { extractText, scanText, type FindingType } from '../../../platform/text/scanner/index.js';
import { MAX_ATTACHMENT_BYTES, sanitizeFilename, sniffAttachment, type UploadedFile } from '../../documents/attachments.service.js';
import { findingTypeLabels, sensitiveTerms } from '../../documents/findings.service.js';
import { deleteCaseFileBytes, storeCaseFile, type CaseFileRow, type CheckedUpload } from '../applicant/files.js';
import { replyGroups, replyTypes, type ReplyType } from '../applications.vocabulary.js';
import * as store from './cases.store.js';
import type { CaseRow } from './cases.store.js';
import { actorHolds, type CaseActor } from './context.js';
import { openStatuses, rolesForAction, type ActorRole } from './transitions.js';

/*
 * 公开的政府信息 sent with a reply (issue 4, item 4). Staff who may reply upload the records to the
 * open case; each upload is stored encrypted (kind 'released', not yet visible to the applicant)
 * and run through the sensitive-data scanner. The case page shows the findings as type and masked
 * text only (the raw finding and the extracted text are never kept). A file with findings, or
 * whose text cannot be read (scans, images, .doc/.xls), holds the reply back until it is replaced
 * or a staff member confirms "已核查，可以公开" with a reason. The reply (outcome.service.ts) makes
 * the records visible to the applicant and the letter lists them. Every change is audited in its
 * own transaction.
 */

/** The same limit as the policy library's attachments (the multipart parser's file limit). */
export const MAX_RELEASED_BYTES = MAX_ATTACHMENT_BYTES;

type TextKind = 'pdf' | 'docx' | 'xlsx' | 'text' | null;
type BytesKind = 'pdf' | 'docx' | 'xlsx' | 'ole' | 'jpeg' | 'png' | 'text';

/** What may be released; the bytes must agree with the extension. `text`: how the scanner reads it (null: it cannot). */
const releasedKinds: Record<string, { extensions: readonly string[]; contentType: string; bytes: BytesKind; text: TextKind }> = {
  pdf: { extensions: ['pdf'], contentType: 'application/pdf', bytes: 'pdf', text: 'pdf' },
  docx: { extensions: ['docx'], contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', bytes: 'docx', text: 'docx' },
  xlsx: { extensions: ['xlsx'], contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: 'xlsx', text: 'xlsx' },
  doc: { extensions: ['doc'], contentType: 'application/msword', bytes: 'ole', text: null },
  xls: { extensions: ['xls'], contentType: 'application/vnd.ms-excel', bytes: 'ole', text: null },
  jpeg: { extensions: ['jpg', 'jpeg'], contentType: 'image/jpeg', bytes: 'jpeg', text: null },
  png: { extensions: ['png'], contentType: 'image/png', bytes: 'png', text: null },
  txt: { extensions: ['txt'], contentType: 'text/plain', bytes: 'text', text: 'text' },
  csv: { extensions: ['csv'], contentType: 'text/csv', bytes: 'text', text: 'text' },
};
export const RELEASED_EXTENSIONS = Object.values(releasedKinds).flatMap((k) => k.extensions.map((e) => `.${e}`));

/** Who may prepare released records: whoever may reply (公开办; 承办处室 for their department's cases). */
export const releaseRoles: ActorRole[] = rolesForAction('reply');

export const scanStatusLabels: Record<string, string> = {
  clean: '未发现敏感信息',
  findings: '发现疑似敏感信息',
  unreadable: '无法自动检查，须人工核查',
};

export interface ReleasedFinding {
  type: FindingType;
  masked: string;
}

/** At most this many findings are kept per file (the count is kept in full). */
const MAX_KEPT_FINDINGS = 200;

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function bytesKind(data: Buffer): BytesKind | undefined {
  const sniffed = sniffAttachment(data);
  if (sniffed === 'pdf' || sniffed === 'docx' || sniffed === 'xlsx' || sniffed === 'jpeg' || sniffed === 'png') return sniffed;
  if (sniffed) return undefined;
  if (OLE.every((b, i) => data[i] === b)) return 'ole';
  // Text: no NUL byte near the start, unless it is UTF-16 with its byte-order mark.
  const utf16 = (data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff);
  if (utf16 || !data.subarray(0, 64 * 1024).includes(0)) return 'text';
  return undefined;
}

export interface CheckedRelease extends CheckedUpload {
  text: TextKind;
}

/** An uploaded record: an accepted type whose bytes match its extension, within the size limit; or the problem, in Chinese. */
export function checkReleasedUpload(upload: UploadedFile): CheckedRelease | string {
  const filename = sanitizeFilename(upload.filename);
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const kind = Object.values(releasedKinds).find((k) => k.extensions.includes(extension));
  if (!filename || !kind) return `仅支持上传 ${RELEASED_EXTENSIONS.join('、')} 格式的文件`;
  if (upload.truncated || upload.data.length > MAX_RELEASED_BYTES) return `文件不能超过 ${MAX_RELEASED_BYTES / 1024 / 1024} MB`;
  if (upload.data.length === 0) return '上传的文件是空的，请重新选择';
  if (bytesKind(upload.data) !== kind.bytes) return `文件内容与扩展名 .${extension} 不符，已拒绝上传（请确认文件未被改名或损坏）`;
  let contentType = kind.contentType;
  if (kind.bytes === 'text') {
    let utf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(upload.data);
    } catch {
      utf8 = false;
    }
    const bom16 = upload.data[0] === 0xff || upload.data[0] === 0xfe;
    if (!bom16) contentType += `; charset=${utf8 ? 'utf-8' : 'gb18030'}`;
  }
  return { filename, contentType, data: upload.data, text: kind.text };
}

async function xlsxText(data: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const lines: string[] = [];
  workbook.eachSheet((sheet) => {
    lines.push(sheet.name);
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((cell) => cells.push(cell.text));
      lines.push(cells.join('\t'));
    });
  });
  return lines.join('\n');
}

/** The scanner's verdict on a file: clean, findings (type and masked text only), or unreadable. */
export async function scanReleased(file: CheckedRelease, terms: readonly string[]): Promise<{ status: 'clean' | 'findings' | 'unreadable'; total: number; findings: ReleasedFinding[] }> {
  const unreadable = { status: 'unreadable' as const, total: 0, findings: [] };
  if (file.text === null) return unreadable;
  let text: string;
  try {
    text = file.text === 'xlsx' ? await xlsxText(file.data) : await extractText({ bytes: file.data, filename: `released.${file.text === 'text' ? 'txt' : file.text}`, contentType: file.contentType });
  } catch {
    return unreadable;
  }
  // A scanned PDF has no text layer, or a few stray characters (a page number, a stamp).
  const meaningful = text.replace(/[\s\d\p{P}]/gu, '').length;
  if (meaningful === 0 || (file.text === 'pdf' && meaningful < 10)) return unreadable;
  const found = scanText(text, { terms });
  if (found.length === 0) return { status: 'clean', total: 0, findings: [] };
  return { status: 'findings', total: found.length, findings: found.slice(0, MAX_KEPT_FINDINGS).map((f) => ({ type: f.type, masked: f.masked })) };
}

/** The kept findings of a released file (type and masked text), and how many there were. */
export function findingsOf(row: Pick<CaseFileRow, 'scan_findings'>): { total: number; items: ReleasedFinding[] } {
  try {
    const parsed = JSON.parse(row.scan_findings ?? '') as { total?: unknown; items?: unknown };
    const items = Array.isArray(parsed.items) ? (parsed.items as ReleasedFinding[]).filter((f) => typeof f?.type === 'string' && typeof f?.masked === 'string') : [];
    return { total: typeof parsed.total === 'number' ? parsed.total : items.length, items };
  } catch {
    return { total: 0, items: [] };
  }
}

/** A flagged file (findings, or not machine-readable) that nobody has confirmed yet. */
export const needsReview = (row: Pick<CaseFileRow, 'scan_status' | 'reviewed_at'>) => row.scan_status !== 'clean' && !row.reviewed_at;

/** What the scanner said about a file, in a few Chinese words (for the audit log and the reply's refusal). */
export function scanSummary(row: Pick<CaseFileRow, 'scan_status' | 'scan_findings'>): string {
  if (row.scan_status === 'clean') return scanStatusLabels.clean!;
  if (row.scan_status !== 'findings') return scanStatusLabels.unreadable!;
  const { total, items } = findingsOf(row);
  const counts = new Map<string, number>();
  for (const f of items) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  return `发现 ${total} 处疑似敏感信息（${[...counts].map(([type, n]) => `${findingTypeLabels[type] ?? type} ${n} 处`).join('、')}）`;
}

/** The released records of a case, oldest first. */
export async function releasedFiles(db: Queryable, caseId: number): Promise<CaseFileRow[]> {
  return db
    .selectFrom('application_files')
    .select(['id', 'kind', 'filename', 'content_type', 'size', 'storage_key', 'encrypted', 'to_applicant', 'created_by', 'created_at', 'scan_status', 'scan_findings', 'reviewed_by', 'reviewed_at', 'review_note'])
    .where('application_id', '=', caseId)
    .where('kind', '=', 'released')
    .orderBy('id')
    .execute();
}

/** Reply types that give the applicant information (予以公开, 部分公开): only these carry released records. */
export const releasesRecords = (replyType: ReplyType) => replyTypes[replyType].group === 'disclosed' || replyTypes[replyType].group === 'partly_disclosed';

/** Delivery forms in which the applicant expects the records themselves online or by e-mail. */
export const electronicDeliveryForms: readonly string[] = ['电子邮件', '在线查看（个人空间）'];

const replyTypeName = (replyType: ReplyType) => {
  const t = replyTypes[replyType];
  const group = replyGroups[t.group].replace(/^（.）/, '');
  return t.group === 'disclosed' ? group : `${group}：${t.label.replace(/^\d\./, '').replace(/（.*）$/, '')}`;
};

/**
 * Why a reply of this type may not go out with these released records, or null. Reply types that
 * release nothing refuse any record; 予以公开 / 部分公开 refuse records still awaiting review.
 */
export function releaseProblems(replyType: ReplyType, rows: readonly CaseFileRow[]): FieldErrors | null {
  if (!releasesRecords(replyType)) {
    if (rows.length === 0) return null;
    return { replyType: `答复类型“${replyTypeName(replyType)}”不向申请人提供政府信息，不能随答复提供公开信息。请先删除已上传的 ${rows.length} 个文件，或改选“予以公开”“部分公开”。` };
  }
  const blocked = rows.filter(needsReview);
  if (blocked.length === 0) return null;
  return {
    '': `以下公开信息尚未核查，不能随答复提供：${blocked.map((f) => `“${f.filename}”（${scanSummary(f)}）`).join('；')}。请上传处理后的文件替换，或核查后确认“已核查，可以公开”并填写理由。`,
  };
}

/** The warning (not a refusal) for 予以公开 / 部分公开 without any record when the applicant asked for them electronically. */
export function missingRecordsWarning(replyType: ReplyType, deliveryForm: string, count: number, when: 'before' | 'after' = 'before'): string | null {
  if (!releasesRecords(replyType) || count > 0 || !electronicDeliveryForms.includes(deliveryForm)) return null;
  return when === 'before'
    ? `申请人要求以“${deliveryForm}”方式获取信息，但本申请尚未上传随答复提供的公开信息。如信息另行邮寄或当面提供，请在答复要点中写明；否则请先上传。`
    : `答复未附公开信息，而申请人要求以“${deliveryForm}”方式获取信息：请按答复要点所述另行提供（如邮寄或当面提供）。`;
}

/** At the reply, in its transaction: the released records become the applicant's. Returns how many. */
export async function deliverReleased(trx: Queryable, caseId: number): Promise<number> {
  const rows = await trx.updateTable('application_files').set({ to_applicant: 1 }).where('application_id', '=', caseId).where('kind', '=', 'released').where('to_applicant', '=', 0).executeTakeFirst();
  return Number(rows.numUpdatedRows);
}

type Storage = { dataDir: string; secret: string };

/** The case, if the actor may change its released records now; else the refusal. */
async function manageable(db: Queryable, caseId: number, actor: CaseActor, lock: boolean): Promise<CaseRow | string> {
  const c = lock ? await store.lockCase(db, caseId) : await store.findCase(db, caseId);
  if (!c || c.site_id !== actor.siteId) return '该申请不存在';
  if (!(openStatuses as readonly string[]).includes(c.status)) return '该申请已答复或办结，随答复提供的公开信息不能再更改';
  if (!actorHolds(actor, releaseRoles, c)) return '您无权更改本申请随答复提供的公开信息（承办处室只能办理分办给本处室的申请）';
  return c;
}

async function releasedRow(db: Queryable, caseId: number, fileId: number): Promise<CaseFileRow | string> {
  const row = (await releasedFiles(db, caseId)).find((f) => f.id === fileId);
  if (!row) return '该文件不存在或已删除';
  if (row.to_applicant === 1) return '该文件已随答复提供给申请人，不能再更改';
  return row;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * Uploads a released record (scanned, stored encrypted, not yet the applicant's); with `replaces`,
 * the new file takes the place of an earlier one (e.g. a redacted copy of a flagged file).
 */
export async function addReleased(
  database: Database,
  storage: Storage,
  caseId: number,
  actor: CaseActor,
  upload: UploadedFile | undefined,
  options: { replaces?: number } = {},
): Promise<Outcome<{ id: number; status: string }>> {
  const first = await manageable(database.db, caseId, actor, false);
  if (typeof first === 'string') return invalid({ '': first });
  if (options.replaces !== undefined) {
    const old = await releasedRow(database.db, caseId, options.replaces);
    if (typeof old === 'string') return invalid({ '': old });
  }
  if (!upload) return invalid({ file: '请选择要上传的文件' });
  const checked = checkReleasedUpload(upload);
  if (typeof checked === 'string') return invalid({ file: checked });
  // Scanning can take a moment: outside the transaction, before the case is locked.
  const scan = await scanReleased(checked, await sensitiveTerms(database.db, first.site_id));
  const findings = JSON.stringify({ total: scan.total, items: scan.findings });
  const result = await database.db.transaction().execute(async (trx) => {
    const c = await manageable(trx, caseId, actor, true);
    if (typeof c === 'string') return invalid<{ id: number; status: string; removedKey?: string }>({ '': c });
    const old = options.replaces === undefined ? undefined : await releasedRow(trx, caseId, options.replaces);
    if (typeof old === 'string') return invalid<{ id: number; status: string; removedKey?: string }>({ '': old });
    const id = await storeCaseFile(trx, storage, { caseId, kind: 'released', upload: checked, createdBy: actor.id, toApplicant: false, scan: { status: scan.status, findings } });
    if (old) await trx.deleteFrom('application_files').where('id', '=', old.id).execute();
    const verdict = scanSummary({ scan_status: scan.status, scan_findings: findings });
    await appendAudit(trx, actor, {
      action: old ? 'application.released.replace' : 'application.released.add',
      targetType: 'application',
      targetId: c.id,
      summary: `${c.number}：${old ? `以“${checked.filename}”替换随答复提供的公开信息“${old.filename}”` : `上传随答复提供的公开信息“${checked.filename}”`}（${sizeText(checked.data.length)}），自动检查：${verdict}`,
      detail: { fileId: id, filename: checked.filename, size: checked.data.length, scanStatus: scan.status, findings: scan.findings.slice(0, 20), ...(old ? { replaced: { fileId: old.id, filename: old.filename } } : {}) },
    });
    return ok({ id, status: scan.status, removedKey: old?.storage_key });
  });
  if (!result.ok) return result;
  if (result.value.removedKey) await deleteCaseFileBytes(storage.dataDir, result.value.removedKey);
  return ok({ id: result.value.id, status: result.value.status });
}

/** Removes a released record that has not gone to the applicant (row and bytes; the audit log keeps the record). */
export async function removeReleased(database: Database, storage: Storage, caseId: number, fileId: number, actor: CaseActor): Promise<Outcome<true>> {
  const result = await database.db.transaction().execute(async (trx) => {
    const c = await manageable(trx, caseId, actor, true);
    if (typeof c === 'string') return invalid<string>({ '': c });
    const row = await releasedRow(trx, caseId, fileId);
    if (typeof row === 'string') return invalid<string>({ '': row });
    await trx.deleteFrom('application_files').where('id', '=', row.id).execute();
    await appendAudit(trx, actor, {
      action: 'application.released.remove',
      targetType: 'application',
      targetId: c.id,
      summary: `${c.number}：删除随答复提供的公开信息“${row.filename}”（${sizeText(row.size)}，自动检查：${scanSummary(row)}）`,
      detail: { fileId: row.id, filename: row.filename },
    });
    return ok(row.storage_key);
  });
  if (!result.ok) return result;
  await deleteCaseFileBytes(storage.dataDir, result.value);
  return ok(true);
}

export const MIN_REASON = 4;
export const MAX_REASON = 2000;

/** "已核查，可以公开": a staff member lets a flagged file go with the reply, with a written reason. */
export async function confirmReleased(database: Database, caseId: number, fileId: number, actor: CaseActor, reason: string): Promise<Outcome<true>> {
  const why = reason.replaceAll('\u0000', '').trim();
  if (why.length < MIN_REASON) return invalid({ reason: `请填写核查意见（至少 ${MIN_REASON} 个字），说明为何可以公开，例如“系单位公开的办公电话”` });
  if (why.length > MAX_REASON) return invalid({ reason: `核查意见不能超过 ${MAX_REASON} 个字` });
  return database.db.transaction().execute(async (trx) => {
    const c = await manageable(trx, caseId, actor, true);
    if (typeof c === 'string') return invalid<true>({ '': c });
    const row = await releasedRow(trx, caseId, fileId);
    if (typeof row === 'string') return invalid<true>({ '': row });
    if (row.scan_status === 'clean') return invalid<true>({ '': `“${row.filename}”未发现疑似敏感信息，无需确认` });
    if (row.reviewed_at) return invalid<true>({ '': `“${row.filename}”已于 ${row.reviewed_at.slice(0, 10)} 核查确认` });
    await trx.updateTable('application_files').set({ reviewed_by: actor.id, reviewed_at: nowIso(), review_note: why }).where('id', '=', row.id).execute();
    const { items } = findingsOf(row);
    await appendAudit(trx, actor, {
      action: 'application.released.confirm',
      targetType: 'application',
      targetId: c.id,
      summary: `${c.number}：确认随答复提供的公开信息“${row.filename}”已核查，可以公开（${scanSummary(row)}${items.length ? `：${items.slice(0, 5).map((f) => f.masked).join('、')}${items.length > 5 ? '等' : ''}` : ''}）；理由：${why}`,
      detail: { fileId: row.id, filename: row.filename, scanStatus: row.scan_status, findings: items.slice(0, 20), reason: why },
    });
    return ok(true as const);
  });
}
