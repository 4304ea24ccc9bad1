import { FAQ_MAX_ANSWER, FAQ_MAX_ITEMS, FAQ_MAX_QUESTION } from './relay.vocabulary.js';

export interface FaqItem {
  q: string;
  a: string;
}

export type FaqParse = { ok: true; items: FaqItem[] } | { ok: false; error: string };

// "问：" / "问:" / "Q:" (optionally numbered "1. 问：", "（1）问："); likewise 答 / A.
const MARK = /^(?:[（(]?\d{1,3}[)）.、．]?\s*)?(问|答|Q|A)\s*[：:]\s*/i;

/**
 * The FAQ textarea of a relay package: blocks of "问：…" followed by "答：…"; an answer may run
 * over several lines. Returns the pairs, or the first problem with its line number in plain Chinese.
 */
export function parseFaq(text: string): FaqParse {
  const items: FaqItem[] = [];
  let current: { q: string[]; a: string[] | null; line: number } | null = null;
  const close = (): string | null => {
    if (!current) return null;
    const q = current.q.join('\n').trim();
    const a = (current.a ?? []).join('\n').trim();
    if (!q) return `第 ${current.line} 行：「问：」后面没有问题内容`;
    if (current.a === null) return `第 ${current.line} 行的问题缺少「答：」`;
    if (!a) return `第 ${current.line} 行的问题「${q.slice(0, 20)}」的回答是空的`;
    if (q.length > FAQ_MAX_QUESTION) return `第 ${current.line} 行：问题不超过 ${FAQ_MAX_QUESTION} 字`;
    if (a.length > FAQ_MAX_ANSWER) return `第 ${current.line} 行的问题：回答不超过 ${FAQ_MAX_ANSWER} 字`;
    items.push({ q, a });
    current = null;
    return null;
  };

  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (const [index, raw] of lines.entries()) {
    const lineNo = index + 1;
    const line = raw.trim();
    const mark = MARK.exec(line);
    const kind = mark ? (/^(问|q)$/i.test(mark[1]!) ? 'q' : 'a') : null;
    const rest = mark ? line.slice(mark[0].length) : line;
    if (kind === 'q') {
      const problem = close();
      if (problem) return { ok: false, error: problem };
      current = { q: [rest], a: null, line: lineNo };
    } else if (kind === 'a') {
      if (!current) return { ok: false, error: `第 ${lineNo} 行：「答：」前缺少对应的「问：」` };
      if (current.a !== null) return { ok: false, error: `第 ${lineNo} 行：一个问题只能有一个「答：」，新的问题请以「问：」开头` };
      current.a = [rest];
    } else if (line === '') {
      if (current?.a) current.a.push('');
    } else if (!current) {
      return { ok: false, error: `第 ${lineNo} 行：每条问答应以「问：」开头` };
    } else {
      (current.a ?? current.q).push(line);
    }
  }
  const problem = close();
  if (problem) return { ok: false, error: problem };
  if (items.length === 0) return { ok: false, error: '请至少填写一条问答，格式为「问：……」换行「答：……」' };
  if (items.length > FAQ_MAX_ITEMS) return { ok: false, error: `问答不超过 ${FAQ_MAX_ITEMS} 条（现有 ${items.length} 条）` };
  return { ok: true, items: items.map((i) => ({ q: i.q, a: i.a.replace(/\n{3,}/g, '\n\n') })) };
}

/** The pairs back as textarea text (to edit, or to prefill from a 主题库's FAQ). */
export const formatFaq = (items: FaqItem[]): string => items.map((i) => `问：${i.q}\n答：${i.a}`).join('\n\n');
