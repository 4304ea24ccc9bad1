import type { Generated } from 'kysely';

export interface ApplicationsTable {
  id: Generated<number>;
  site_id: number;
  /** The case number shown to the applicant, unique per site. */
  number: string;
  channel: string;
  applicant_account_id: number | null;
  /** Table 3 column: person | business | research | nonprofit | legal_service | other_org. */
  applicant_column: string;
  applicant_name: string;
  /** ID document number, AES-GCM encrypted (never shown in full, never published). */
  applicant_id_enc: string | null;
  applicant_id_masked: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  contact_address: string | null;
  /** 所需信息的名称、文号或者便于查询的其他特征描述. */
  description: string;
  delivery_form: string;
  submitted_at: string;
  /** The legal date of receipt (条例 第三十一条), YYYY-MM-DD. */
  received_on: string;
  status: string;
  department_id: number | null;
  handler_id: number | null;
  /** The current statutory due date, recomputed from application_events (and the calendar). */
  due_on: string | null;
  /** Set while the clock is stopped (补正, 缴费): what the applicant must do by when. */
  waiting_until: string | null;
  reply_type: string | null;
  replied_on: string | null;
  closed_on: string | null;
  excessive: number;
  created_at: string;
  updated_at: string;
}

/** The case history: clock events (补正, 征求意见, 延期, 收费, 第三十五条) and every transition. */
export interface ApplicationEventsTable {
  id: Generated<number>;
  application_id: number;
  kind: string;
  /** The legal date the event counts from, YYYY-MM-DD. */
  on_date: string;
  /** JSON: event particulars (period end, days, party, from/to status …). */
  data: string;
  actor_id: number | null;
  actor_name: string;
  note: string;
  created_at: string;
}

export interface ApplicationFilesTable {
  id: Generated<number>;
  application_id: number;
  /** id_scan | attachment | letter | notice | released | correction */
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  /** Stored encrypted at rest (ID scans). */
  encrypted: number;
  /** Visible to the applicant in their space. */
  to_applicant: number;
  created_by: number | null;
  created_at: string;
  /** Released records only: the scanner's verdict, clean | findings | unreadable. */
  scan_status: string | null;
  /** Released records only: JSON [{type, masked}], never the raw finding. */
  scan_findings: string | null;
  /** "已核查，可以公开": who confirmed a flagged released record, when, and why. */
  reviewed_by: number | null;
  reviewed_at: string | null;
  review_note: string | null;
}

export interface ReplyTemplatesTable {
  id: Generated<number>;
  site_id: number;
  reply_type: string;
  title: string;
  /** 答复口径 with {{placeholders}}. */
  body: string;
  updated_by: number | null;
  updated_at: string;
}

export interface ApplicationAppealsTable {
  id: Generated<number>;
  application_id: number;
  kind: string;
  filed_on: string;
  outcome: string;
  decided_on: string | null;
  note: string;
  created_at: string;
  updated_at: string;
}

export interface AnnualReportsTable {
  id: Generated<number>;
  site_id: number;
  year: number;
  /** JSON: manual counts for table 2 (行政许可, 处罚, 强制, 收费 …). */
  manual: string;
  /** JSON: prose sections 一、五、六. */
  prose: string;
  /** JSON: the computed tables as published (frozen at publication). */
  snapshot: string | null;
  status: string;
  published_at: string | null;
  updated_at: string;
}

export interface ApplicationSequencesTable {
  site_id: number;
  year: number;
  last: number;
}

export interface ApplicationsTables {
  applications: ApplicationsTable;
  application_events: ApplicationEventsTable;
  application_files: ApplicationFilesTable;
  reply_templates: ReplyTemplatesTable;
  application_appeals: ApplicationAppealsTable;
  annual_reports: AnnualReportsTable;
  application_sequences: ApplicationSequencesTable;
}
