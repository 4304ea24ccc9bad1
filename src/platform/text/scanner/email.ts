import type { Span } from './finding.js';

/*
 * E-mail addresses with an ASCII local part and domain (full-width ＠ and letters count, as
 * the text is half-width when this runs). A local part may not start or end with a dot; the
 * top-level domain is 2–24 letters.
 */
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

/** E-mail addresses in half-width `text` (see toHalfWidth). */
export function findEmails(text: string): Span[] {
  return [...text.matchAll(EMAIL)].map((match) => ({
    type: 'email' as const,
    start: match.index,
    end: match.index + match[0].length,
  }));
}
