import type { FastifyRequest } from 'fastify';
import type { Services } from '../../../app/services.js';
import { requireStaff } from '../../../app/guards.js';
import type { AuditActor } from '../../../platform/audit/audit.service.js';
import { notFound } from '../../../platform/http/errors.js';
import { parseId } from '../../../platform/http/ids.js';
import type { Viewer } from '../../accounts/accounts.service.js';
import type { StaffRole } from '../../accounts/roles.js';
import * as store from '../documents.store.js';
import type { DocumentRow } from '../documents.store.js';
import { sensitiveTerms } from '../findings.service.js';
import { publishRoles, stepRoles, withdrawRoles, type PublicationHooks } from '../workflow.service.js';

export interface ConsoleContext {
  services: Services;
  hooks: PublicationHooks;
}

/** Who may use which part of the documents console (routes check these; services check again). */
export const access = {
  /** Lists, the workbench, comparing versions, downloading attachments. */
  library: ['editor', 'reviewer', 'confidentiality', 'disclosure_office', 'head', 'admin'],
  /** Drafting, editing, attachments, 送审, 一键脱敏. */
  edit: ['editor', 'admin'],
  /** Any review step; the step itself needs stepRoles[step]. */
  review: [...new Set(Object.values(stepRoles).flat())],
  publish: publishRoles,
  withdraw: withdrawRoles,
  /** Ignoring a scanner finding (with a reason) is a disclosure decision, not an editor's. */
  override: ['reviewer', 'confidentiality', 'disclosure_office'],
  /** Validity relations (修改 / 废止 / 依据 / 解读). */
  relations: ['editor', 'disclosure_office', 'admin'],
  terms: ['admin'],
} satisfies Record<string, StaffRole[]>;

/** Passes the route's role check (a platform administrator passes every one). */
export const canUse = (viewer: Viewer, roles: readonly StaffRole[]) => viewer.isPlatformAdmin || roles.some((r) => viewer.roles.includes(r));
/** Actually holds one of the roles: the workflow services grant nobody an exemption. */
export const holds = (viewer: Viewer, roles: readonly StaffRole[]) => roles.some((r) => viewer.roles.includes(r));

export type Actor = AuditActor & { id: number; siteId: number; roles: StaffRole[]; departmentId: number | null };

export function actorOf(request: FastifyRequest, viewer: Viewer): Actor {
  return { ...request.auditActor(), id: viewer.id, siteId: request.site.id, roles: viewer.roles, departmentId: viewer.departmentIds[0] ?? null };
}

/** The staff member, checked for the roles, and the document of `:id` on this site (404 otherwise). */
export async function staffAndDocument(ctx: ConsoleContext, request: FastifyRequest, roles: readonly StaffRole[]): Promise<{ viewer: Viewer; doc: DocumentRow }> {
  const viewer = requireStaff(request, [...roles]);
  const id = parseId((request.params as Record<string, unknown> | undefined)?.id);
  const doc = id === undefined ? undefined : await store.findDocument(ctx.services.database.db, id);
  if (!doc || doc.site_id !== request.site.id) throw notFound('该文件');
  return { viewer, doc };
}

export const termsOf = (ctx: ConsoleContext, request: FastifyRequest) => sensitiveTerms(ctx.services.database.db, request.site.id);

/** 2026-03-01 08:30 in Beijing time. */
export const fmtTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).replace(/\//g, '-') : '—';

export const parseJsonList = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
};

export const statusTagClass: Record<string, string> = { published: 'tag tag-green', withdrawn: 'tag tag-red', scheduled: 'tag tag-green' };
export const validityTagClass: Record<string, string> = { current: 'tag tag-green', repealed: 'tag tag-red', expired: 'tag tag-red' };
