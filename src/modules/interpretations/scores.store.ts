import type { Queryable } from '../../platform/db/database.js';
import { nowIso } from '../../platform/db/database.js';
import { findAccountById } from '../accounts/accounts.store.js';
import { listDocuments } from '../documents/documents.console-queries.js';
import { documentsByIds } from '../documents/documents.store.js';
import type { InterpretationScoresTable } from './interpretations.tables.js';
import type { ScoreInput } from './rubric.js';

export type ScoreRow = Omit<InterpretationScoresTable, 'id'> & { id: number };

export async function findScore(db: Queryable, interpretationId: number, expertId: number): Promise<ScoreRow | undefined> {
  return db.selectFrom('interpretation_scores').selectAll().where('interpretation_id', '=', interpretationId).where('expert_id', '=', expertId).executeTakeFirst();
}

export async function scoresOf(db: Queryable, interpretationIds: number[]): Promise<ScoreRow[]> {
  if (interpretationIds.length === 0) return [];
  return db.selectFrom('interpretation_scores').selectAll().where('interpretation_id', 'in', interpretationIds).orderBy('id').execute();
}

/** One score per expert and interpretation: a second one replaces the first. */
export async function upsertScore(db: Queryable, row: { siteId: number; interpretationId: number; expertId: number } & ScoreInput): Promise<void> {
  const now = nowIso();
  const marks = { accuracy: row.accuracy, clarity: row.clarity, completeness: row.completeness, timeliness: row.timeliness, variety: row.variety, comment: row.comment };
  await db
    .insertInto('interpretation_scores')
    .values({ site_id: row.siteId, interpretation_id: row.interpretationId, expert_id: row.expertId, ...marks, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['interpretation_id', 'expert_id']).doUpdateSet({ ...marks, updated_at: now }))
    .execute();
}

/** Names of the experts, through the accounts store. */
export async function expertNames(db: Queryable, ids: number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const id of new Set(ids)) names.set(id, (await findAccountById(db, id))?.name ?? `#${id}`);
  return names;
}

/** The statuses in which an interpretation can be scored: submitted for review or later, not withdrawn. */
export const scorableStatuses = ['in_review', 'approved', 'scheduled', 'published'];

/** This site's interpretations open to scoring, most recently changed first (through the documents module's queries). */
export async function scorableInterpretations(db: Queryable, siteId: number, limit = 500) {
  const { rows } = await listDocuments(db, siteId, { type: 'interpretation', page: 1, pageSize: limit });
  const wanted = rows.filter((r) => scorableStatuses.includes(r.status)).map((r) => r.id);
  const full = new Map((await documentsByIds(db, wanted)).map((d) => [d.id, d]));
  return wanted.flatMap((id) => (full.has(id) ? [full.get(id)!] : []));
}
