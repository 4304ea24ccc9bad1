import type { Generated } from 'kysely';

export interface AuditLogTable {
  seq: Generated<number>;
  site_id: number | null;
  at: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string;
  summary: string;
  /** JSON object with the action's particulars. */
  detail: string;
  ip: string;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
