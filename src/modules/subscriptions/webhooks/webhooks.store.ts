import type { Selectable } from 'kysely';
import type { Queryable } from '../../../platform/db/database.js';
import { nowIso } from '../../../platform/db/database.js';
import type { WebhookEndpointsTable } from '../subscriptions.tables.js';

/** Every column but updated_at and the sealed signing secret, which no page shows. */
const summaryColumns = ['id', 'site_id', 'owner_account_id', 'name', 'url', 'criterion', 'value', 'status', 'consecutive_failures', 'disabled_at', 'disabled_reason', 'created_at'] as const;
const endpointColumns = [...summaryColumns, 'secret_enc'] as const;

type Endpoint = Selectable<WebhookEndpointsTable>;
export type EndpointSummary = Pick<Endpoint, (typeof summaryColumns)[number]>;
/** With the sealed secret: for signing and rotating, never for a page. */
export type EndpointRow = Pick<Endpoint, (typeof endpointColumns)[number]>;

/** 'all' for the console (every endpoint of the site); an organisation sees only its own. */
export async function listEndpoints(db: Queryable, siteId: number, owner: { accountId: number } | 'all'): Promise<(EndpointSummary & { owner_name: string | null })[]> {
  let q = db
    .selectFrom('webhook_endpoints as w')
    .leftJoin('accounts as a', 'a.id', 'w.owner_account_id')
    .select(summaryColumns.map((c) => `w.${c}` as const))
    .select('a.name as owner_name')
    .where('w.site_id', '=', siteId)
    .orderBy('w.id', 'desc')
    .limit(500);
  if (owner !== 'all') q = q.where('w.owner_account_id', '=', owner.accountId);
  return q.execute();
}

export async function findEndpoint(db: Queryable, id: number, scope?: { siteId: number; ownerAccountId?: number }): Promise<EndpointRow | undefined> {
  let q = db.selectFrom('webhook_endpoints').select(endpointColumns).where('id', '=', id);
  if (scope) q = q.where('site_id', '=', scope.siteId);
  if (scope?.ownerAccountId !== undefined) q = q.where('owner_account_id', '=', scope.ownerAccountId);
  return q.executeTakeFirst();
}

export async function insertEndpoint(
  db: Queryable,
  fields: { site_id: number; owner_account_id: number | null; name: string; url: string; secret_enc: string; criterion: string | null; value: string | null },
): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('webhook_endpoints')
    .values({ ...fields, status: 'active', consecutive_failures: 0, disabled_at: null, disabled_reason: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setSecret(db: Queryable, id: number, secretEnc: string): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ secret_enc: secretEnc, updated_at: nowIso() }).where('id', '=', id).execute();
}

export async function enableEndpoint(db: Queryable, id: number): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ status: 'active', consecutive_failures: 0, disabled_at: null, disabled_reason: null, updated_at: nowIso() }).where('id', '=', id).execute();
}

export async function deleteEndpoint(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

export async function resetFailures(db: Queryable, id: number): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ consecutive_failures: 0 }).where('id', '=', id).where('consecutive_failures', '>', 0).execute();
}

/** Atomic: two workers failing at once both count. Returns the new count. */
export async function countFailure(db: Queryable, id: number): Promise<number> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set((eb) => ({ consecutive_failures: eb('consecutive_failures', '+', 1) }))
    .where('id', '=', id)
    .returning('consecutive_failures')
    .executeTakeFirst();
  return Number(row?.consecutive_failures ?? 0);
}

const disabling = (reason: string) => {
  const now = nowIso();
  return { status: 'disabled', disabled_at: now, disabled_reason: reason, updated_at: now };
};

/** True only for the caller that actually switched it off, so the owner is told once. */
export async function disableEndpoint(db: Queryable, id: number, reason: string): Promise<boolean> {
  const row = await db.updateTable('webhook_endpoints').set(disabling(reason)).where('id', '=', id).where('status', '=', 'active').returning('id').executeTakeFirst();
  return Boolean(row);
}

/** Every endpoint an account registered (its account is closed); returns how many were switched off. */
export async function disableEndpointsOf(db: Queryable, ownerAccountId: number, reason: string): Promise<number> {
  const result = await db.updateTable('webhook_endpoints').set(disabling(reason)).where('owner_account_id', '=', ownerAccountId).where('status', '!=', 'disabled').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findAccountContact(db: Queryable, accountId: number) {
  return db.selectFrom('accounts').select(['id', 'name', 'email', 'kind']).where('id', '=', accountId).executeTakeFirst();
}
