import type { Queryable } from '../../../platform/db/database.js';
import * as files from '../attachments.store.js';
import * as store from '../documents.store.js';
import type { DocumentRow } from '../documents.store.js';
import type { RelationKind } from '../documents.vocabulary.js';
import { shanghaiDate } from './format.js';

/*
 * Who may see a document's public page, and what the page shows. Only the published version is
 * ever read; related documents appear only when they are public themselves.
 */

export interface Visibility {
  /** 定向公开: shown to this signed-in recipient only, never stored by a shared cache. */
  private: boolean;
  /** Withdrawn after publication: the page says so (with the reason) and shows no body. */
  withdrawn: boolean;
}

/** Whether a document row is on the public library (the condition of public-store.ts, in code). */
export const isPublicRow = (doc: Pick<DocumentRow, 'status' | 'disclosure' | 'targeted' | 'published_version'>): boolean =>
  doc.status === 'published' && doc.disclosure === 'proactive' && doc.targeted === 0 && doc.published_version !== null;

/** null: the page does not exist for this viewer (404) — drafts, 依申请公开, 不予公开, other sites, others' 定向公开. */
export async function visibilityOf(db: Queryable, doc: DocumentRow | undefined, siteId: number, viewerAccountId: number | null): Promise<Visibility | null> {
  if (!doc || doc.site_id !== siteId || doc.disclosure !== 'proactive' || doc.published_version === null) return null;
  if (doc.status !== 'published' && doc.status !== 'withdrawn') return null;
  if (doc.targeted) {
    if (viewerAccountId === null) return null;
    if (!(await store.recipientsOf(db, doc.id)).includes(viewerAccountId)) return null;
  }
  return { private: doc.targeted !== 0, withdrawn: doc.status === 'withdrawn' };
}

export interface LinkedDocument {
  id: number;
  type: string;
  title: string;
  docNumber: string | null;
  validity: string;
  publishedAt: string | null;
  form: string | null;
}

export interface Interpretation extends LinkedDocument {
  /** Published on a later day than the policy: a 后续解读. */
  followUp: boolean;
}

export interface RelatedGroup {
  kind: Exclude<RelationKind, 'interprets'>;
  /** out: this document 依据 / 修改 / 废止 them; in: they 依据 / 修改 / 废止 this document. */
  direction: 'out' | 'in';
  docs: LinkedDocument[];
}

export interface DocumentPage {
  doc: DocumentRow;
  title: string;
  bodyHtml: string;
  attachments: files.AttachmentRow[];
  interpretations: Interpretation[];
  /** For an interpretation: the policy it explains (when public). */
  interprets: LinkedDocument | null;
  related: RelatedGroup[];
}

const linked = (d: DocumentRow): LinkedDocument => ({
  id: d.id, type: d.type, title: d.title, docNumber: d.doc_number, validity: d.validity, publishedAt: d.published_at, form: d.interpretation_form,
});

const byDate = (a: LinkedDocument, b: LinkedDocument) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '') || a.id - b.id;

/** Everything the page of a visible document shows; undefined when its published version is missing. */
export async function loadDocumentPage(db: Queryable, doc: DocumentRow, withBody: boolean): Promise<DocumentPage | undefined> {
  const version = await store.findVersion(db, doc.id, doc.published_version!);
  if (!version) return undefined;
  if (!withBody) return { doc, title: version.title, bodyHtml: '', attachments: [], interpretations: [], interprets: null, related: [] };
  const [relations, children, attachments] = await Promise.all([store.relationsOf(db, doc.id), store.interpretationsOf(db, doc.id), files.listAttachments(db, doc.id)]);
  const otherIds = new Set<number>(relations.map((r) => (r.from_id === doc.id ? r.to_id : r.from_id)));
  if (doc.interprets_id) otherIds.add(doc.interprets_id);
  const others = await store.documentsByIds(db, [...otherIds]);
  const visible = new Map<number, DocumentRow>(
    [...others, ...children].filter((d) => d.id !== doc.id && d.site_id === doc.site_id && isPublicRow(d)).map((d) => [d.id, d]),
  );

  const interpretationIds = new Set<number>(children.map((c) => c.id));
  for (const r of relations) if (r.kind === 'interprets' && r.to_id === doc.id) interpretationIds.add(r.from_id);
  const policyDate = shanghaiDate(doc.published_at);
  const interpretations = [...interpretationIds]
    .flatMap((id) => (visible.has(id) ? [linked(visible.get(id)!)] : []))
    .sort(byDate)
    .map((d) => ({ ...d, followUp: shanghaiDate(d.publishedAt) > policyDate }));

  const interpretsId = doc.interprets_id ?? relations.find((r) => r.kind === 'interprets' && r.from_id === doc.id)?.to_id;
  const interprets = interpretsId && visible.has(interpretsId) ? linked(visible.get(interpretsId)!) : null;

  const related: RelatedGroup[] = [];
  for (const kind of ['basis', 'amends', 'repeals'] as const) {
    for (const direction of ['out', 'in'] as const) {
      const docs = relations
        .filter((r) => r.kind === kind && (direction === 'out' ? r.from_id === doc.id : r.to_id === doc.id))
        .map((r) => visible.get(direction === 'out' ? r.to_id : r.from_id))
        .flatMap((d) => (d ? [linked(d)] : []))
        .sort(byDate);
      if (docs.length) related.push({ kind, direction, docs });
    }
  }
  return { doc, title: version.title, bodyHtml: version.body_html, attachments, interpretations, interprets, related };
}

/** The documents that amended or repealed this one (for the status banner), public ones only. */
export const successors = (page: DocumentPage, kind: 'amends' | 'repeals'): LinkedDocument[] =>
  page.related.find((g) => g.kind === kind && g.direction === 'in')?.docs ?? [];
