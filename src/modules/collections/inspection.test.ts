import { describe, expect, it } from 'vitest';
import type { CollectionRow, ItemRow } from './collections.store.js';
import { inspectCollection, internalTargets, referencedDocumentIds, type InspectedDocument, type InspectionContext } from './inspection.js';

const DAY_MS = 86_400_000;
const now = new Date('2026-11-25T00:00:00Z');
const collection = (over: Partial<CollectionRow> = {}): CollectionRow => ({
  id: 1, site_id: 1, slug: 'c', title: '测试', summary: '', published: 1, stale_after_days: 180, reviewed_at: null, created_by: null,
  created_at: now.toISOString(), updated_at: now.toISOString(), ...over,
});
const item = (over: Partial<ItemRow>): ItemRow => ({ id: 1, collection_id: 1, position: 1, kind: 'faq', document_id: null, title: '问题', body: '', url: '', created_at: '', ...over });
const doc = (over: Partial<InspectedDocument>): InspectedDocument => ({ id: 1, title: '文件', status: 'published', validity: 'current', validity_changed_on: null, disclosure: 'proactive', targeted: 0, ...over });
const ctx = (over: Partial<InspectionContext> = {}): InspectionContext => ({ now, documents: new Map(), successors: new Map(), topics: new Map(), internalHosts: ['gh.example.gov.cn'], ...over });

describe('collection inspection (pure)', () => {
  it('finds internal links, relative or on this site\'s hosts, and leaves other sites alone', () => {
    const text = '见 /documents/12、https://gh.example.gov.cn/topics/renewal?x=1 和 https://other.gov.cn/documents/13，以及 /documents/abc。';
    expect(internalTargets(text, ['gh.example.gov.cn']).map(({ raw: _raw, ...t }) => t)).toEqual([
      { kind: 'document', id: 12 }, { kind: 'topic', slug: 'renewal' }, { kind: 'document', id: null },
    ]);
    expect(referencedDocumentIds([item({ body: text }), item({ kind: 'document', document_id: 7 })], ['gh.example.gov.cn'])).toEqual([12, 7]);
  });

  it('uses the collection\'s own period for staleness, counting the last review too', () => {
    const items = [item({ body: '答复' })];
    const old = new Date(now.getTime() - 45 * DAY_MS).toISOString();
    expect(inspectCollection(collection({ updated_at: old }), items, ctx())).toEqual([]);
    const stale = inspectCollection(collection({ updated_at: old, stale_after_days: 30 }), items, ctx());
    expect(stale).toMatchObject([{ severity: 'warning', code: 'stale', itemId: null }]);
    expect(inspectCollection(collection({ updated_at: old, stale_after_days: 30, reviewed_at: now.toISOString() }), items, ctx())).toEqual([]);
  });

  it('grades documents: repealed or withdrawn is an error, amended or not yet published a warning', () => {
    const documents = new Map([
      [1, doc({ id: 1, validity: 'repealed', validity_changed_on: '2026-01-01' })],
      [2, doc({ id: 2, validity: 'amended' })],
      [3, doc({ id: 3, status: 'withdrawn' })],
      [4, doc({ id: 4, status: 'approved', disclosure: 'proactive' })],
      [5, doc({ id: 5, targeted: 1 })],
      [6, doc({ id: 6 })],
    ]);
    const items = [1, 2, 3, 4, 5, 6, 99].map((id) => item({ id, kind: 'document', document_id: id }));
    const findings = inspectCollection(collection(), items, ctx({ documents, successors: new Map([[2, { id: 8, title: '修改决定' }]]) }));
    expect(findings.map((f) => [f.itemId, f.severity, f.code])).toEqual([
      [1, 'error', 'document_repealed'], [2, 'warning', 'document_amended'], [3, 'error', 'document_withdrawn'],
      [4, 'warning', 'document_unpublished'], [5, 'error', 'document_not_public'], [99, 'error', 'document_missing'],
    ]);
    expect(findings[1]!.suggestedFix).toContain('《修改决定》（/documents/8）');
    expect(findings.every((f) => f.suggestedFix.length > 0)).toBe(true);
  });

  it('checks service-link syntax only, and flags unencrypted addresses', () => {
    const findings = inspectCollection(collection(), [item({ id: 1, kind: 'link', title: '办事', url: 'ftp://x' }), item({ id: 2, kind: 'link', title: '查询', url: 'http://a.gov.cn/q' }), item({ id: 3, kind: 'link', title: '好', url: 'https://a.gov.cn/' })], ctx());
    expect(findings.map((f) => [f.itemId, f.code])).toEqual([[1, 'link_invalid'], [2, 'link_insecure']]);
  });
});
