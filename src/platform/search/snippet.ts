/*
 * Result snippets, computed from the stored plain-text body (not from FTS5's snippet(), which
 * would show segmented tokens): a window around the first matched word, HTML-escaped, with every
 * matched word inside the window wrapped in <mark>.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** One code point in the normalised form tokens use (NFKC, lower case, punctuation → space). */
function normalizeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (code >= 0x4e00 && code <= 0x9fff) return c;
  if (code < 0x80) return /[a-z0-9]/i.test(c) ? c.toLowerCase() : ' ';
  const n = c.normalize('NFKC').toLowerCase();
  return [...n].map((x) => (WORD_CHAR.test(x) ? x : ' ')).join('');
}

export interface SnippetOptions {
  /** Characters before the first match. */
  before?: number;
  /** Total characters shown. */
  length?: number;
}

/** HTML for a snippet of `body` around `words` (already normalised, longest first). */
export function makeSnippet(body: string, words: string[], options: SnippetOptions = {}): string {
  const before = options.before ?? 30;
  const length = options.length ?? 120;
  const chars = [...body.replace(/\s+/g, ' ').trim()];
  // norm is the normalised text; origin[i] is the index in chars of norm's UTF-16 unit i.
  let norm = '';
  const origin: number[] = [];
  chars.forEach((c, i) => {
    const n = normalizeChar(c);
    norm += n;
    for (let k = 0; k < n.length; k++) origin.push(i);
  });
  const targets = words.filter((w) => w.length > 0);
  let first = -1;
  for (const word of targets) {
    const at = norm.indexOf(word);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  const firstChar = first < 0 ? 0 : origin[first]!;
  const start = Math.max(0, Math.min(firstChar - before, chars.length - length));
  const end = Math.min(chars.length, start + length);
  // Mark matches inside the window, longest word first, never overlapping.
  const marked = new Uint8Array(end - start);
  const normFrom = origin.findIndex((o) => o >= start);
  for (const word of targets) {
    let at = normFrom < 0 ? -1 : norm.indexOf(word, normFrom);
    while (at >= 0 && origin[at]! < end) {
      const from = origin[at]!;
      const to = Math.min(end, origin[at + word.length - 1]! + 1);
      let free = true;
      for (let i = from; i < to; i++) if (marked[i - start]) free = false;
      if (free) for (let i = from; i < to; i++) marked[i - start] = i === from ? 2 : 1;
      at = norm.indexOf(word, at + word.length);
    }
  }
  let html = start > 0 ? '…' : '';
  let open = false;
  for (let i = start; i < end; i++) {
    const flag = marked[i - start];
    if (open && flag !== 1) {
      html += '</mark>';
      open = false;
    }
    if (flag === 2) {
      html += '<mark>';
      open = true;
    }
    html += escapeHtml(chars[i]!);
  }
  if (open) html += '</mark>';
  return end < chars.length ? `${html}…` : html;
}
