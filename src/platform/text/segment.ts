import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { domainDictionary } from './segment-dict.js';

/*
 * Chinese word segmentation for search: the same tokens on the index side and the query side.
 * - Text is normalised first: NFKC (full-width letters and digits become ASCII), lower case,
 *   everything that is not a letter or a digit becomes a space (so punctuation never reaches an
 *   index, and 〔2024〕 / [2024] / (2024) give the same tokens).
 * - Index side: jieba's search mode (each word plus the dictionary words of 2 and 3 characters
 *   inside it) and, for words of 5 characters or more, also the longer dictionary words inside
 *   them (控制性详细规划 → 详细规划), which search mode alone would hide.
 * - Query side: jieba's precise mode, so a query word is matched as a whole word.
 * - HMM guessing of unknown words is off on both sides: it depends on context, and the same
 *   string must give the same tokens in a title, a body and a query.
 * - A handful of function characters (的, 和, 与 …) are dropped on both sides.
 */

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(domainDictionary(), 'utf8'));
  }
  return jieba;
}

const STOP_TOKENS = new Set(['的', '了', '和', '与', '及', '或', '之', '是', '为', '等', '其', '对', '将', '于', '并', '而', '也', '被', '把', '在']);
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const LONG_WORD = 5;

/** NFKC, lower case, punctuation and symbols to spaces, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_WORD, ' ').trim();
}

const keep = (token: string): boolean => token.trim() !== '' && !STOP_TOKENS.has(token);

const innerWords = new Map<string, string[]>();

/** Dictionary words of 4+ characters inside a long word (cached: the vocabulary is small). */
function longInnerWords(word: string): string[] {
  let found = innerWords.get(word);
  if (!found) {
    found = segmenter()
      .cutAll(word)
      .filter((w) => w.length >= 4 && w !== word);
    if (innerWords.size > 50_000) innerWords.clear();
    innerWords.set(word, found);
  }
  return found;
}

/** Index tokens of a text, in order, duplicates kept (term frequency matters for ranking). */
export function segmentForIndex(text: string): string[] {
  const normalized = normalizeText(text);
  if (!normalized) return [];
  const tokens: string[] = [];
  for (const token of segmenter().cutForSearch(normalized, false)) {
    if (!keep(token)) continue;
    tokens.push(token);
    // UTF-16 length: CJK words are in the BMP; a rare astral character only makes a word "longer".
    if (token.length >= LONG_WORD) tokens.push(...longInnerWords(token));
  }
  return tokens;
}

/** Query words (precise mode), without duplicates, in order. */
export function segmentQuery(text: string): string[] {
  const normalized = normalizeText(text);
  if (!normalized) return [];
  return [...new Set(segmenter().cut(normalized, false).filter(keep))];
}

/**
 * A looser reading of query words, used when the precise one finds nothing: every word of 3+
 * characters is replaced by the shorter dictionary words inside it when those cover it entirely.
 */
export function relaxQuery(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const chars = [...word];
    if (chars.length < 3) {
      out.push(word);
      continue;
    }
    const parts = segmenter()
      .cutForSearch(word, false)
      .filter((w) => w !== word && keep(w));
    const covered = new Set<number>();
    for (const part of parts) {
      let from = word.indexOf(part);
      while (from >= 0) {
        for (let i = from; i < from + part.length; i++) covered.add(i);
        from = word.indexOf(part, from + 1);
      }
    }
    out.push(...(covered.size === word.length && parts.length > 0 ? parts : [word]));
  }
  return [...new Set(out)];
}

/** Tokens of a text joined by spaces: the form stored in FTS5 and tsvector input. */
export const indexText = (text: string): string => segmentForIndex(text).join(' ');
