import type { Queryable } from '../../../platform/db/database.js';
import { findDocument, findVersion } from '../../documents/documents.store.js';
import { isPublicRow, loadDocumentPage, type Interpretation } from '../../documents/portal/document-data.js';
import { isPolicyType, issuersOf, shanghaiDate } from '../../documents/portal/format.js';
import { documentHref } from '../../documents/portal/document.views.js';
import type { DocumentRow } from '../../documents/documents.store.js';
import type { FaqItem } from './faq.js';

/*
 * What a relay package says, in one shape for the web page, the .docx and the .pdf. Frozen into
 * relay_packages.content at publication: a policy amended later does not silently change a
 * package organisations have already passed on.
 */

export const SUMMARY_CHARS = 400;
export const INTERPRETATION_CHARS = 2000;

export interface RelayContent {
  title: string;
  siteName: string;
  publishedOn: string;
  policy: { id: number; title: string; docNumber: string | null; issuers: string[]; publishedOn: string; summary: string; path: string };
  interpretations: { id: number; title: string; publishedOn: string; text: string; path: string; truncated: boolean }[];
  faq: FaqItem[];
  script: string;
}

const cap = (text: string, max: number) => {
  const clean = text.replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return clean.length > max ? { text: `${clean.slice(0, max)}……`, truncated: true } : { text: clean, truncated: false };
};

/** A published, public policy (not an interpretation, not repealed or expired) of this site, or undefined. */
export async function relayablePolicy(db: Queryable, siteId: number, documentId: number): Promise<DocumentRow | undefined> {
  const doc = await findDocument(db, documentId);
  if (!doc || doc.site_id !== siteId || !isPublicRow(doc) || !isPolicyType(doc.type)) return undefined;
  if (doc.validity === 'repealed' || doc.validity === 'expired') return undefined;
  return doc;
}

/** The public interpretations of a policy (its 解读 relation and interprets_id), oldest first. */
export async function interpretationsFor(db: Queryable, policy: DocumentRow): Promise<Interpretation[]> {
  return (await loadDocumentPage(db, policy, true))?.interpretations ?? [];
}

export async function buildContent(
  db: Queryable,
  input: { title: string; siteName: string; policy: DocumentRow; interpretationIds: number[]; faq: FaqItem[]; script: string; publishedAt: string },
): Promise<RelayContent> {
  const { policy } = input;
  const version = await findVersion(db, policy.id, policy.published_version!);
  const chosen = (await interpretationsFor(db, policy)).filter((i) => input.interpretationIds.includes(i.id));
  const interpretations = [];
  for (const i of chosen) {
    const doc = await findDocument(db, i.id);
    const v = doc?.published_version ? await findVersion(db, i.id, doc.published_version) : undefined;
    const body = cap(v?.body_text ?? '', INTERPRETATION_CHARS);
    interpretations.push({ id: i.id, title: v?.title ?? i.title, publishedOn: shanghaiDate(i.publishedAt), text: body.text, truncated: body.truncated, path: documentHref(i.id) });
  }
  return {
    title: input.title,
    siteName: input.siteName,
    publishedOn: shanghaiDate(input.publishedAt),
    policy: {
      id: policy.id, title: version?.title ?? policy.title, docNumber: policy.doc_number, issuers: issuersOf(policy.issuers),
      publishedOn: shanghaiDate(policy.published_at), summary: cap(version?.body_text ?? '', SUMMARY_CHARS).text, path: documentHref(policy.id),
    },
    interpretations,
    faq: input.faq,
    script: input.script,
  };
}

export const parseContent = (json: string | null): RelayContent | null => (json ? (JSON.parse(json) as RelayContent) : null);
