import type { Span } from './finding.js';

/*
 * Secrecy markings (密级标志). The words themselves are everyday vocabulary in public documents
 * ("保守国家秘密和工作秘密", "秘密投票", "商业秘密", "机密文件管理办法"), so only the forms a
 * marking takes are flagged:
 *  1. a level (绝密/机密/秘密) followed by ★ or ☆, with an optional period: 秘密★, 机密★1年,
 *     绝密★长期, 绝密★启用前, 机密★2030年12月31日;
 *  2. a marking word in brackets: 【机密】, 〔内部资料〕, (秘密★5年), [工作秘密], 「内部使用」;
 *  3. a marking word at the start of a line followed by whitespace or the end of the line:
 *     "机密", "秘密 1年", "工作秘密 …";
 *  4. a labelled level: 密级：秘密, 密级: 工作秘密;
 *  5. the phrases 内部资料，注意保存 (or 注意保管, 请勿/严禁/不得外传) and 仅供/仅限内部使用.
 * Marking words are the three levels, 工作秘密, 内部资料 and 内部使用. The text is half-width
 * when this runs, so full-width brackets, colons and digits are covered.
 */

const LEVEL = '(?:绝密|机密|秘密)';
const MARK_WORD = '(?:绝密|机密|秘密|工作秘密|内部资料|内部使用)';
const STAR = '[ \\t]*[★☆]';
const PERIOD = '(?:[ \\t]*(?:长期|启用前|考试结束前|\\d{4}年\\d{1,2}月\\d{1,2}日前?|\\d{1,3}[ \\t]*(?:年|个月)))';

const PATTERNS: readonly RegExp[] = [
  new RegExp(`${LEVEL}${STAR}${PERIOD}?`, 'g'),
  new RegExp(`[【〔[(「『][ \\t]*${MARK_WORD}(?:${STAR})?${PERIOD}?[ \\t]*[】〕\\])」』]`, 'g'),
  new RegExp(`^[ \\t]*${MARK_WORD}(?:${STAR})?${PERIOD}?(?=[ \\t]|$)`, 'gm'),
  new RegExp(`密级[ \\t]*:[ \\t]*(?:${MARK_WORD}|内部)(?:${STAR})?${PERIOD}?`, 'g'),
  /内部资料[ \t]*[,、]?[ \t]*(?:注意保存|注意保管|请勿外传|严禁外传|不得外传)/g,
  /仅[供限]内部使用/g,
];

/** Secrecy markings in half-width `text` (see toHalfWidth); may overlap each other. */
export function findSecretMarks(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      // Pattern 3 matches from the line start; the finding begins at the marking word.
      const leading = /^[ \t]*/.exec(match[0])![0].length;
      spans.push({ type: 'secret_mark', start: match.index + leading, end: match.index + match[0].length });
    }
  }
  return spans;
}
