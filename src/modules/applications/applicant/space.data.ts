import type { Services } from '../../../app/services.js';
import { addWorkingDays } from '../../../platform/calendar/working-days.js';
import { caseForApplicant, casesOfApplicant, type ApplicantCase, type ApplicantCaseSummary } from '../cases/applicant.service.js';
import { clockOf, parseData } from '../cases/case-clock.js';
import { loadCaseRules, todayInShanghai } from '../cases/case-rules.js';
import * as store from '../cases/cases.store.js';
import type { EventRow } from '../cases/cases.store.js';
import { caseActions, openStatuses, type CaseAction } from '../cases/transitions.js';
import { feeBasisText } from '../clock/fees.js';
import type { ClockStep } from '../clock/clock.types.js';
import { filesOfCase, type CaseFileRow } from './files.js';

/** What the applicant's pages show, read through the cases module's applicant-scoped services. */

/** History rows that tell the applicant something (what the list's 最新通知 shows). */
const noticeKinds: CaseAction[] = ['received', 'correction_requested', 'correction_received', 'extension_approved', 'fee_notice', 'fee_paid', 'later_date_set', 'reply', 'close', 'withdraw'];

export interface CaseListItem extends ApplicantCaseSummary {
  latest: { label: string; on: string } | null;
}

/** The account's own cases on this site, each with its latest notice (one query for all). */
export async function listForApplicant(services: Services, accountId: number, siteId: number): Promise<CaseListItem[]> {
  const db = services.database.db;
  const own = (await casesOfApplicant(db, accountId)).filter((c) => c.siteId === siteId);
  const events = await store.eventsOfCases(db, own.map((c) => c.id));
  const latest = new Map<number, { label: string; on: string }>();
  for (const e of events) {
    if (noticeKinds.includes(e.kind as CaseAction)) latest.set(e.application_id, { label: caseActions[e.kind as CaseAction], on: e.on_date });
  }
  return own.map((c) => ({ ...c, latest: latest.get(c.id) ?? null }));
}

export interface CorrectionNotice {
  on: string;
  items: string[];
  correctBy: string;
}

export interface FeeNotice {
  on: string;
  amount: number;
  basis: string;
  payBy: string;
}

export interface ApplicantCasePage {
  c: ApplicantCase;
  /** How the current due date was reached (open cases only); third parties are not named. */
  steps: ClockStep[];
  corrections: CorrectionNotice[];
  fees: FeeNotice[];
  /** Letters and notices the office sent (downloadable). */
  letters: CaseFileRow[];
  /** 公开的政府信息 sent with the reply (downloadable). */
  released: CaseFileRow[];
  /** What the applicant uploaded (listed, kept for the office). */
  uploads: CaseFileRow[];
  correctionPeriodDays: number;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

/** The consultation's party is the office's business: the applicant's explanation names nobody. */
function withoutParties(events: EventRow[]): EventRow[] {
  return events.map((e) => (e.kind === 'consultation_started' ? { ...e, data: JSON.stringify({ ...parseData(e.data), party: '第三方或其他机关' }) } : e));
}

export async function loadApplicantCase(services: Services, accountId: number, siteId: number, id: number): Promise<ApplicantCasePage | undefined> {
  const db = services.database.db;
  const c = await caseForApplicant(db, accountId, id);
  if (!c || c.siteId !== siteId) return undefined;
  const [events, calendar, rules, files] = await Promise.all([store.listEvents(db, c.id), services.calendar.loadCalendar(), loadCaseRules(db), filesOfCase(db, c.id)]);
  const open = openStatuses.includes(c.status);
  const steps = open ? clockOf(c.receivedOn, withoutParties(events), rules.clock, calendar, todayInShanghai()).steps : [];
  const corrections: CorrectionNotice[] = [];
  const fees: FeeNotice[] = [];
  for (const e of events) {
    const d = parseData(e.data);
    if (e.kind === 'correction_requested') corrections.push({ on: e.on_date, items: strings(d.items), correctBy: String(d.correctBy ?? '') });
    if (e.kind === 'fee_notice') {
      const amount = Number(d.amount);
      const basisInput = d.method === 'pages' ? { method: 'pages' as const, pages: Number(d.pages) } : { method: 'count' as const, nthApplicationThisMonth: Number(d.nthApplicationThisMonth) };
      let basis = '';
      let payBy = '';
      try {
        basis = feeBasisText({ ...basisInput, rules: rules.fees });
        payBy = addWorkingDays(e.on_date, rules.clock.feePaymentDays, calendar).due;
      } catch {
        // A notice recorded under other standards: the amount still stands.
      }
      fees.push({ on: e.on_date, amount, basis, payBy: c.status === 'awaiting_fee' && c.waitingUntil ? c.waitingUntil : payBy });
    }
  }
  return {
    c,
    steps,
    corrections,
    fees,
    letters: files.filter((f) => f.to_applicant === 1 && f.kind !== 'released'),
    released: files.filter((f) => f.to_applicant === 1 && f.kind === 'released'),
    uploads: files.filter((f) => f.to_applicant === 0 && f.created_by === accountId),
    correctionPeriodDays: rules.correctionPeriodDays,
  };
}
