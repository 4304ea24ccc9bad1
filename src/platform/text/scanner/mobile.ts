import type { Span } from './finding.js';
import { NOT_AMOUNT_END, NOT_AMOUNT_START, NUMBER_END, NUMBER_START } from './normalize.js';

/*
 * Mainland mobile numbers: 11 digits 1[3-9]xxxxxxxxx, contiguous or grouped 3-4-4 with the
 * same single space or dash twice, optionally after +86, 0086, 86 or (+86) (the prefix is part of
 * the finding, and stays visible when masked).
 */
const MOBILE = new RegExp(
  `${NUMBER_START}${NOT_AMOUNT_START}(?:(?:\\(\\+?86\\)|(?:\\+|00)?86)[ -]?)?1[3-9]\\d([ -]?)\\d{4}\\1\\d{4}${NUMBER_END}${NOT_AMOUNT_END}`,
  'g',
);

/** Mobile numbers in half-width `text` (see toHalfWidth). */
export function findMobiles(text: string): Span[] {
  return [...text.matchAll(MOBILE)].map((match) => ({
    type: 'mobile' as const,
    start: match.index,
    end: match.index + match[0].length,
  }));
}
