import type { Queryable } from '../../platform/db/database.js';
import type { StaffRole } from '../accounts/roles.js';
import { openStatuses } from './cases/transitions.js';

export interface CaseTodo {
  id: number;
  number: string;
  what: string;
  overdue: boolean;
}

/**
 * The console dashboard's 依申请公开 items: cases not yet assigned (公开办), and cases due within
 * `soonDays` calendar days or overdue — the office and heads see the site, a handler their
 * departments. Overdue ones first; the dashboard shows them in red.
 */
export async function caseTodos(
  db: Queryable,
  viewer: { siteId: number; roles: StaffRole[]; departmentIds: number[] },
  today: string,
  soonUntil: string,
  limit = 20,
): Promise<CaseTodo[]> {
  const seesAll = viewer.roles.some((r) => r === 'disclosure_office' || r === 'head');
  if (!seesAll && !(viewer.roles.includes('handler') && viewer.departmentIds.length > 0)) return [];
  let q = db
    .selectFrom('applications')
    .select(['id', 'number', 'status', 'due_on', 'department_id'])
    .where('site_id', '=', viewer.siteId)
    .where('status', 'in', [...openStatuses])
    .where((eb) => eb.or([eb('due_on', '<=', soonUntil), ...(viewer.roles.includes('disclosure_office') ? [eb('department_id', 'is', null)] : [])]))
    .orderBy('due_on')
    .limit(limit);
  if (!seesAll) q = q.where('department_id', 'in', viewer.departmentIds);
  const rows = await q.execute();
  return rows
    .map((r) => {
      const overdue = r.due_on !== null && r.due_on < today;
      const what = r.department_id === null ? '待分办' : overdue ? `已逾期（应于 ${r.due_on} 前答复）` : `将于 ${r.due_on} 到期`;
      return { id: r.id, number: r.number, what, overdue };
    })
    .sort((a, b) => Number(b.overdue) - Number(a.overdue));
}
