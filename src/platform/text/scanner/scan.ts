import { findBankCards } from './bank-card.js';
import { findEmails } from './email.js';
import type { Finding, FindingType, Span } from './finding.js';
import { chinaDateKey, findIdCards } from './id-card.js';
import { maskFinding } from './mask.js';
import { findMobiles } from './mobile.js';
import { lowerAscii, toHalfWidth } from './normalize.js';
import { findSecretMarks } from './secret-marks.js';
import { compileTerms, findTerms, type TermMatcher } from './sensitive-terms.js';

export interface ScanOptions {
  /** Sensitive terms (the admin-editable list); blank entries are ignored. */
  terms?: readonly string[] | TermMatcher;
  /** The clock for the birth-date plausibility check of identity numbers; defaults to now. */
  now?: Date;
}

/** On overlapping matches of equal length, the earlier type in this list wins. */
const PRECEDENCE: readonly FindingType[] = ['id_card', 'bank_card', 'mobile', 'email', 'secret_mark', 'sensitive_term'];

/**
 * Finds sensitive data in `text`. The result is sorted by `start` and never overlaps: where
 * matches overlap the longest span wins (an e-mail address 13812345678@163.com beats the
 * mobile number inside it), and on equal length the PRECEDENCE order (an 18-digit number that
 * is both a valid identity number and Luhn-valid is an id_card). Offsets are string indices
 * into `text` itself (see Finding).
 */
export function scanText(text: string, options: ScanOptions = {}): Finding[] {
  const half = toHalfWidth(text);
  const terms = options.terms === undefined ? undefined : 'byFirstChar' in options.terms ? options.terms : compileTerms(options.terms);
  const candidates: Span[] = [
    ...findIdCards(half, chinaDateKey(options.now ?? new Date())),
    ...findBankCards(half),
    ...findMobiles(half),
    ...findEmails(half),
    ...findSecretMarks(half),
    ...(terms ? findTerms(lowerAscii(half), terms) : []),
  ];
  return selectNonOverlapping(candidates, text.length).map(({ type, start, end }) => {
    const found = text.slice(start, end);
    return { type, start, end, text: found, masked: maskFinding({ type, text: found }) };
  });
}

function selectNonOverlapping(candidates: Span[], textLength: number): Span[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      PRECEDENCE.indexOf(a.type) - PRECEDENCE.indexOf(b.type) ||
      a.start - b.start,
  );
  const taken = new Uint8Array(textLength);
  const chosen: Span[] = [];
  for (const span of ranked) {
    if (taken.subarray(span.start, span.end).includes(1)) continue;
    taken.fill(1, span.start, span.end);
    chosen.push(span);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
