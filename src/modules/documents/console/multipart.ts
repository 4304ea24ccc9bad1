import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../../../platform/http/errors.js';
import type { Values } from '../../../platform/views/forms.js';
import { MAX_ATTACHMENT_BYTES, type UploadedFile } from '../attachments.service.js';

/** A file part of a multipart form, read into memory (bounded by the limits below). */
export interface Upload extends UploadedFile {
  kind: 'upload';
}
export type FormBody = Record<string, string | string[] | Upload | undefined>;

/** Only this module's multipart hook makes uploads (a JSON body cannot forge a Buffer). */
const isUpload = (v: unknown): v is Upload => typeof v === 'object' && v !== null && (v as Upload).kind === 'upload' && Buffer.isBuffer((v as Upload).data);
/** PostgreSQL text cannot hold U+0000: a NUL typed or pasted into a form would otherwise fail the insert. */
export const withoutNul = (text: string) => text.replaceAll('\u0000', '');

/**
 * Registers multipart parsing in the documents console's own (encapsulated) scope and turns each
 * multipart body into a plain object of strings and uploads *before* the app-wide CSRF preHandler
 * runs, so `request.body._csrf` is checked for multipart posts exactly as for ordinary forms.
 * A file over the limit is kept as truncated (the service answers 422); a malformed body is a 400.
 */
export async function registerMultipart(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, {
    limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 60, parts: 61, fieldSize: 8 * 1024 * 1024 },
    throwFileSizeLimit: false,
  });
  scope.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const body: FormBody = Object.create(null) as FormBody;
    const add = (name: string, value: string | Upload) => {
      const before = body[name];
      if (before === undefined) body[name] = value;
      else if (typeof value === 'string') body[name] = [...(Array.isArray(before) ? before : typeof before === 'string' ? [before] : []), value];
    };
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          // An empty file input still sends a part, with no name and no bytes.
          if (!part.filename && data.length === 0) continue;
          add(part.fieldname, { kind: 'upload', filename: part.filename, data, truncated: part.file.truncated });
        } else {
          if (part.valueTruncated) throw new HttpError(413, 'too_large', '提交的内容过大。');
          add(part.fieldname, typeof part.value === 'string' ? part.value : '');
        }
      }
    } catch (error) {
      if (error instanceof HttpError) throw error;
      request.log.info({ err: error }, 'multipart body refused');
      throw new HttpError(400, 'bad_request', '上传的表单格式有误或超出限制（每次只能上传一个文件），请返回后重新提交。');
    }
    request.body = body;
  });
}

/** The text fields of a form body (first value of a repeated field; files left out). */
export function textFields(body: unknown, names?: readonly string[]): Values & Record<string, string> {
  const out: Record<string, string> = {};
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  for (const name of names ?? Object.keys(source)) {
    const value = source[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (name !== '_csrf' && typeof first === 'string') out[name] = withoutNul(first);
    else if (names) out[name] = '';
  }
  return out;
}

/** The uploaded file of a field, if one was chosen. */
export function uploadOf(body: unknown, name: string): Upload | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return isUpload(value) ? value : undefined;
}
