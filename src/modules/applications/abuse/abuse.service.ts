import type { ExpressionBuilder } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { Schema } from '../../../platform/db/schema.js';
import { DEFAULT_SIMILARITY_THRESHOLD, isNearDuplicate, requestSimilarity, requestTokens } from './similarity.js';

/*
 * Abuse control (条例第三十五条, 第三十六条第（六）项; 国办函〔2020〕109号 按件计收): how many
 * applications an applicant made in a calendar month, and which earlier requests of theirs a new
 * one nearly repeats. Both are shown to the handler; neither decides anything by itself.
 */

/**
 * Who the applicant is: an account id (online applications), a name (staff intake of letters,
 * visits, faxes: matched on applicant_name whatever the account), or both — the account's cases
 * plus cases without an account under the same name.
 */
export type ApplicantKey = number | string | { accountId: number | null; name: string };

function applicantIs(key: ApplicantKey) {
  return (eb: ExpressionBuilder<Schema, 'applications'>) => {
    if (typeof key === 'number') return eb('applicant_account_id', '=', key);
    if (typeof key === 'string') return eb('applicant_name', '=', key.trim());
    const byName = eb.and([eb('applicant_account_id', 'is', null), eb('applicant_name', '=', key.name.trim())]);
    return key.accountId === null ? eb('applicant_name', '=', key.name.trim()) : eb.or([eb('applicant_account_id', '=', key.accountId), byName]);
  };
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // UTC+8 all year: China has had no daylight saving since 1991
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an ISO instant; undefined if it does not parse. */
export function shanghaiDate(iso: string): string | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A window of submitted_at strings that surely covers the given Shanghai dates, whatever offset
 * an instant was written with ("…Z", "…+08:00"); rows are then filtered exactly by shanghaiDate.
 */
const dateWindow = (firstDate: string, lastDateExclusive: string) => ({ from: addDays(firstDate, -1), to: addDays(lastDateExclusive, 1) });

export interface ApplicantCase {
  id: number;
  number: string;
  submittedAt: string;
  receivedOn: string;
  status: string;
  replyType: string | null;
  excessive: boolean;
}

export interface ApplicantMonthStats {
  /** YYYY-MM. */
  month: string;
  /** Applications made in the month (Asia/Shanghai): the count 按件计收 uses. */
  count: number;
  /** Of which marked excessive (第三十五条). */
  excessiveMarked: number;
  /** In order of submission: a case's place in the month is its index + 1. */
  cases: ApplicantCase[];
}

/**
 * An applicant's applications in one calendar month. 109号 counts "同一申请人一个自然月内累计申请"
 * the applications the applicant made, so the month is that of submitted_at in Asia/Shanghai —
 * not of the legal date of receipt, which a weekend or holiday can push into the next month.
 */
export async function applicantStats(db: Queryable, siteId: number, applicant: ApplicantKey, month: string): Promise<ApplicantMonthStats> {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`month must be YYYY-MM, got ${month}`);
  const first = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  const { from, to } = dateWindow(first, next);
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'number', 'submitted_at', 'received_on', 'status', 'reply_type', 'excessive'])
    .where('site_id', '=', siteId)
    .where(applicantIs(applicant))
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .execute();
  const cases = rows
    .filter((r) => shanghaiDate(r.submitted_at)?.slice(0, 7) === month)
    .sort((a, b) => Date.parse(a.submitted_at) - Date.parse(b.submitted_at) || a.id - b.id)
    .map((r) => ({
      id: r.id, number: r.number, submittedAt: r.submitted_at, receivedOn: r.received_on, status: r.status, replyType: r.reply_type, excessive: Number(r.excessive) === 1,
    }));
  return { month, count: cases.length, excessiveMarked: cases.filter((c) => c.excessive).length, cases };
}

/** Applications per month of one year (Asia/Shanghai), every month present: for the handler's overview. */
export async function applicantMonthlyCounts(db: Queryable, siteId: number, applicant: ApplicantKey, year: number): Promise<Record<string, number>> {
  const { from, to } = dateWindow(`${year}-01-01`, `${year + 1}-01-01`);
  const rows = await db
    .selectFrom('applications')
    .select('submitted_at')
    .where('site_id', '=', siteId)
    .where(applicantIs(applicant))
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .execute();
  const counts: Record<string, number> = {};
  for (let i = 1; i <= 12; i += 1) counts[`${year}-${String(i).padStart(2, '0')}`] = 0;
  for (const r of rows) {
    const key = shanghaiDate(r.submitted_at)?.slice(0, 7);
    if (key !== undefined && key in counts) counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export interface SimilarApplication {
  id: number;
  number: string;
  receivedOn: string;
  status: string;
  replyType: string | null;
  repliedOn: string | null;
  /** Jaccard similarity of the content-word sets (see similarity.ts), 0..1. */
  score: number;
}

export interface SimilarityOptions {
  /** Default 0.8 (DEFAULT_SIMILARITY_THRESHOLD). */
  threshold?: number;
  /** The case being handled, left out of its own results. */
  excludeId?: number;
  /** Only cases submitted before this instant (ISO), i.e. earlier than the case being handled. */
  before?: string;
  /** At most this many results, best first (default 20). */
  limit?: number;
}

/** How many of an applicant's most recent cases are compared (bounds the work for prolific applicants). */
const SCAN_LIMIT = 2000;

/**
 * Earlier cases of the same applicant whose request text is near-identical to `text`, best
 * first, for the handler to see (and link) when deciding 重复申请 or 第三十五条.
 */
export async function similarApplications(
  db: Queryable,
  siteId: number,
  applicant: ApplicantKey,
  text: string,
  options: SimilarityOptions = {},
): Promise<SimilarApplication[]> {
  const threshold = options.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
  const tokens = requestTokens(text);
  if (tokens.size === 0) return [];
  let query = db
    .selectFrom('applications')
    .select(['id', 'number', 'description', 'submitted_at', 'received_on', 'status', 'reply_type', 'replied_on'])
    .where('site_id', '=', siteId)
    .where(applicantIs(applicant))
    .orderBy('id', 'desc')
    .limit(SCAN_LIMIT);
  if (options.excludeId !== undefined) query = query.where('id', '!=', options.excludeId);
  const before = options.before === undefined ? undefined : Date.parse(options.before);
  const found: SimilarApplication[] = [];
  for (const row of await query.execute()) {
    if (before !== undefined && !(Date.parse(row.submitted_at) < before)) continue;
    const similarity = requestSimilarity(tokens, requestTokens(row.description));
    if (!isNearDuplicate(similarity, threshold)) continue;
    found.push({
      id: row.id, number: row.number, receivedOn: row.received_on, status: row.status, replyType: row.reply_type, repliedOn: row.replied_on, score: similarity.score,
    });
  }
  return found.sort((a, b) => b.score - a.score || b.id - a.id).slice(0, options.limit ?? 20);
}
