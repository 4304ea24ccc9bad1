import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../../app/services.js';
import { requireStaff } from '../../../../app/guards.js';
import { notFound } from '../../../../platform/http/errors.js';
import { parseId } from '../../../../platform/http/ids.js';
import type { Viewer } from '../../../accounts/accounts.service.js';
import { isStaffRole, type StaffRole } from '../../../accounts/roles.js';
import * as store from '../cases.store.js';
import type { CaseRow } from '../cases.store.js';
import { staffMaySee, type CaseHooks } from '../context.js';
import { rolesForAction, type CaseAction } from '../transitions.js';

export interface ConsoleContext {
  services: Services;
  hooks: CaseHooks;
}

/** The queue and case pages: 公开办 and 负责人 see the site's cases, 承办处室 their department's, 管理员 all. */
export const viewRoles: StaffRole[] = ['disclosure_office', 'handler', 'head', 'admin'];
export const intakeRoles: StaffRole[] = ['disclosure_office'];

/** Where each action's form posts, under /console/applications/:id/. */
export const actionSlugs = {
  assign: ['assign'],
  correction: ['correction_requested'],
  'correction-received': ['correction_received'],
  consultation: ['consultation_started'],
  'consultation-end': ['consultation_ended'],
  extension: ['extension_requested'],
  'extension-decision': ['extension_approved', 'extension_rejected'],
  fee: ['fee_notice'],
  'fee-paid': ['fee_paid'],
  'later-date': ['later_date_set'],
  reply: ['reply'],
  close: ['close'],
  withdraw: ['withdraw'],
} as const satisfies Record<string, readonly CaseAction[]>;
export type ActionSlug = keyof typeof actionSlugs;

/** Staff roles that may post a slug's form (from the transition table); the command checks the case itself. */
export function slugRoles(slug: ActionSlug): StaffRole[] {
  return [...new Set(actionSlugs[slug].flatMap((a) => rolesForAction(a)).filter(isStaffRole))];
}

/** 随答复提供的公开信息: prepared by whoever may reply (the service checks the case and the department). */
export const releaseStaffRoles: StaffRole[] = slugRoles('reply');

/** Who may use each route: for the route-by-route authorization test and the console menu. */
export const applicationRouteAccess: Record<string, StaffRole[]> = {
  'GET /console/applications': viewRoles,
  'GET /console/applications/new': intakeRoles,
  'POST /console/applications/new': intakeRoles,
  'GET /console/applications/:id': viewRoles,
  ...Object.fromEntries((Object.keys(actionSlugs) as ActionSlug[]).map((slug) => [`POST /console/applications/:id/${slug}`, slugRoles(slug)])),
  'POST /console/applications/:id/released': releaseStaffRoles,
  'POST /console/applications/:id/released/:fid/replace': releaseStaffRoles,
  'POST /console/applications/:id/released/:fid/confirm': releaseStaffRoles,
  'POST /console/applications/:id/released/:fid/remove': releaseStaffRoles,
  'GET /console/applications/:id/released/:fid': viewRoles,
};

/** The staff member (with one of the roles) and the case of `:id` if they may see it; 404 otherwise. */
export async function staffAndCase(ctx: ConsoleContext, request: FastifyRequest, roles: StaffRole[]): Promise<{ viewer: Viewer; c: CaseRow }> {
  const viewer = requireStaff(request, roles);
  const id = parseId((request.params as Record<string, unknown> | undefined)?.id);
  const c = id === undefined ? undefined : await store.findCase(ctx.services.database.db, id);
  if (!c || c.site_id !== request.site.id || !staffMaySee(viewer, c)) throw notFound('该申请');
  return { viewer, c };
}
