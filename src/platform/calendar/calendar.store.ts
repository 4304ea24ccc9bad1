import type { Insertable, Selectable } from 'kysely';
import type { Queryable } from '../db/database.js';
import type { CalendarDaysTable, CalendarYearsTable } from './calendar.tables.js';

/* Every SQL statement of the calendar; portable between SQLite and PostgreSQL. */

export type CalendarDayRow = Selectable<CalendarDaysTable>;
export type CalendarYearRow = Selectable<CalendarYearsTable>;

// Well under SQLite's 32 766 and PostgreSQL's 65 535 bound parameters per statement.
const INSERT_CHUNK = 500;

export async function countYears(q: Queryable): Promise<number> {
  const row = await q.selectFrom('calendar_years').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function listYears(q: Queryable): Promise<CalendarYearRow[]> {
  return q.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}

export async function findYear(q: Queryable, year: number): Promise<CalendarYearRow | undefined> {
  return q.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();
}

/** Returns false when the year already exists (left untouched). */
export async function insertYear(q: Queryable, row: Insertable<CalendarYearsTable>): Promise<boolean> {
  const result = await q
    .insertInto('calendar_years')
    .values(row)
    .onConflict((oc) => oc.column('year').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function markYearPublished(q: Queryable, year: number, at: string): Promise<void> {
  await q.updateTable('calendar_years').set({ status: 'published', published_at: at, updated_at: at }).where('year', '=', year).execute();
}

export async function touchYear(q: Queryable, year: number, at: string): Promise<void> {
  await q.updateTable('calendar_years').set({ updated_at: at }).where('year', '=', year).execute();
}

export async function listDays(q: Queryable, filter: { year?: number } = {}): Promise<CalendarDayRow[]> {
  let query = q.selectFrom('calendar_days').selectAll().orderBy('date');
  if (filter.year !== undefined) query = query.where('year', '=', filter.year);
  return query.execute();
}

/** The days that take effect: those of published years. */
export async function listPublishedDays(q: Queryable): Promise<Pick<CalendarDayRow, 'date' | 'kind' | 'name'>[]> {
  return q
    .selectFrom('calendar_days')
    .innerJoin('calendar_years', 'calendar_years.year', 'calendar_days.year')
    .where('calendar_years.status', '=', 'published')
    .select(['calendar_days.date', 'calendar_days.kind', 'calendar_days.name'])
    .orderBy('calendar_days.date')
    .execute();
}

export async function listPublishedYears(q: Queryable): Promise<number[]> {
  const rows = await q.selectFrom('calendar_years').select('year').where('status', '=', 'published').orderBy('year').execute();
  return rows.map((r) => r.year);
}

export async function findDay(q: Queryable, date: string): Promise<CalendarDayRow | undefined> {
  return q.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
}

export async function countDaysInYear(q: Queryable, year: number): Promise<number> {
  const row = await q
    .selectFrom('calendar_days')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function upsertDay(q: Queryable, row: Insertable<CalendarDaysTable>): Promise<void> {
  await q
    .insertInto('calendar_days')
    .values(row)
    .onConflict((oc) =>
      oc.column('date').doUpdateSet({ kind: row.kind, name: row.name, year: row.year, source: row.source, updated_at: row.updated_at }),
    )
    .execute();
}

/** Inserts in chunks, skipping dates that already have a row; returns how many were inserted. */
export async function insertDays(q: Queryable, rows: Insertable<CalendarDaysTable>[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const result = await q
      .insertInto('calendar_days')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.column('date').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

export async function deleteDay(q: Queryable, date: string): Promise<boolean> {
  const result = await q.deleteFrom('calendar_days').where('date', '=', date).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
