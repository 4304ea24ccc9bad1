/*
 * Comparing two versions of a document: a line diff of the body text, each changed line refined
 * into a word diff, and the metadata fields that changed.
 *
 * A small LCS by hand rather than the `diff` package: the inputs are bounded (one policy's text,
 * a few hundred lines), the table is capped so a pathological pair degrades to "replaced" instead
 * of using unbounded memory, and Chinese needs word tokens from Intl.Segmenter anyway (jsdiff's
 * word mode splits on spaces, which Chinese text does not have).
 */
import { documentTypes, interpretationForms } from './documents.vocabulary.js';

export type PartKind = 'same' | 'added' | 'removed';
export interface DiffPart {
  kind: PartKind;
  text: string;
}
export type DiffRow =
  | { kind: 'same' | 'added' | 'removed'; text: string }
  | { kind: 'changed'; parts: DiffPart[] }
  | { kind: 'skipped'; count: number };

interface Op {
  kind: PartKind;
  items: string[];
}

/** Above this many table cells the middle part is shown as removed + added, not aligned. */
const MAX_CELLS = 2_000_000;
/** Unchanged lines shown around each change; longer unchanged runs are folded. */
const CONTEXT = 2;

function push(ops: Op[], kind: PartKind, items: readonly string[]) {
  if (items.length === 0) return;
  const last = ops.at(-1);
  if (last?.kind === kind) last.items.push(...items);
  else ops.push({ kind, items: [...items] });
}

/** The longest-common-subsequence alignment of two token lists, as runs of same / removed / added. */
export function diffSequences(a: readonly string[], b: readonly string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  push(ops, 'same', a.slice(0, start));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const cols = y.length + 1;
  if ((x.length + 1) * cols > MAX_CELLS) {
    push(ops, 'removed', x);
    push(ops, 'added', y);
  } else {
    // table[i * cols + j] = LCS length of x[i..] and y[j..]; min(len) ≤ √MAX_CELLS fits 16 bits.
    const table = new Uint16Array((x.length + 1) * cols);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        table[i * cols + j] = x[i] === y[j] ? table[(i + 1) * cols + j + 1]! + 1 : Math.max(table[(i + 1) * cols + j]!, table[i * cols + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) {
        push(ops, 'same', [x[i]!]);
        i++;
        j++;
      } else if (table[(i + 1) * cols + j]! >= table[i * cols + j + 1]!) {
        push(ops, 'removed', [x[i++]!]);
      } else {
        push(ops, 'added', [y[j++]!]);
      }
    }
    push(ops, 'removed', x.slice(i));
    push(ops, 'added', y.slice(j));
  }
  push(ops, 'same', a.slice(endA));
  return ops;
}

const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' });
const words = (line: string) => [...segmenter.segment(line)].map((s) => s.segment);

/** A word-level diff of one changed line. */
export function diffWords(before: string, after: string): DiffPart[] {
  return diffSequences(words(before), words(after)).map((op) => ({ kind: op.kind, text: op.items.join('') }));
}

/** The line diff of two texts, removed/added line pairs refined into word diffs, long unchanged runs folded. */
export function diffText(before: string, after: string): DiffRow[] {
  const ops = diffSequences(before.split('\n'), after.split('\n'));
  const rows: DiffRow[] = [];
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    const next = ops[k + 1];
    if (op.kind === 'removed' && next?.kind === 'added') {
      const paired = Math.min(op.items.length, next.items.length);
      for (let n = 0; n < paired; n++) rows.push({ kind: 'changed', parts: diffWords(op.items[n]!, next.items[n]!) });
      for (const text of op.items.slice(paired)) rows.push({ kind: 'removed', text });
      for (const text of next.items.slice(paired)) rows.push({ kind: 'added', text });
      k++;
    } else if (op.kind === 'same') {
      const first = k === 0;
      const last = k === ops.length - 1;
      const head = first ? 0 : CONTEXT;
      const tail = last ? 0 : CONTEXT;
      if (op.items.length > head + tail + 1) {
        for (const text of op.items.slice(0, head)) rows.push({ kind: 'same', text });
        rows.push({ kind: 'skipped', count: op.items.length - head - tail });
        for (const text of op.items.slice(op.items.length - tail)) rows.push({ kind: 'same', text });
      } else {
        for (const text of op.items) rows.push({ kind: 'same', text });
      }
    } else {
      for (const text of op.items) rows.push({ kind: op.kind, text });
    }
  }
  return rows;
}

export const fieldLabels: Record<string, string> = {
  title: '标题', type: '文件类型', docNumber: '文号', issuers: '发文机关', theme: '主题分类', writtenOn: '成文日期', effectiveOn: '施行日期',
  expiresOn: '有效期至', disclosureMethod: '公开方式', audienceTags: '适用对象', needsInterpretation: '需同步解读', interpretationForm: '解读形式',
  interpretsId: '所解读的政策',
};

function display(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (Array.isArray(value)) return value.length ? value.map(String).join('、') : '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (field === 'type') return documentTypes[value as keyof typeof documentTypes] ?? String(value);
  if (field === 'interpretationForm') return interpretationForms[value as keyof typeof interpretationForms] ?? String(value);
  if (field === 'interpretsId') return `#${String(value)}`;
  return String(value);
}

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** The metadata fields (and title) whose displayed value differs between two versions. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(fieldLabels)) {
    const a = display(field, before[field]);
    const b = display(field, after[field]);
    if (a !== b) changes.push({ field, label: fieldLabels[field]!, before: a, after: b });
  }
  return changes;
}

/** A version's `fields` JSON with its title, ready for diffFields; bad JSON counts as no fields. */
export function versionSnapshot(version: { title: string; fields: string }): Record<string, unknown> {
  let fields: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(version.fields);
    if (parsed && typeof parsed === 'object') fields = parsed as Record<string, unknown>;
  } catch {
    // A snapshot that does not parse compares as empty.
  }
  return { ...fields, title: version.title };
}
