import type { Finding } from './finding.js';
import { toHalfWidth } from './normalize.js';

/*
 * 脱敏 conventions (each keeps the original characters it shows, full-width or not):
 *  - id_card: first 4 and last 4 characters kept (region prefix and check digits), the birth
 *    date and the rest starred: 310101199003073218 → 3101**********3218;
 *  - mobile: first 3 and last 4 of the 11 digits kept, the +86 prefix and separators kept:
 *    138-1234-8000 → 138-****-8000;
 *  - bank_card: only the last 4 digits kept, separators kept: 6222 0212 3456 7890 → **** **** **** 7890;
 *  - email: first character of the local part and the whole domain kept, the rest becomes ***
 *    (so the length is not revealed): zhangsan@example.com → z***@example.com;
 *  - secret_mark, sensitive_term: every character (code point) becomes ＊.
 */

const MASK = '*';
const FULL_WIDTH_MASK = '＊';

/** Replaces the characters at the given positions by '*'. */
function starPositions(text: string, positions: readonly number[]): string {
  const chars = text.split('');
  for (const position of positions) chars[position] = MASK;
  return chars.join('');
}

/** Indices of the digits and X/x in `text` (one code unit each, even when full-width). */
function significantPositions(text: string): number[] {
  const half = toHalfWidth(text);
  const positions: number[] = [];
  for (let i = 0; i < half.length; i++) if (/[\dXx]/.test(half[i]!)) positions.push(i);
  return positions;
}

export function maskFinding(finding: Pick<Finding, 'type' | 'text'>): string {
  const { text } = finding;
  switch (finding.type) {
    case 'id_card': {
      const positions = significantPositions(text);
      return starPositions(text, positions.slice(4, -4));
    }
    case 'mobile': {
      const national = significantPositions(text).slice(-11);
      return starPositions(text, national.slice(3, 7));
    }
    case 'bank_card':
      return starPositions(text, significantPositions(text).slice(0, -4));
    case 'email': {
      const at = toHalfWidth(text).lastIndexOf('@');
      if (at <= 1) return `${MASK}${text.slice(at)}`;
      return `${String.fromCodePoint(text.codePointAt(0)!)}${MASK.repeat(3)}${text.slice(at)}`;
    }
    case 'secret_mark':
    case 'sensitive_term':
      return FULL_WIDTH_MASK.repeat([...text].length);
  }
}

/**
 * Replaces each finding's span of `text` with its `masked` text. Findings may come in any
 * order but must not overlap and must still match the text (a finding from an older version
 * of the text throws RangeError rather than corrupting it).
 */
export function applyMasks(text: string, findings: readonly Finding[]): string {
  const ordered = [...findings].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const finding of ordered) {
    if (finding.start < cursor) throw new RangeError(`脱敏范围重叠：${finding.start}–${finding.end}`);
    if (text.slice(finding.start, finding.end) !== finding.text) {
      throw new RangeError(`脱敏位置 ${finding.start}–${finding.end} 的文字已变化，请重新扫描`);
    }
    out += text.slice(cursor, finding.start) + finding.masked;
    cursor = finding.end;
  }
  return out + text.slice(cursor);
}
