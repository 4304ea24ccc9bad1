import type { Queryable } from '../../../platform/db/database.js';
import type { Errors, Values } from '../../../platform/views/forms.js';
import { listAttachments } from '../attachments.store.js';
import { accountNames, recipientContacts } from '../documents.console-queries.js';
import * as store from '../documents.store.js';
import type { DocumentRow } from '../documents.store.js';
import { findingsOf } from '../findings.service.js';
import { nextStep, publicationBlockers } from '../workflow.service.js';

/** A form on the workbench that was posted with problems: shown again with its input and errors. */
export interface FormState {
  form: string;
  values: Values;
  errors: Errors;
}

/** The posted values and field errors of this form (form-level errors show at the top of the page). */
export function stateFor(state: FormState | undefined, form: string, initial: Values): { values: Values; errors: Errors } {
  if (state?.form !== form) return { values: initial, errors: {} };
  const { '': _formLevel, ...errors } = state.errors;
  return { values: state.values, errors };
}

/** Everything the workbench page shows about one document. */
export async function loadWorkbench(db: Queryable, doc: DocumentRow) {
  const [version, versions, reviews, findings, attachments, relationRows, recipients, interpretations] = await Promise.all([
    store.findVersion(db, doc.id, doc.current_version),
    store.listVersions(db, doc.id),
    store.listReviews(db, doc.id),
    findingsOf(db, doc.id, doc.current_version),
    listAttachments(db, doc.id),
    store.relationsOf(db, doc.id),
    doc.targeted ? recipientContacts(db, doc.id) : Promise.resolve([]),
    doc.type === 'interpretation' ? Promise.resolve([]) : store.interpretationsOf(db, doc.id),
  ]);
  const otherIds = relationRows.map((r) => (r.from_id === doc.id ? r.to_id : r.from_id));
  const related = await store.documentsByIds(db, [...new Set([...otherIds, ...(doc.interprets_id ? [doc.interprets_id] : [])])]);
  const byId = new Map(related.map((d) => [d.id, d]));
  const relations = relationRows
    .map((r) => {
      const outgoing = r.from_id === doc.id;
      const other = byId.get(outgoing ? r.to_id : r.from_id);
      return other ? { kind: r.kind, outgoing, fromId: r.from_id, toId: r.to_id, other } : undefined;
    })
    .filter((r) => r !== undefined);
  const names = await accountNames(db, [doc.owner_id, ...versions.map((v) => v.created_by), ...attachments.map((a) => a.created_by)]);
  return {
    doc,
    version,
    versions,
    reviews,
    findings,
    attachments,
    relations,
    recipients,
    interpretations,
    interprets: doc.interprets_id ? byId.get(doc.interprets_id) : undefined,
    names,
    step: doc.status === 'in_review' ? nextStep(reviews, doc.current_version) : undefined,
    blockers: doc.status === 'approved' ? await publicationBlockers(db, doc.id) : [],
  };
}

export type WorkbenchData = Awaited<ReturnType<typeof loadWorkbench>>;
