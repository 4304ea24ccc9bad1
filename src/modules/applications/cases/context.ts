import type { Services } from '../../../app/services.js';
import type { AuditActor } from '../../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../../platform/db/database.js';
import type { JobQueue } from '../../../platform/jobs/queue.js';
import type { WorkingCalendar } from '../../../platform/calendar/working-days.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import { loadCaseRules, todayInShanghai, type CaseRules } from './case-rules.js';
import type { CaseRow } from './cases.store.js';
import type { ActorRole } from './transitions.js';

/** Called inside the reply's transaction: the replies module makes and keeps the letter there. */
export type ReplyHook = (trx: Queryable, reply: { case: CaseRow; replyType: string; repliedOn: string; note: string; eventId: number; actor: CaseActor }) => Promise<void>;

/** Called inside every move's transaction, after its own effects (e.g. to attach a .docx notice for 补正 or 收费). */
export type MoveHook = (trx: Queryable, move: { action: string; case: CaseRow; eventId: number; from: string; actor: CaseActor }) => Promise<void>;

export interface CaseHooks {
  replied?: ReplyHook;
  moved?: MoveHook;
}

/** Everything a case command needs, built once per request or job (no globals). */
export interface CaseContext {
  database: Database;
  jobs: JobQueue;
  calendar: WorkingCalendar;
  rules: CaseRules;
  /** Beijing date the command counts as today (tests and jobs may fix it). */
  today: string;
  /** Derives the key that encrypts applicants' identity numbers. */
  secret: string;
  hooks: CaseHooks;
}

export async function caseContext(services: Pick<Services, 'database' | 'jobs' | 'calendar' | 'secret'>, options: { today?: string; hooks?: CaseHooks } = {}): Promise<CaseContext> {
  const [calendar, rules] = await Promise.all([services.calendar.loadCalendar(), loadCaseRules(services.database.db)]);
  return { database: services.database, jobs: services.jobs, calendar, rules, today: options.today ?? todayInShanghai(), secret: services.secret, hooks: options.hooks ?? {} };
}

/** Who performs a command: staff (roles, departments), the applicant, or the system. */
export interface CaseActor extends AuditActor {
  id: number | null;
  siteId: number;
  kind: 'staff' | 'applicant' | 'system';
  roles: readonly ActorRole[];
  departmentIds: readonly number[];
}

export function staffActor(viewer: Viewer, audit: AuditActor, siteId: number): CaseActor {
  return { ...audit, id: viewer.id, siteId, kind: 'staff', roles: viewer.roles, departmentIds: viewer.departmentIds };
}

export function applicantActor(viewer: Pick<Viewer, 'id' | 'name'>, ip: string, siteId: number): CaseActor {
  return { id: viewer.id, label: viewer.name, ip, siteId, kind: 'applicant', roles: ['applicant'], departmentIds: [] };
}

export const systemActor = (siteId: number, label = '系统（定时任务）'): CaseActor => ({ id: null, label, ip: '-', siteId, kind: 'system', roles: ['system'], departmentIds: [] });

/** Roles that see every case of the site (read): 公开办, 负责人, 系统管理员. */
export const siteWideRoles: readonly ActorRole[] = ['disclosure_office', 'head', 'admin'];

/**
 * Whether a staff member may see this case: 公开办, 负责人 and administrators see the whole
 * site; 承办处室 only the cases assigned to their department.
 */
export function staffMaySee(viewer: Pick<Viewer, 'isPlatformAdmin' | 'roles' | 'departmentIds' | 'siteId'>, c: Pick<CaseRow, 'site_id' | 'department_id'>): boolean {
  if (viewer.isPlatformAdmin) return true;
  if (viewer.siteId !== c.site_id) return false;
  if (viewer.roles.some((r) => siteWideRoles.includes(r))) return true;
  return viewer.roles.includes('handler') && c.department_id !== null && viewer.departmentIds.includes(c.department_id);
}

/** Whether the actor holds one of the roles for this very case (a handler only for their department's cases). */
export function actorHolds(actor: CaseActor, roles: readonly ActorRole[], c: Pick<CaseRow, 'site_id' | 'department_id' | 'applicant_account_id'>): boolean {
  if (c.site_id !== actor.siteId) return false;
  return roles.some((role) => {
    if (!actor.roles.includes(role)) return false;
    if (role === 'handler') return c.department_id !== null && actor.departmentIds.includes(c.department_id);
    if (role === 'applicant') return actor.kind === 'applicant' && c.applicant_account_id === actor.id;
    if (role === 'system') return actor.kind === 'system';
    return actor.kind === 'staff';
  });
}
