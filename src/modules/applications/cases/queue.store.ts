import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import type { Schema } from '../../../platform/db/schema.js';
import { runningStatuses } from './deadlines.service.js';

/** The console queue's queries: filtered, counted, scoped to what the viewer may see. */

export interface QueueScope {
  siteId: number;
  /** null: the whole site (公开办, 负责人, 管理员); otherwise only these departments' cases (承办处室). */
  departmentIds: number[] | null;
}

export interface QueueFilter extends QueueScope {
  /** '' = not yet closed, 'all', or one status code. */
  status: string;
  departmentId: number | null;
  overdue: boolean;
  pendingExtension: boolean;
  /** Part of the case number or the applicant's name. */
  q: string;
  today: string;
  page: number;
  pageSize: number;
}

type Query = SelectQueryBuilder<Schema, 'applications', object>;

/** An extension request with no decision (nor a restart by 补正) after it. */
const pendingExtensionExists = (eb: ExpressionBuilder<Schema, 'applications'>) =>
  eb.exists(
    eb
      .selectFrom('application_events as e')
      .select('e.id')
      .whereRef('e.application_id', '=', 'applications.id')
      .where('e.kind', '=', 'extension_requested')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('application_events as d').select('d.id').whereRef('d.application_id', '=', 'e.application_id').whereRef('d.id', '>', 'e.id').where('d.kind', 'in', ['extension_approved', 'extension_rejected', 'correction_received']))),
      ),
  );

function scoped(db: Queryable, scope: QueueScope): Query {
  let query = db.selectFrom('applications').where('applications.site_id', '=', scope.siteId) as Query;
  if (scope.departmentIds !== null) {
    query = scope.departmentIds.length ? query.where('applications.department_id', 'in', scope.departmentIds) : query.where(({ lit }) => lit(false));
  }
  return query;
}

function filtered(db: Queryable, f: QueueFilter): Query {
  let query = scoped(db, f);
  if (f.status === '') query = query.where('applications.status', '!=', 'closed');
  else if (f.status !== 'all') query = query.where('applications.status', '=', f.status);
  if (f.departmentId !== null) query = query.where('applications.department_id', '=', f.departmentId);
  if (f.overdue) query = query.where('applications.status', 'in', runningStatuses).where('applications.due_on', '<', f.today);
  if (f.pendingExtension) query = query.where(pendingExtensionExists);
  if (f.q) {
    const like = (column: string) => sql<boolean>`${sql.ref(column)} like ${`%${f.q.replace(/[!%_]/g, '!$&')}%`} escape '!'`;
    query = query.where((eb) => eb.or([like('applications.number'), like('applications.applicant_name')]));
  }
  return query;
}

export async function listQueue(db: Queryable, f: QueueFilter) {
  const count = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await filtered(db, f)
    .leftJoin('departments', 'departments.id', 'applications.department_id')
    .select([
      'applications.id', 'applications.number', 'applications.applicant_name', 'applications.applicant_column', 'applications.description', 'applications.channel',
      'applications.received_on', 'applications.status', 'applications.due_on', 'applications.waiting_until', 'applications.reply_type', 'applications.excessive',
      'departments.name as department_name',
    ])
    .orderBy((eb) => eb.case().when('applications.due_on', 'is', null).then(1).else(0).end())
    .orderBy('applications.due_on')
    .orderBy('applications.id', 'desc')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(count.n), rows };
}

export type QueueRow = Awaited<ReturnType<typeof listQueue>>['rows'][number];

/** The numbers above the queue: cases per status, overdue, due soon, extensions awaiting the head. */
export async function queueCounts(db: Queryable, scope: QueueScope, today: string, soonUntil: string) {
  const byStatus = await scoped(db, scope).select(['applications.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('applications.status').execute();
  const running = () => scoped(db, scope).where('applications.status', 'in', runningStatuses).select((eb) => eb.fn.countAll<number>().as('n'));
  const [overdue, soon, pending] = await Promise.all([
    running().where('applications.due_on', '<', today).executeTakeFirstOrThrow(),
    running().where('applications.due_on', '>=', today).where('applications.due_on', '<=', soonUntil).executeTakeFirstOrThrow(),
    scoped(db, scope).where(pendingExtensionExists).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    byStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])) as Record<string, number>,
    overdue: Number(overdue.n),
    dueSoon: Number(soon.n),
    pendingExtension: Number(pending.n),
  };
}
