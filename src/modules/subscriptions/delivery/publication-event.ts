import type { Queryable } from '../../../platform/db/database.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import type { PublicationHooks } from '../../documents/workflow.service.js';
import * as documents from '../../documents/documents.store.js';
import { createNotifyEvent, type NotifyEventPayload } from '../notify-event.js';

/** Keyword subscriptions are matched against title + body; a cap keeps the frozen payload small. */
export const MATCH_TEXT_LIMIT = 20_000;
const SUMMARY_LENGTH = 80;

const jsonList = (raw: string | null): string[] => {
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

/** What subscribers hear of a document made public, or null when it is not (no longer) public to everyone. */
export async function publicationPayload(db: Queryable, documentId: number): Promise<{ siteId: number; version: number; payload: NotifyEventPayload } | null> {
  const doc = await documents.findDocument(db, documentId);
  // 定向公开 goes only to named recipients, never to subscribers of a theme.
  if (!doc || doc.status !== 'published' || doc.disclosure !== 'proactive' || doc.targeted || doc.published_version === null) return null;
  const version = await documents.findVersion(db, documentId, doc.published_version);
  if (!version) return null;
  const body = version.body_text.replace(/\s+/g, ' ').trim();
  const summary = body.length > SUMMARY_LENGTH ? `${body.slice(0, SUMMARY_LENGTH)}…` : body;
  return {
    siteId: doc.site_id,
    version: doc.published_version,
    payload: {
      title: version.title,
      path: `/documents/${doc.id}`,
      summary,
      documentId: doc.id,
      docNumber: doc.doc_number,
      issuers: jsonList(doc.issuers),
      type: doc.type,
      theme: doc.theme,
      tags: jsonList(doc.audience_tags),
      matchText: `${version.title}\n${body}`.slice(0, MATCH_TEXT_LIMIT),
      serviceType: doc.service_policy === 1,
      publishedAt: doc.published_at ?? doc.updated_at,
    },
  };
}

/** A publication event for the document's published version; republishing the same version makes none. */
export async function publicationEvent(trx: Queryable, jobs: JobQueue, documentId: number): Promise<{ id: number; duplicate: boolean } | null> {
  const built = await publicationPayload(trx, documentId);
  if (!built) return null;
  return createNotifyEvent(trx, jobs, {
    siteId: built.siteId,
    kind: 'publication',
    dedupeKey: `publication:${documentId}:v${built.version}`,
    documentId,
    payload: built.payload,
  });
}

/** The document hooks, plus a notify event in the same transaction as each publication. */
export function withPublicationEvents(inner: PublicationHooks, jobs: JobQueue): PublicationHooks {
  return {
    async published(trx, documentId) {
      await inner.published(trx, documentId);
      await publicationEvent(trx, jobs, documentId);
    },
    unpublished: (trx, documentId) => inner.unpublished(trx, documentId),
  };
}
