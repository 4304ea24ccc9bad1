/** What a command returns: the value, or the per-field problems a person can fix (never an exception). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };
export type FieldErrors = Record<string, string>;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const invalid = <T = never>(errors: FieldErrors): Outcome<T> => ({ ok: false, errors });

/** Zod issues → the first message per field ('' for form-level problems). */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}
