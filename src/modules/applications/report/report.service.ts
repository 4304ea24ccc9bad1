import { appendAudit, type AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import { fieldErrors, invalid, ok, type Outcome } from '../../../platform/outcome.js';
import { beijingDate, checkInvariant, computeTable2, computeTable4, knownColumns, knownReplyTypes, table3FromBuckets, type InvariantViolation } from './report.compute.js';
import {
  manualLabels, proseLabels, table2Json, table3Json, table4Json,
  type Manual, type Prose, type ReportData, type Table2, type Table3, type Table4,
} from './report.model.js';
import { manualSchema, parseManual, parseProse, proseSchema } from './report.schemas.js';
import * as store from './report.store.js';

/** The site as the report needs it: the reporting organ is the site's 主办单位. */
export interface ReportSite {
  id: number;
  organ: string;
}
export const reportSiteOf = (site: { id: number; name: string; footer: { sponsor: string } }): ReportSite => ({ id: site.id, organ: site.footer.sponsor || site.name });

/** The first report year: 政府信息公开条例 came into force on 1 May 2008. */
export const FIRST_YEAR = 2008;

export const todayInBeijing = (): string => beijingDate(new Date().toISOString());

export interface LiveReport {
  table2: Table2;
  table3: Table3;
  table4: Table4;
  violations: InvariantViolation[];
  /** Records that cannot be counted right (named case numbers). */
  problems: string[];
}

export async function computeReport(db: Queryable, siteId: number, year: number, manual: Manual): Promise<LiveReport> {
  const [buckets, appeals, docs, problemRows] = await Promise.all([
    store.caseBuckets(db, siteId, year),
    store.appealsFiledIn(db, siteId, year),
    store.policyDocuments(db, siteId),
    store.caseProblems(db, siteId, year),
  ]);
  const table3 = table3FromBuckets(buckets);
  const problems = problemRows.map((r) => {
    const concluded = r.reply_type === null ? null : (r.replied_on ?? r.closed_on);
    if (!knownColumns.includes(r.applicant_column)) return `申请 ${r.number}：申请人类别「${r.applicant_column}」不是表三的列。`;
    if (r.reply_type !== null && !knownReplyTypes.includes(r.reply_type)) return `申请 ${r.number}：答复类型「${r.reply_type}」不是表三的行。`;
    if (concluded !== null && concluded < r.received_on) return `申请 ${r.number}：办结日期 ${concluded} 早于收到日期 ${r.received_on}。`;
    return `申请 ${r.number}：已答复或已办结，但未记录答复类型或答复（办结）日期。`;
  });
  return { table2: computeTable2(docs, manual, year), table3, table4: computeTable4(appeals, year), violations: checkInvariant(table3), problems };
}

export const liveData = (site: ReportSite, year: number, live: LiveReport, prose: Prose): ReportData => ({
  year, organ: site.organ, table2: table2Json(live.table2), table3: table3Json(live.table3), table4: table4Json(live.table4), prose,
});

/** Why the report cannot be published now (empty: it can). */
export function refusalsFor(year: number, live: LiveReport, manual: Manual, prose: Prose, today = todayInBeijing()): string[] {
  const reasons: string[] = [];
  if (year >= Number(today.slice(0, 4))) reasons.push(`${year} 年尚未结束，年度报告须在年度结束后发布。`);
  reasons.push(...live.violations.map((v) => v.message));
  reasons.push(...live.problems);
  for (const [key, label] of Object.entries(manualLabels) as [keyof Manual, string][]) {
    if (manual[key] === null) reasons.push(`表二「${label}」尚未填写（没有则填 0）。`);
  }
  if (!prose.overview.trim()) reasons.push(`「${proseLabels.overview}」尚未填写。`);
  if (!prose.problems.trim()) reasons.push(`「${proseLabels.problems}」尚未填写。`);
  return reasons;
}

export interface AnnualReport {
  year: number;
  status: 'draft' | 'published';
  publishedAt: string | null;
  manual: Manual;
  prose: Prose;
  /** The snapshot frozen at publication, or the live computation for a draft. */
  data: ReportData;
  /** Live only (a draft): the invariant, data problems and every reason publishing is refused. */
  live: LiveReport | null;
  refusals: string[];
}

export async function loadReport(db: Queryable, site: ReportSite, year: number, today?: string): Promise<AnnualReport> {
  const row = await store.findReport(db, site.id, year);
  const manual = parseManual(row?.manual);
  const prose = parseProse(row?.prose);
  if (row?.status === 'published' && row.snapshot) {
    return { year, status: 'published', publishedAt: row.published_at, manual, prose, data: JSON.parse(row.snapshot) as ReportData, live: null, refusals: [] };
  }
  const live = await computeReport(db, site.id, year, manual);
  return { year, status: 'draft', publishedAt: null, manual, prose, data: liveData(site, year, live, prose), live, refusals: refusalsFor(year, live, manual, prose, today) };
}

const publishedError = invalid<never>({ '': '该年度报告已发布，不能再修改。' });

export async function saveManual(database: Database, siteId: number, year: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<Manual>> {
  const parsed = manualSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const manual: Manual = parsed.data;
  return database.db.transaction().execute(async (trx) => {
    if ((await store.findReport(trx, siteId, year))?.status === 'published') return publishedError;
    await store.saveDraftFields(trx, siteId, year, { manual: JSON.stringify(manual) });
    await appendAudit(trx, actor, { action: 'report.manual', targetType: 'annual_report', targetId: `${siteId}:${year}`, summary: `修改 ${year} 年年度报告表二人工填报数`, detail: { ...manual } });
    return ok(manual);
  });
}

export async function saveProse(database: Database, siteId: number, year: number, raw: Record<string, unknown>, actor: AuditActor): Promise<Outcome<Prose>> {
  const parsed = proseSchema.safeParse(raw);
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const prose: Prose = parsed.data;
  return database.db.transaction().execute(async (trx) => {
    if ((await store.findReport(trx, siteId, year))?.status === 'published') return publishedError;
    await store.saveDraftFields(trx, siteId, year, { prose: JSON.stringify(prose) });
    await appendAudit(trx, actor, {
      action: 'report.prose', targetType: 'annual_report', targetId: `${siteId}:${year}`, summary: `修改 ${year} 年年度报告文字部分`,
      detail: { lengths: { overview: prose.overview.length, problems: prose.problems.length, other: prose.other.length } },
    });
    return ok(prose);
  });
}

export type PublishResult = { ok: true; data: ReportData } | { ok: false; reasons: string[] };

/** Publishes a year's report: refused (with every reason) unless it is complete and consistent; the tables are frozen. */
export async function publishReport(database: Database, site: ReportSite, year: number, actor: AuditActor, today?: string): Promise<PublishResult> {
  return database.db.transaction().execute(async (trx): Promise<PublishResult> => {
    const row = await store.findReport(trx, site.id, year);
    if (row?.status === 'published') return { ok: false, reasons: ['该年度报告已发布，不能重复发布。'] };
    const manual = parseManual(row?.manual);
    const prose = parseProse(row?.prose);
    const live = await computeReport(trx, site.id, year, manual);
    const reasons = refusalsFor(year, live, manual, prose, today);
    if (reasons.length) return { ok: false, reasons };
    const data = liveData(site, year, live, prose);
    if (!row) await store.saveDraftFields(trx, site.id, year, { manual: JSON.stringify(manual), prose: JSON.stringify(prose) });
    if (!(await store.markPublished(trx, site.id, year, JSON.stringify(data)))) return { ok: false, reasons: ['该年度报告已发布，不能重复发布。'] };
    await appendAudit(trx, actor, {
      action: 'report.publish', targetType: 'annual_report', targetId: `${site.id}:${year}`, summary: `发布 ${year} 年政府信息公开工作年度报告`,
      detail: { received: live.table3.received.total, carriedIn: live.table3.carriedIn.total, concluded: live.table3.resultsTotal.total, carriedOut: live.table3.carriedOut.total },
    });
    return { ok: true, data };
  });
}
