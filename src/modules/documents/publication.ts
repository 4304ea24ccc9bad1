import type { Queryable } from '../../platform/db/database.js';
import type { SearchEntry, SearchIndex } from '../../platform/search/search.types.js';
import * as store from './documents.store.js';
import type { PublicationHooks } from './workflow.service.js';

export const documentUrl = (id: number) => `/documents/${id}`;
export const searchKey = (id: number) => `document:${id}`;

/** The public face of a published version, as the search index sees it (null: not public at all). */
export async function searchEntryFor(db: Queryable, documentId: number): Promise<SearchEntry | null> {
  const doc = await store.findDocument(db, documentId);
  if (!doc || doc.status !== 'published' || doc.disclosure !== 'proactive' || doc.published_version === null) return null;
  const version = await store.findVersion(db, documentId, doc.published_version);
  if (!version) return null;
  const audience = doc.targeted ? await store.recipientsOf(db, documentId) : null;
  const publishedAt = doc.published_at ?? doc.updated_at;
  return {
    key: searchKey(doc.id),
    siteId: doc.site_id,
    kind: doc.type === 'interpretation' ? 'interpretation' : 'document',
    title: version.title,
    body: version.body_text,
    docNumber: doc.doc_number,
    indexNumber: doc.index_number,
    type: doc.type,
    issuers: JSON.parse(doc.issuers) as string[],
    theme: doc.theme,
    validity: doc.validity,
    year: Number(new Date(Date.parse(publishedAt) + 8 * 3_600_000).toISOString().slice(0, 4)),
    publishedAt,
    url: documentUrl(doc.id),
    audience,
  };
}

/**
 * Keeps the search index (and, through `onChange`, any page cache) in step with publication,
 * inside the same transaction as the change: a withdrawn document leaves search at once.
 */
export function publicationHooks(index: SearchIndex, onChange: () => void = () => {}): PublicationHooks {
  return {
    async published(trx, documentId) {
      const entry = await searchEntryFor(trx, documentId);
      if (entry) await index.upsert(trx, entry);
      else await index.remove(trx, searchKey(documentId));
      onChange();
    },
    async unpublished(trx, documentId) {
      await index.remove(trx, searchKey(documentId));
      onChange();
    },
  };
}
