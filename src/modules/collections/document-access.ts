import type { Queryable } from '../../platform/db/database.js';
import { documentsByDocNumber, listDocuments } from '../documents/documents.console-queries.js';
import type { DocumentRow } from '../documents/documents.store.js';
import * as documents from '../documents/documents.store.js';
import { validityStates, type Validity } from '../documents/documents.vocabulary.js';

/* What this module needs from the policy library, through the documents module's read functions only. */

/** Shown to the public: published, 主动公开 and not 定向公开 (targeted documents are for named accounts only). */
export function isPublicDocument(doc: Pick<DocumentRow, 'status' | 'disclosure' | 'targeted'>): boolean {
  return doc.status === 'published' && doc.disclosure === 'proactive' && doc.targeted === 0;
}

export const validityLabel = (validity: string): string => validityStates[validity as Validity] ?? validity;

/** A document of this site by its number in the library ("123" or "#123"), its 文号 or its 索引号. */
export async function findDocumentByReference(db: Queryable, siteId: number, reference: string): Promise<DocumentRow | undefined> {
  const ref = reference.trim();
  const byId = /^#?(\d{1,9})$/.exec(ref);
  if (byId) {
    const doc = await documents.findDocument(db, Number(byId[1]));
    if (doc && doc.site_id === siteId) return doc;
  }
  const [byNumber] = await documentsByDocNumber(db, siteId, ref);
  if (byNumber) return documents.findDocument(db, byNumber.id);
  // 索引号: the console list matches it as a substring; only an exact match counts here.
  const { rows } = await listDocuments(db, siteId, { q: ref, page: 1, pageSize: 20 });
  const byIndex = rows.find((r) => r.index_number === ref);
  return byIndex ? documents.findDocument(db, byIndex.id) : undefined;
}

/** The documents that repeal or amend each of `ids` (the suggested replacement in a finding). */
export async function successorsOf(db: Queryable, ids: number[]): Promise<Map<number, { id: number; title: string }>> {
  const successors = new Map<number, number>();
  for (const id of ids) {
    const relations = await documents.relationsOf(db, id);
    const successor = relations.find((r) => r.to_id === id && (r.kind === 'repeals' || r.kind === 'amends'));
    if (successor) successors.set(id, successor.from_id);
  }
  const rows = await documents.documentsByIds(db, [...new Set(successors.values())]);
  const result = new Map<number, { id: number; title: string }>();
  for (const [id, fromId] of successors) {
    const row = rows.find((r) => r.id === fromId);
    if (row && isPublicDocument(row)) result.set(id, { id: row.id, title: row.title });
  }
  return result;
}
