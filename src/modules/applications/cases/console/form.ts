import type { Errors, Values } from '../../../../platform/views/forms.js';

/** Form plumbing of the applications console. */

/** A form posted with problems: shown again with its input and errors (status 422). */
export interface FormState {
  form: string;
  values: Values;
  errors: Errors;
}

/** The named text fields of a form body (first value of a repeated field), trimmed of NULs; missing → ''. */
export function fields(body: unknown, names: readonly string[]): Record<string, string> {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = typeof first === 'string' ? first.replaceAll('\u0000', '') : '';
  }
  return out;
}

/** A small whole number typed in a form, or undefined. */
export function intField(value: string | undefined): number | undefined {
  const v = (value ?? '').trim();
  return /^\d{1,7}$/.test(v) ? Number(v) : undefined;
}

/** The values and field errors for one form on a page with several (form-level errors show at the top). */
export function stateFor(state: FormState | undefined, form: string, initial: Values): { values: Values; errors: Errors; idPrefix: string } {
  const idPrefix = `${form}-`;
  if (state?.form !== form) return { values: initial, errors: {}, idPrefix };
  const { '': _formLevel, ...errors } = state.errors;
  return { values: state.values, errors, idPrefix };
}

/** 2026-03-01 08:30 in Beijing time. */
export const fmtTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).replace(/\//g, '-') : '—';
