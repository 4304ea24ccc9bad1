import { applicantColumns, appealKinds, appealOutcomes, replyTypeCodes, replyTypes, type AppealKind, type AppealOutcome, type ApplicantColumn, type ReplyType } from '../applications.vocabulary.js';
import {
  allColumns, appealKindCodes, columnCodes, columnLabel, zeroCounts, zeroOutcomes,
  type Column, type Counts, type Manual, type PolicyCounts, type Table2, type Table3, type Table4,
} from './report.model.js';

/*
 * The annual report's numbers as pure functions of the records. Definitions (all dates are legal
 * dates, YYYY-MM-DD, Beijing time):
 *
 * A case is CONCLUDED (办结) when it has a reply type (one of the 22 rows of 三) and a conclusion
 * date; the conclusion date is replied_on (the date of the reply), or closed_on when the case was
 * closed without a reply (逾期不补正、逾期未缴费 …). A case without a reply type is not concluded,
 * whatever its status; the store reports such closed cases as data problems.
 *
 * Each row of table 3 is counted by its own literal definition, so that the invariant
 * 一 + 二 = 三（七）+ 四 is a real check of the data rather than true by construction:
 *   一 本年新收    received in the year;
 *   二 上年结转    received before the year and not concluded before 1 January;
 *   三 办理结果    received by 31 December and concluded in the year, in its reply type's row;
 *   四 结转下年度  received by 31 December and not concluded by 31 December.
 * With consistent data every case counted in 一 or 二 is in exactly one of 三 or 四; a case
 * concluded before it was received, or with an unknown reply type, breaks the invariant.
 *
 * Table 4 counts the appeals FILED in the year, each with its outcome as of 31 December: an
 * outcome decided after the year end (or not yet decided) counts as 尚未审结. A case filed in an
 * earlier year and decided this year is not counted again.
 *
 * Table 2 (第二十条第（一）项) counts the site's published, 主动公开 规章 and 行政规范性文件:
 *   本年制发件数  published in the year (publication time in Beijing time);
 *   本年废止件数  validity 已废止 with the validity change dated in the year;
 *   现行有效件数  published by 31 December and in force on 31 December: validity 现行有效 now, or
 *                a validity change (修改、废止、失效) dated after 31 December.
 */

export const yearStart = (year: number): string => `${year}-01-01`;
export const yearEnd = (year: number): string => `${year}-12-31`;

export interface CaseInput {
  column: ApplicantColumn | string;
  receivedOn: string;
  /** The reply type and conclusion date; absent (or null) while the case is not concluded. */
  outcome?: { replyType: ReplyType | string; on: string } | null;
}

/** How many cases of one column and reply type fall in each row: what the SQL aggregate returns too. */
export interface Bucket {
  column: string;
  replyType: string | null;
  received: number;
  carriedIn: number;
  concluded: number;
  carriedOut: number;
}

export function classify(c: CaseInput, year: number) {
  const start = yearStart(year);
  const end = yearEnd(year);
  const on = c.outcome?.on ?? null;
  return {
    received: c.receivedOn >= start && c.receivedOn <= end,
    carriedIn: c.receivedOn < start && (on === null || on >= start),
    concluded: c.receivedOn <= end && on !== null && on >= start && on <= end,
    carriedOut: c.receivedOn <= end && (on === null || on > end),
  };
}

export function bucketsOf(cases: Iterable<CaseInput>, year: number): Bucket[] {
  const buckets = new Map<string, Bucket>();
  for (const c of cases) {
    const k = classify(c, year);
    if (!k.received && !k.carriedIn && !k.concluded && !k.carriedOut) continue;
    const replyType = c.outcome?.replyType ?? null;
    const key = `${c.column}\u0000${replyType ?? ''}`;
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { column: c.column, replyType, received: 0, carriedIn: 0, concluded: 0, carriedOut: 0 }));
    b.received += Number(k.received);
    b.carriedIn += Number(k.carriedIn);
    b.concluded += Number(k.concluded);
    b.carriedOut += Number(k.carriedOut);
  }
  return [...buckets.values()];
}

const isColumn = (c: string): c is ApplicantColumn => Object.hasOwn(applicantColumns, c);
const isReplyType = (t: string): t is ReplyType => Object.hasOwn(replyTypes, t);

