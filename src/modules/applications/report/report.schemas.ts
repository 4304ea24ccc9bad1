import { z } from 'zod';
import { emptyManual, emptyProse, type Manual, type Prose } from './report.model.js';

const count = z
  .string()
  .default('')
  .transform((v) => v.trim())
  .refine((v) => v === '' || /^\d{1,9}$/.test(v), '请填写不超过 9 位的非负整数（没有则填 0）')
  .transform((v) => (v === '' ? null : Number(v)));

const amount = z
  .string()
  .default('')
  .transform((v) => v.trim())
  .refine((v) => v === '' || /^\d{1,9}(\.\d{1,4})?$/.test(v), '请填写金额（单位：万元），最多四位小数（没有则填 0）')
  .transform((v) => (v === '' ? null : Number(v)));

/** The manual entries of table 2; a blank stays blank (the report cannot be published until filled). */
export const manualSchema = z.object({ licensing: count, penalty: count, enforcement: count, fees: amount });

const section = z
  .string()
  .default('')
  .transform((v) => v.replace(/\r\n/g, '\n').trim())
  .refine((v) => v.length <= 20000, '不超过 20000 字');

export const proseSchema = z.object({ overview: section, problems: section, other: section });

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

export function parseManual(json: string | undefined): Manual {
  const raw = safeJson(json);
  const base = emptyManual();
  return { licensing: numberOrNull(raw.licensing ?? base.licensing), penalty: numberOrNull(raw.penalty), enforcement: numberOrNull(raw.enforcement), fees: numberOrNull(raw.fees) };
}

export function parseProse(json: string | undefined): Prose {
  const raw = safeJson(json);
  const base = emptyProse();
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { overview: text(raw.overview ?? base.overview), problems: text(raw.problems), other: text(raw.other) };
}

function safeJson(json: string | undefined): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Form values for the manual form (numbers back to text). */
export const manualValues = (m: Manual): Record<string, string> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v === null ? '' : String(v)]));
