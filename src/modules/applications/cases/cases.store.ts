import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import type { ApplicationEventsTable, ApplicationsTable } from '../applications.tables.js';

/** Every SQL statement of the cases: the case rows, their history, and the staff who handle them. */

export type CaseRow = Selectable<ApplicationsTable>;
export type EventRow = Selectable<ApplicationEventsTable>;
export type NewCase = Omit<ApplicationsTable, 'id'>;

const isPostgres = (db: Queryable) => db.getExecutor().adapter.constructor.name === 'PostgresAdapter';

/** The next running number of a site's year, atomically (one upsert on both databases). */
export async function nextSequence(db: Queryable, siteId: number, year: number): Promise<number> {
  const row = await db
    .insertInto('application_sequences')
    .values({ site_id: siteId, year, last: 1 })
    .onConflict((oc) => oc.columns(['site_id', 'year']).doUpdateSet((eb) => ({ last: eb(eb.ref('application_sequences.last'), '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertCase(db: Queryable, row: NewCase): Promise<number> {
  return (await db.insertInto('applications').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findCase(db: Queryable, id: number): Promise<CaseRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads the case inside a transaction and, on PostgreSQL, locks it until commit (SQLite has one writer). */
export async function lockCase(trx: Queryable, id: number): Promise<CaseRow | undefined> {
  const query = trx.selectFrom('applications').selectAll().where('id', '=', id);
  return (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst();
}

export async function updateCase(db: Queryable, id: number, changes: Partial<NewCase>): Promise<void> {
  await db.updateTable('applications').set({ ...changes, updated_at: nowIso() }).where('id', '=', id).execute();
}

export async function insertEvent(
  db: Queryable,
  e: { caseId: number; kind: string; on: string; data: object; actorId: number | null; actorName: string; note: string },
): Promise<number> {
  const row = await db
    .insertInto('application_events')
    .values({ application_id: e.caseId, kind: e.kind, on_date: e.on, data: JSON.stringify(e.data), actor_id: e.actorId, actor_name: e.actorName, note: e.note, created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listEvents(db: Queryable, caseId: number): Promise<EventRow[]> {
  return db.selectFrom('application_events').selectAll().where('application_id', '=', caseId).orderBy('id').execute();
}

/** The history of many cases at once (the recompute batches), in recording order. */
export async function eventsOfCases(db: Queryable, caseIds: number[]): Promise<EventRow[]> {
  if (caseIds.length === 0) return [];
  return db.selectFrom('application_events').selectAll().where('application_id', 'in', caseIds).orderBy('application_id').orderBy('id').execute();
}

/**
 * The clock events (`kinds`) of the cases with first ≤ id ≤ last, in recording order: the recompute
 * batches (a range on the (application_id, id) index is cheaper than a list of 1,000 ids, and
 * only the clock's kinds and columns are read).
 */
export async function clockEventsInRange(db: Queryable, first: number, last: number, kinds: readonly string[]) {
  return db
    .selectFrom('application_events')
    .select(['application_id', 'kind', 'on_date', 'data'])
    .where('application_id', '>=', first)
    .where('application_id', '<=', last)
    .where('kind', 'in', [...kinds])
    .orderBy('application_id')
    .orderBy('id')
    .execute();
}

/**
 * Which application of its applicant (account or identity number) this is in its site's
 * calendar month of receipt, counting those received earlier (or the same day, entered before): 按件计收.
 */
export async function applicantMonthOrdinal(db: Queryable, c: Pick<CaseRow, 'id' | 'site_id' | 'received_on' | 'applicant_account_id' | 'applicant_id_enc'>): Promise<number> {
  const row = await db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site_id', '=', c.site_id)
    .where('received_on', '>=', `${c.received_on.slice(0, 7)}-01`)
    .where((eb) => eb.or([eb('received_on', '<', c.received_on), eb.and([eb('received_on', '=', c.received_on), eb('id', '<=', c.id)])]))
    .where((eb) => {
      const who = [eb('id', '=', c.id)];
      if (c.applicant_account_id !== null) who.push(eb('applicant_account_id', '=', c.applicant_account_id));
      if (c.applicant_id_enc !== null) who.push(eb('applicant_id_enc', '=', c.applicant_id_enc));
      return eb.or(who);
    })
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One batch of open cases (every site), in id order after `afterId`: the calendar recompute walks
 * them. `receivedBy`: only cases received on or before that date (a clock never looks at days
 * before its receipt, so later cases cannot be touched by a change up to that date).
 */
export async function openCasesAfter(db: Queryable, statuses: string[], afterId: number, limit: number, receivedBy?: string) {
  let query = db
    .selectFrom('applications')
    .select(['id', 'site_id', 'number', 'status', 'received_on', 'due_on', 'waiting_until'])
    .where('status', 'in', statuses)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit);
  if (receivedBy) query = query.where('received_on', '<=', receivedBy);
  return (isPostgres(db) ? query.forUpdate() : query).execute();
}

/**
 * Writes many cases' clock columns in one statement: on SQLite a join with a VALUES list (UPDATE … FROM,
 * several times faster there), on PostgreSQL CASE … WHEN (the faster one there).
 */
export async function updateClocks(db: Queryable, rows: { id: number; dueOn: string | null; waitingUntil: string | null }[]): Promise<void> {
  if (rows.length === 0) return;
  if (!isPostgres(db)) {
    const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.dueOn}, ${r.waitingUntil})`));
    await sql`with v(id, due_on, waiting_until) as (values ${values}) update applications set due_on = v.due_on, waiting_until = v.waiting_until from v where applications.id = v.id`.execute(db);
    return;
  }
  const cases = (pick: (r: (typeof rows)[number]) => string | null) =>
    sql.join(rows.map((r) => sql`when ${r.id} then ${pick(r)}`), sql` `);
  const ids = sql.join(rows.map((r) => r.id));
  await sql`update applications set due_on = case id ${cases((r) => r.dueOn)} end, waiting_until = case id ${cases((r) => r.waitingUntil)} end where id in (${ids})`.execute(db);
}

/** Cases in a stopped status whose applicant's period ended before `today`: candidates for closing. */
export async function waitingPastDue(db: Queryable, statuses: string[], today: string, afterId: number, limit: number) {
  return db
    .selectFrom('applications')
    .select(['id', 'site_id', 'status'])
    .where('status', 'in', statuses)
    .where('waiting_until', '<', today)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Running cases due on or before `until` (overdue ones included): the reminder job's candidates. */
export async function dueBy(db: Queryable, statuses: string[], until: string, afterId: number, limit: number) {
  return db.selectFrom('applications').selectAll().where('status', 'in', statuses).where('due_on', '<=', until).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** The reminders already recorded for these cases (events of kind reminder_sent). */
export async function remindersOf(db: Queryable, caseIds: number[]) {
  if (caseIds.length === 0) return [];
  return db.selectFrom('application_events').select(['application_id', 'data']).where('application_id', 'in', caseIds).where('kind', '=', 'reminder_sent').execute();
}

/**
 * Staff who should hear about a case: the handlers of its department, or, for a case not yet
 * assigned, the site's 公开办; or everyone holding `role` on the site. Reads the accounts
 * module's tables (who holds which role).
 */
export async function staffToNotify(db: Queryable, siteId: number, who: { departmentId: number | null } | { role: string }) {
  let query = db
    .selectFrom('staff_roles')
    .innerJoin('accounts', 'accounts.id', 'staff_roles.account_id')
    .select(['accounts.id', 'accounts.name', 'accounts.email'])
    .where('accounts.site_id', '=', siteId)
    .where('accounts.status', '=', 'active')
    .where('accounts.kind', '=', 'staff');
  if ('role' in who) query = query.where('staff_roles.role', '=', who.role);
  else if (who.departmentId === null) query = query.where('staff_roles.role', '=', 'disclosure_office');
  else query = query.where('staff_roles.role', '=', 'handler').where('staff_roles.department_id', '=', who.departmentId);
  return query.distinct().orderBy('accounts.id').execute();
}

/** The public account filing online: its kind, organisation type and contacts. */
export async function findApplicantAccount(db: Queryable, accountId: number) {
  return db
    .selectFrom('accounts')
    .select(['id', 'kind', 'org_type', 'name', 'email', 'mobile', 'credit_code', 'status'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

export async function departmentsOf(db: Queryable, siteId: number) {
  return db.selectFrom('departments').select(['id', 'name', 'code', 'active']).where('site_id', '=', siteId).orderBy('code').execute();
}

export async function casesOfAccount(db: Queryable, accountId: number) {
  return db.selectFrom('applications').selectAll().where('applicant_account_id', '=', accountId).orderBy('received_on', 'desc').orderBy('id', 'desc').execute();
}
