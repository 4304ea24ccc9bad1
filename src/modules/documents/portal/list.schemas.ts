import { z } from 'zod';
import { documentTypeCodes, interpretationForms, validityStates, type InterpretationForm, type Validity } from '../documents.vocabulary.js';

/** Query parameters of the library lists and feeds. Blank fields (an empty select) count as absent. */

export const PAGE_SIZE = 20;
export const MAX_PAGE = 1000;

export const typeParam = z.enum(documentTypeCodes, { error: '文件类型不正确' });
export const validityParam = z.enum(Object.keys(validityStates) as [Validity, ...Validity[]], { error: '效力状态不正确' });
export const formParam = z.enum(Object.keys(interpretationForms) as [InterpretationForm, ...InterpretationForm[]], { error: '解读形式不正确' });
export const themeParam = z.string({ error: '主题分类不正确' }).trim().min(1).max(64, '主题分类不超过 64 个字');
export const yearParam = z.coerce.number({ error: '年份应为四位数字，如 2024' }).int('年份应为四位数字，如 2024').min(1949, '年份应在 1949–2100 之间').max(2100, '年份应在 1949–2100 之间');
export const pageParam = z.coerce.number({ error: `页码应为 1–${MAX_PAGE} 的整数` }).int(`页码应为 1–${MAX_PAGE} 的整数`).min(1, `页码应为 1–${MAX_PAGE} 的整数`).max(MAX_PAGE, `页码应为 1–${MAX_PAGE} 的整数`);

export const listQuery = z.object({
  type: typeParam.optional(),
  theme: themeParam.optional(),
  year: yearParam.optional(),
  validity: validityParam.optional(),
  form: formParam.optional(),
  page: pageParam.default(1),
});
export type ListQuery = z.infer<typeof listQuery>;

export const feedQuery = z.object({ type: typeParam.optional(), theme: themeParam.optional() });

/** The query string without blank values (and without a repeated key's extra values turned into arrays of blanks). */
export function withoutBlanks(query: unknown): Record<string, unknown> {
  if (!query || typeof query !== 'object') return {};
  return Object.fromEntries(Object.entries(query as Record<string, unknown>).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
}

/** zod issues as field → Chinese message (the first per field). */
export function issuesByField(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Canonical query string of the given values (stable order; page 1 left out), '' or '?a=b'. */
export function canonicalQuery(values: Record<string, string | number | undefined>, page?: number): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (value !== undefined && value !== '' && key !== 'page') params.set(key, String(value));
  }
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
