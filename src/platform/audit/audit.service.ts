import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Queryable } from '../db/database.js';
import { nowIso } from '../db/database.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  id: number | null;
  label: string;
  ip: string;
  siteId: number | null;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | number;
  summary: string;
  detail?: Record<string, unknown>;
}

interface HashedFields {
  site_id: number | null;
  at: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string;
  summary: string;
  detail: string;
  ip: string;
  prev_hash: string;
}

export function auditHash(fields: HashedFields): string {
  const canonical = JSON.stringify([
    fields.prev_hash, fields.site_id, fields.at, fields.actor_id, fields.actor_label, fields.action,
    fields.target_type, fields.target_id, fields.summary, fields.detail, fields.ip,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one record to the hash chain. Call it with the transaction that performs the action,
 * so the action and its record commit or vanish together.
 */
export async function appendAudit(trx: Queryable, actor: AuditActor, entry: AuditEntry): Promise<void> {
  // Serialise appenders so two transactions never chain onto the same predecessor. SQLite
  // already has one writer; on PostgreSQL a transaction-scoped advisory lock does it.
  if (trx.getExecutor().adapter.constructor.name === 'PostgresAdapter') {
    await sql`select pg_advisory_xact_lock(727274)`.execute(trx);
  }
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const fields: HashedFields = {
    site_id: actor.siteId,
    at: nowIso(),
    actor_id: actor.id,
    actor_label: actor.label,
    action: entry.action,
    target_type: entry.targetType,
    target_id: String(entry.targetId),
    summary: entry.summary,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: actor.ip,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  await trx.insertInto('audit_log').values({ ...fields, hash: auditHash(fields) }).execute();
}

export type AuditVerification = { ok: true; records: number } | { ok: false; records: number; brokenSeq: number; reason: string };

/** Walks the whole chain in order; names the first record whose hash or link does not hold. */
export async function verifyAuditChain(database: Database, batchSize = 5000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let after = 0;
  let records = 0;
  for (;;) {
    const rows = await database.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(batchSize).execute();
    for (const row of rows) {
      if (row.prev_hash !== prev) {
        return { ok: false, records, brokenSeq: row.seq, reason: '与前一条记录的链接不符（记录被删除、插入或改动）' };
      }
      if (auditHash(row) !== row.hash) {
        return { ok: false, records, brokenSeq: row.seq, reason: '记录内容与其哈希不符（记录被篡改）' };
      }
      prev = row.hash;
      after = row.seq;
      records += 1;
    }
    if (rows.length < batchSize) return { ok: true, records };
  }
}

export interface AuditQuery {
  siteId?: number | null;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  beforeSeq?: number;
  limit: number;
}

export async function listAudit(database: Database, q: AuditQuery) {
  let query = database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(q.limit);
  if (q.siteId !== undefined) query = q.siteId === null ? query.where('site_id', 'is', null) : query.where('site_id', '=', q.siteId);
  if (q.actor) query = query.where('actor_label', 'like', `%${q.actor}%`);
  if (q.action) query = query.where('action', 'like', `${q.action}%`);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
  return query.execute();
}
