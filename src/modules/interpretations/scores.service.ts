import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import { invalid, ok, type Outcome } from '../../platform/outcome.js';
import type { StaffRole } from '../accounts/roles.js';
import { isPublicDocument } from '../collections/document-access.js';
import * as documents from '../documents/documents.store.js';
import { interpretationForms, type InterpretationForm } from '../documents/documents.vocabulary.js';
import { criteria, rubric, type Criterion, type ScoreInput } from './rubric.js';
import * as store from './scores.store.js';

export interface Expert extends AuditActor {
  id: number;
  siteId: number;
  roles: StaffRole[];
}

/** Why an expert may not score this interpretation, or undefined when they may. */
export async function scoringRefusal(db: Queryable, interpretationId: number, expert: Expert): Promise<string | undefined> {
  if (!expert.roles.includes('expert')) return '只有解读评审专家可以评分';
  const doc = Number.isInteger(interpretationId) && interpretationId > 0 && interpretationId <= 2_147_483_647 ? await documents.findDocument(db, interpretationId) : undefined;
  if (!doc || doc.site_id !== expert.siteId || doc.type !== 'interpretation' || !store.scorableStatuses.includes(doc.status)) return '该政策解读不存在或尚未送审';
  if (doc.owner_id === expert.id) return '不能评审自己起草的解读';
  const versions = await documents.listVersions(db, interpretationId);
  if (versions.some((v) => v.created_by === expert.id)) return '不能评审自己参与修改的解读';
  return undefined;
}

/** Records or replaces the expert's score (one per expert and interpretation), audited in the same transaction. */
export async function scoreInterpretation(database: Database, interpretationId: number, input: ScoreInput, expert: Expert): Promise<Outcome<'created' | 'updated'>> {
  const refusal = await scoringRefusal(database.db, interpretationId, expert);
  if (refusal) return invalid({ '': refusal });
  const doc = (await documents.findDocument(database.db, interpretationId))!;
  const result = await database.db.transaction().execute(async (trx) => {
    const before = await store.findScore(trx, interpretationId, expert.id);
    await store.upsertScore(trx, { siteId: expert.siteId, interpretationId, expertId: expert.id, ...input });
    const marks = criteria.map((c) => `${rubric[c].label}${input[c]}`).join('、');
    await appendAudit(trx, expert, {
      action: before ? 'interpretation.score.update' : 'interpretation.score.create', targetType: 'document', targetId: interpretationId,
      summary: `${before ? '修改' : ''}评分：《${doc.title}》${marks}`, detail: { ...input },
    });
    return before ? ('updated' as const) : ('created' as const);
  });
  return ok(result);
}

export interface ScoreSummary {
  count: number;
  /** Mean of all criteria of all scores, or null without scores. */
  average: number | null;
  byCriterion: Record<Criterion, number | null>;
}

export function summarize(scores: Pick<store.ScoreRow, Criterion>[]): ScoreSummary {
  const mean = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);
  const byCriterion = Object.fromEntries(criteria.map((c) => [c, mean(scores.map((s) => s[c]))])) as Record<Criterion, number | null>;
  return { count: scores.length, average: mean(scores.flatMap((s) => criteria.map((c) => s[c]))), byCriterion };
}

/** The console list: every scorable interpretation of the site, with its policy, score summary and the viewer's own score. */
export async function scoreboard(db: Queryable, siteId: number, viewerId: number) {
  const rows = await store.scorableInterpretations(db, siteId);
  const policies = await documents.documentsByIds(db, [...new Set(rows.flatMap((r) => (r.interprets_id ? [r.interprets_id] : [])))]);
  const scores = await store.scoresOf(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const own = scores.filter((s) => s.interpretation_id === r.id);
    return {
      ...r,
      policyTitle: policies.find((p) => p.id === r.interprets_id)?.title ?? null,
      summary: summarize(own),
      mine: own.find((s) => s.expert_id === viewerId),
    };
  });
}

export interface PolicyInterpretation {
  id: number;
  title: string;
  form: string | null;
  formLabel: string | null;
  publishedAt: string | null;
  /** 动态跟踪解读: every published interpretation after the first. */
  followUp: boolean;
}

/** The published interpretations of a policy in publication order; all but the first are follow-ups (动态跟踪解读). */
export async function interpretationsForPolicy(db: Queryable, policyId: number): Promise<PolicyInterpretation[]> {
  const rows = (await documents.interpretationsOf(db, policyId)).filter(isPublicDocument);
  rows.sort((a, b) => (a.published_at ?? '').localeCompare(b.published_at ?? '') || a.id - b.id);
  return rows.map((r, i) => ({
    id: r.id,
    title: r.title,
    form: r.interpretation_form,
    formLabel: r.interpretation_form ? (interpretationForms[r.interpretation_form as InterpretationForm] ?? r.interpretation_form) : null,
    publishedAt: r.published_at,
    followUp: i > 0,
  }));
}
