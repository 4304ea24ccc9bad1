import { sql } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import { knownColumns, knownReplyTypes, yearEnd, yearStart, type AppealInput, type Bucket, type PolicyDocInput } from './report.compute.js';

/*
 * The annual report's reads. Table 3 is aggregated in SQL — one pass over the site's cases, grouped
 * by applicant column and reply type (at most 6 × 23 rows come back) — with the same row
 * definitions as classify() in report.compute.ts. Appeals and policy documents are few and are
 * loaded as rows for the pure functions.
 */

const concludedOn = sql<string | null>`case when reply_type is not null then coalesce(replied_on, closed_on) end`;

export async function caseBuckets(db: Queryable, siteId: number, year: number): Promise<Bucket[]> {
  const start = yearStart(year);
  const end = yearEnd(year);
  const rows = await db
    .selectFrom((eb) =>
      eb.selectFrom('applications')
        .select(['applicant_column', 'reply_type', 'received_on', concludedOn.as('concluded_on')])
        .where('site_id', '=', siteId)
        .where('received_on', '<=', end)
        .as('a'),
    )
    .select([
      'a.applicant_column',
      'a.reply_type',
      sql<number>`sum(case when a.received_on >= ${start} then 1 else 0 end)`.as('received'),
      sql<number>`sum(case when a.received_on < ${start} and (a.concluded_on is null or a.concluded_on >= ${start}) then 1 else 0 end)`.as('carried_in'),
      sql<number>`sum(case when a.concluded_on >= ${start} and a.concluded_on <= ${end} then 1 else 0 end)`.as('concluded'),
      sql<number>`sum(case when a.concluded_on is null or a.concluded_on > ${end} then 1 else 0 end)`.as('carried_out'),
    ])
    // Cases concluded before the year began (and received before it) count nowhere.
    .where((eb) => eb.or([eb('a.concluded_on', 'is', null), eb('a.concluded_on', '>=', start), eb('a.received_on', '>=', start)]))
    .groupBy(['a.applicant_column', 'a.reply_type'])
    .execute();
  return rows.map((r) => ({
    column: r.applicant_column,
    replyType: r.reply_type,
    received: Number(r.received),
    carriedIn: Number(r.carried_in),
    concluded: Number(r.concluded),
    carriedOut: Number(r.carried_out),
  }));
}

export interface CaseProblemRow {
  number: string;
  applicant_column: string;
  reply_type: string | null;
  status: string;
  received_on: string;
  replied_on: string | null;
  closed_on: string | null;
}

/**
 * Cases of the year (in 一, 二, 三 or 四) whose records cannot be counted right: an unknown
 * applicant column or reply type, a reply or closure with no reply type or no date, or a
 * conclusion dated before receipt. At most `limit` of them.
 */
export async function caseProblems(db: Queryable, siteId: number, year: number, limit = 50): Promise<CaseProblemRow[]> {
  const start = yearStart(year);
  const end = yearEnd(year);
  return db
    .selectFrom('applications')
    .select(['number', 'applicant_column', 'reply_type', 'status', 'received_on', 'replied_on', 'closed_on'])
    .where('site_id', '=', siteId)
    .where('received_on', '<=', end)
    .where((eb) => eb.or([eb(concludedOn, 'is', null), eb(concludedOn, '>=', start), eb('received_on', '>=', start)]))
    .where((eb) =>
      eb.or([
        eb('applicant_column', 'not in', [...knownColumns]),
        eb.and([eb('reply_type', 'is not', null), eb('reply_type', 'not in', [...knownReplyTypes])]),
        eb.and([eb('status', 'in', ['replied', 'closed']), eb.or([eb('reply_type', 'is', null), eb(concludedOn, 'is', null)])]),
        eb(concludedOn, '<', eb.ref('received_on')),
      ]),
    )
    .orderBy('received_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function appealsFiledIn(db: Queryable, siteId: number, year: number): Promise<AppealInput[]> {
  const rows = await db
    .selectFrom('application_appeals as p')
    .innerJoin('applications as a', 'a.id', 'p.application_id')
    .select(['p.kind', 'p.filed_on', 'p.outcome', 'p.decided_on'])
    .where('a.site_id', '=', siteId)
    .where('p.filed_on', '>=', yearStart(year))
    .where('p.filed_on', '<=', yearEnd(year))
    .execute();
  return rows.map((r) => ({ kind: r.kind, filedOn: r.filed_on, outcome: r.outcome, decidedOn: r.decided_on }));
}

/** The site's published, 主动公开 (not 定向) 规章 and 行政规范性文件. */
export async function policyDocuments(db: Queryable, siteId: number): Promise<PolicyDocInput[]> {
  const rows = await db
    .selectFrom('documents')
    .select(['type', 'published_at', 'validity', 'validity_changed_on'])
    .where('site_id', '=', siteId)
    .where('type', 'in', ['regulation', 'normative'])
    .where('status', '=', 'published')
    .where('disclosure', '=', 'proactive')
    .where('targeted', '=', 0)
    .where('published_at', 'is not', null)
    .execute();
  return rows.map((r) => ({ type: r.type, publishedAt: r.published_at!, validity: r.validity, validityChangedOn: r.validity_changed_on }));
}

/** Years worth listing: those with cases received, and those with a report row. */
export async function reportYears(db: Queryable, siteId: number): Promise<number[]> {
  const fromCases = await db
    .selectFrom('applications')
    .select(sql<string>`substr(received_on, 1, 4)`.as('y'))
    .where('site_id', '=', siteId)
    .groupBy(sql`substr(received_on, 1, 4)`)
    .execute();
  const fromReports = await db.selectFrom('annual_reports').select('year').where('site_id', '=', siteId).execute();
  return [...new Set([...fromCases.map((r) => Number(r.y)), ...fromReports.map((r) => Number(r.year))])].filter(Number.isInteger);
}

export type ReportRow = { id: number; site_id: number; year: number; manual: string; prose: string; snapshot: string | null; status: string; published_at: string | null; updated_at: string };

export async function findReport(db: Queryable, siteId: number, year: number): Promise<ReportRow | undefined> {
  return db.selectFrom('annual_reports').selectAll().where('site_id', '=', siteId).where('year', '=', year).executeTakeFirst();
}

export async function listReports(db: Queryable, siteId: number, opts: { publishedOnly?: boolean } = {}) {
  let q = db.selectFrom('annual_reports').select(['year', 'status', 'published_at', 'updated_at']).where('site_id', '=', siteId).orderBy('year', 'desc');
  if (opts.publishedOnly) q = q.where('status', '=', 'published');
  return q.execute();
}

/** Creates the draft row when missing, then sets the given JSON fields. */
export async function saveDraftFields(db: Queryable, siteId: number, year: number, fields: { manual?: string; prose?: string }): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('annual_reports')
    .values({ site_id: siteId, year, manual: fields.manual ?? '{}', prose: fields.prose ?? '{}', snapshot: null, status: 'draft', published_at: null, updated_at: now })
    .onConflict((oc) => oc.columns(['site_id', 'year']).doUpdateSet({ ...fields, updated_at: now }))
    .execute();
}

/** Freezes the snapshot; only a draft is published (false when it was published meanwhile). */
export async function markPublished(db: Queryable, siteId: number, year: number, snapshot: string): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable('annual_reports')
    .set({ snapshot, status: 'published', published_at: now, updated_at: now })
    .where('site_id', '=', siteId)
    .where('year', '=', year)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
