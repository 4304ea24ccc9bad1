import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../app/services.js';
import type { Database } from '../../../platform/db/database.js';
import { createStaffUser } from '../../accounts/staff.service.js';
import type { StaffRole } from '../../accounts/roles.js';
import { createDepartment } from '../../sites/sites.service.js';
import { applicationConsoleRoutes } from './console/index.js';
import type { CaseHooks } from './context.js';
import { defineApplicationJobs, subscribeToCalendar } from './jobs.js';

/** Test helpers: wiring (until the app does it itself) and staff who belong to a department. */

const system = (siteId: number) => ({ id: null, label: '测试', ip: '127.0.0.1', siteId });

/** Registers the console routes (before the app's first request), the jobs and the calendar listener, once. */
export async function installApplications(gk: { app: FastifyInstance; services: Services }, hooks?: CaseHooks): Promise<void> {
  if (!gk.app.hasRoute({ method: 'GET', url: '/console/applications' })) await applicationConsoleRoutes(gk.app, gk.services, { hooks });
  defineApplicationJobs(gk.services);
  subscribeToCalendar(gk.services);
}

export async function addDepartment(database: Database, siteId: number, name: string, code: string): Promise<number> {
  const outcome = await createDepartment(database, siteId, { name, code }, system(siteId));
  if (!outcome.ok) throw new Error(`department ${name}: ${JSON.stringify(outcome.errors)}`);
  return outcome.value;
}

export async function addDepartmentStaff(
  database: Database,
  siteId: number,
  input: { username: string; roles: StaffRole[]; departmentId: number | null; email?: string | null; password: string },
): Promise<number> {
  const outcome = await createStaffUser(
    database,
    siteId,
    { name: `测试${input.username}`, username: input.username, email: input.email ?? null, roles: input.roles, departmentId: input.departmentId, password: input.password },
    system(siteId),
  );
  if (!outcome.ok) throw new Error(`staff ${input.username}: ${JSON.stringify(outcome.errors)}`);
  return outcome.value;
}
