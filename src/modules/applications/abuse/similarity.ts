import { segmentQuery } from '../../../platform/text/segment.js';

/*
 * Near-identical request texts (条例第三十六条第（六）项 重复申请; 第三十五条 大量反复申请).
 *
 * Why jieba word tokens, as sets, compared by Jaccard similarity:
 * - Chinese has no spaces; single characters are too coarse (信, 息, 公, 开 appear in every
 *   request, so any two requests share most characters) and character n-grams are sensitive to
 *   word order. Words are what a person changes when rewording a request.
 * - The same segmenter as site search (src/platform/text/segment.ts, precise mode, HMM off), so
 *   the same string always gives the same tokens, and normalisation is shared: NFKC full-width
 *   to half-width, case, punctuation dropped, so "（2024）" and "(2024)" are the same.
 * - Sets, not bags: repeating a word does not make a new request.
 * - Request boilerplate (请, 申请, 公开, 提供, 政府信息 …) is removed: it is in almost every request,
 *   so it would pull unrelated requests together.
 *
 * Threshold 0.8: two requests of 10 content words that differ by one word score 9/11 ≈ 0.82;
 * by two words 8/12 ≈ 0.67. So 0.8 catches a reworded or re-punctuated copy but not a request
 * that genuinely asks for something else. Numbers are compared separately: a request for the
 * 2023 budget is not a repeat of one for the 2024 budget, however alike the words, so a pair whose
 * numeric tokens differ is never flagged (numbersMatch false). The result only informs the
 * handler, who decides; nothing is refused automatically.
 */

export const DEFAULT_SIMILARITY_THRESHOLD = 0.8;

const BOILERPLATE = new Set([
  '请', '请求', '申请', '申请人', '公开', '提供', '获取', '查询', '要求', '希望', '本人', '我', '我们', '您', '贵', '贵单位', '贵局', '贵机关',
  '政府', '信息', '政府信息', '相关', '有关', '以下', '如下', '内容', '谢谢', '需要',
]);

const NUMERIC = /^\p{N}+$/u;

/** A numeric token without leading zeros ("01" and "1" are the same month). */
const canonical = (token: string) => (NUMERIC.test(token) ? token.replace(/^0+(?=\d)/, '') : token);

/** The content-word set of a request text. */
export function requestTokens(text: string): Set<string> {
  return new Set(segmentQuery(text).filter((t) => !BOILERPLATE.has(t)).map(canonical));
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty (nothing to compare is not a match). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  return shared / (a.size + b.size - shared);
}

const numbersOf = (tokens: ReadonlySet<string>) => [...tokens].filter((t) => NUMERIC.test(t)).sort().join(' ');

export interface Similarity {
  /** Jaccard similarity of the content-word sets, 0..1. */
  score: number;
  /** The same numbers (years, 文号, plot numbers) in both texts. */
  numbersMatch: boolean;
}

/** How alike two request texts are. Pass precomputed token sets to compare one text against many. */
export function requestSimilarity(a: string | ReadonlySet<string>, b: string | ReadonlySet<string>): Similarity {
  const ta = typeof a === 'string' ? requestTokens(a) : a;
  const tb = typeof b === 'string' ? requestTokens(b) : b;
  return { score: jaccard(ta, tb), numbersMatch: numbersOf(ta) === numbersOf(tb) };
}

/** A near-identical request: at or above the threshold, with the same numbers. */
export function isNearDuplicate(s: Similarity, threshold = DEFAULT_SIMILARITY_THRESHOLD): boolean {
  return s.numbersMatch && s.score >= threshold;
}
