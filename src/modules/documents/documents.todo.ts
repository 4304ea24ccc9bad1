import type { Queryable } from '../../platform/db/database.js';
import type { StaffRole } from '../accounts/roles.js';
import * as store from './documents.store.js';
import { reviewSteps } from './documents.vocabulary.js';
import { nextStep, publishRoles, stepRoles } from './workflow.service.js';

export interface TodoItem {
  documentId: number;
  title: string;
  what: string;
}

/**
 * The console dashboard's 待办: reviews waiting for one of this person's roles (never their own
 * drafts), approved documents waiting to be published, and open scanner findings on published
 * documents — the owner's, or everyone's for confidentiality reviewers and the disclosure office.
 */
export async function documentTodos(db: Queryable, viewer: { id: number; siteId: number; roles: StaffRole[] }, limit = 20): Promise<TodoItem[]> {
  const todos: TodoItem[] = [];
  const waiting = await db
    .selectFrom('documents')
    .select(['id', 'title', 'status', 'current_version', 'owner_id'])
    .where('site_id', '=', viewer.siteId)
    .where('status', 'in', ['in_review', 'approved'])
    .orderBy('updated_at')
    .limit(200)
    .execute();
  for (const doc of waiting) {
    if (doc.status === 'approved') {
      if (publishRoles.some((r) => viewer.roles.includes(r))) todos.push({ documentId: doc.id, title: doc.title, what: '已审定，待发布' });
      continue;
    }
    const step = nextStep(await store.listReviews(db, doc.id), doc.current_version);
    if (!step || !stepRoles[step].some((r) => viewer.roles.includes(r))) continue;
    const authors = (await store.listVersions(db, doc.id)).map((v) => v.created_by);
    if (doc.owner_id === viewer.id || authors.includes(viewer.id)) continue;
    todos.push({ documentId: doc.id, title: doc.title, what: `待${reviewSteps[step]}` });
  }
  const seesAll = viewer.roles.some((r) => r === 'confidentiality' || r === 'disclosure_office');
  let findings = db
    .selectFrom('scan_findings')
    .innerJoin('documents', 'documents.id', 'scan_findings.document_id')
    .select(['documents.id', 'documents.title', (eb) => eb.fn.countAll<number>().as('n')])
    .where('documents.site_id', '=', viewer.siteId)
    .where('documents.status', '=', 'published')
    .where('scan_findings.status', '=', 'open')
    .whereRef('scan_findings.version', '=', 'documents.published_version')
    .groupBy(['documents.id', 'documents.title']);
  if (!seesAll) findings = findings.where('documents.owner_id', '=', viewer.id);
  for (const f of await findings.limit(50).execute()) {
    todos.push({ documentId: f.id, title: f.title, what: `已发布文件中发现 ${Number(f.n)} 处疑似敏感信息，请核查` });
  }
  return todos.slice(0, limit);
}
