import { sql, type RawBuilder } from 'kysely';
import type { DatabaseKind } from '../db/database.js';
import type { SearchQuery } from './search.types.js';

/** Columns a result row needs (alias e = search_entries). */
export const RESULT_COLUMNS = sql`e.id, e.site_id, e.key, e.title, e.doc_number, e.published_at, e.url`;

export interface ResultRow {
  id: number;
  site_id: number;
  key: string;
  title: string;
  doc_number: string | null;
  published_at: string;
  url: string;
}

/**
 * The WHERE conditions shared by every search query: filters and the viewer's permission.
 * An entry with an audience (定向公开) is visible only to the accounts listed in it.
 */
export function filterConditions(kind: DatabaseKind, query: SearchQuery, excludeIds: number[] = []): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  const viewer = query.viewerAccountId ?? null;
  if (viewer === null) where.push(sql`e.is_public = 1`);
  else if (kind === 'postgres') where.push(sql`(e.is_public = 1 or e.audience::jsonb @> ${JSON.stringify([viewer])}::jsonb)`);
  else where.push(sql`(e.is_public = 1 or exists (select 1 from json_each(e.audience) where value = ${viewer}))`);
  if (query.siteIds) {
    where.push(query.siteIds.length === 0 ? sql`1 = 0` : sql`e.site_id in (${sql.join(query.siteIds)})`);
  }
  if (query.kind) where.push(sql`e.kind = ${query.kind}`);
  if (query.type) where.push(sql`e.type = ${query.type}`);
  if (query.validity) where.push(sql`e.validity = ${query.validity}`);
  if (query.theme) where.push(sql`e.theme = ${query.theme}`);
  if (query.year !== undefined && query.year !== null) where.push(sql`e.year = ${query.year}`);
  if (query.issuer) {
    where.push(
      kind === 'postgres'
        ? sql`jsonb_exists(e.issuers::jsonb, ${query.issuer})`
        : sql`exists (select 1 from json_each(e.issuers) where value = ${query.issuer})`,
    );
  }
  if (excludeIds.length > 0) where.push(sql`e.id not in (${sql.join(excludeIds)})`);
  return where;
}

export const and = (conditions: RawBuilder<unknown>[]): RawBuilder<unknown> =>
  conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` and `);
