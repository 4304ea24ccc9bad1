import type { Span } from './finding.js';
import { toMatchForm } from './normalize.js';

/*
 * Terms from the admin-maintained list. Matching ignores Latin case and full-/half-width
 * differences; where terms overlap the longest one starting first wins. A term that begins
 * (ends) with a Latin letter or digit only matches where no letter or digit precedes
 * (follows) it, so "SB" does not fire inside "USB"; Chinese terms match anywhere.
 */

const WORD_CHAR = /[a-z0-9]/;

export interface TermMatcher {
  /** Terms keyed by their first code unit, longest first. */
  byFirstChar: Map<string, string[]>;
}

/** Normalizes, trims and de-duplicates `terms`; blank entries are ignored. */
export function compileTerms(terms: readonly string[]): TermMatcher {
  const unique = [...new Set(terms.map((term) => toMatchForm(term.trim())).filter((term) => term.length > 0))];
  unique.sort((a, b) => b.length - a.length);
  const byFirstChar = new Map<string, string[]>();
  for (const term of unique) {
    const list = byFirstChar.get(term[0]!) ?? [];
    list.push(term);
    byFirstChar.set(term[0]!, list);
  }
  return { byFirstChar };
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

function matchesAt(text: string, term: string, start: number): boolean {
  if (!text.startsWith(term, start)) return false;
  const end = start + term.length;
  if (isWordChar(term[0]) && isWordChar(text[start - 1])) return false;
  return !(isWordChar(term[term.length - 1]) && isWordChar(text[end]));
}

/** Leftmost-longest, non-overlapping occurrences of the terms in `normalized` (see toMatchForm). */
export function findTerms(normalized: string, matcher: TermMatcher): Span[] {
  if (matcher.byFirstChar.size === 0) return [];
  const spans: Span[] = [];
  let i = 0;
  while (i < normalized.length) {
    const term = matcher.byFirstChar.get(normalized[i]!)?.find((candidate) => matchesAt(normalized, candidate, i));
    if (term === undefined) {
      i++;
      continue;
    }
    spans.push({ type: 'sensitive_term', start: i, end: i + term.length });
    i += term.length;
  }
  return spans;
}