/** Buckets → table 3. Unknown applicant columns are left out (reported as data problems by the store). */
export function table3FromBuckets(buckets: Iterable<Bucket>): Table3 {
  const t: Table3 = {
    received: zeroCounts(),
    carriedIn: zeroCounts(),
    results: Object.fromEntries(replyTypeCodes.map((r) => [r, zeroCounts()])) as Record<ReplyType, Counts>,
    resultsTotal: zeroCounts(),
    carriedOut: zeroCounts(),
  };
  const add = (counts: Counts, col: ApplicantColumn, n: number) => {
    counts[col] += n;
    counts.total += n;
  };
  for (const b of buckets) {
    if (!isColumn(b.column)) continue;
    add(t.received, b.column, b.received);
    add(t.carriedIn, b.column, b.carriedIn);
    add(t.carriedOut, b.column, b.carriedOut);
    if (b.concluded && b.replyType !== null && isReplyType(b.replyType)) add(t.results[b.replyType], b.column, b.concluded);
  }
  for (const col of allColumns) t.resultsTotal[col] = replyTypeCodes.reduce((sum, r) => sum + t.results[r][col], 0);
  return t;
}

export function computeTable3(cases: Iterable<CaseInput>, year: number): Table3 {
  return table3FromBuckets(bucketsOf(cases, year));
}

export interface InvariantViolation {
  column: Column;
  label: string;
  left: number;
  right: number;
  message: string;
}

/** 一 + 二 = 三（七）+ 四 for every column (总计 included); one violation per column that breaks it. */
export function checkInvariant(t: Table3): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  for (const column of allColumns) {
    const left = t.received[column] + t.carriedIn[column];
    const right = t.resultsTotal[column] + t.carriedOut[column];
    if (left === right) continue;
    const label = columnLabel(column);
    violations.push({
      column, label, left, right,
      message: `表三「${label}」列不满足 一 + 二 = 三（七）+ 四：${t.received[column]} + ${t.carriedIn[column]} = ${left}，而 ${t.resultsTotal[column]} + ${t.carriedOut[column]} = ${right}`,
    });
  }
  return violations;
}

export interface AppealInput {
  kind: AppealKind | string;
  filedOn: string;
  outcome: AppealOutcome | string;
  decidedOn: string | null;
}

export function computeTable4(appeals: Iterable<AppealInput>, year: number): Table4 {
  const t = Object.fromEntries(appealKindCodes.map((k) => [k, zeroOutcomes()])) as Table4;
  const start = yearStart(year);
  const end = yearEnd(year);
  for (const a of appeals) {
    if (a.filedOn < start || a.filedOn > end || !Object.hasOwn(appealKinds, a.kind)) continue;
    const decided = a.outcome !== 'pending' && Object.hasOwn(appealOutcomes, a.outcome) && (a.decidedOn === null || a.decidedOn <= end);
    const outcome = (decided ? a.outcome : 'pending') as AppealOutcome;
    const row = t[a.kind as AppealKind];
    row[outcome] += 1;
    row.total += 1;
  }
  return t;
}

export interface PolicyDocInput {
  type: 'regulation' | 'normative' | string;
  /** ISO timestamp (UTC) of publication. */
  publishedAt: string;
  validity: string;
  validityChangedOn: string | null;
}

/** The Beijing-time date of an ISO timestamp. */
export const beijingDate = (iso: string): string => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** Table 2 from the policy library (the caller passes only published, 主动公开 documents) and the manual entries. */
export function computeTable2(docs: Iterable<PolicyDocInput>, manual: Manual, year: number): Table2 {
  const start = yearStart(year);
  const end = yearEnd(year);
  const counts: Record<'regulation' | 'normative', PolicyCounts> = {
    regulation: { made: 0, repealed: 0, current: 0 },
    normative: { made: 0, repealed: 0, current: 0 },
  };
  for (const d of docs) {
    if (d.type !== 'regulation' && d.type !== 'normative') continue;
    const c = counts[d.type];
    const published = beijingDate(d.publishedAt);
    const changed = d.validityChangedOn;
    if (published >= start && published <= end) c.made += 1;
    if (d.validity === 'repealed' && changed !== null && changed >= start && changed <= end) c.repealed += 1;
    if (published <= end && (d.validity === 'current' || (changed !== null && changed > end))) c.current += 1;
  }
  return { ...counts, manual: { ...manual } };
}

/** Every column code, for callers that check stored applicant columns. */
export const knownColumns: readonly string[] = columnCodes;
export const knownReplyTypes: readonly string[] = replyTypeCodes;
