import type { Generated } from 'kysely';

export interface DocumentsTable {
  id: Generated<number>;
  site_id: number;
  type: string;
  /** 索引号, generated per site and year when the document is created. */
  index_number: string;
  status: string;
  /** Fields of the latest saved version, kept here for lists and filters. */
  title: string;
  doc_number: string | null;
  /** JSON array of 发文机关 (joint issuance has several). */
  issuers: string;
  theme: string | null;
  written_on: string | null;
  effective_on: string | null;
  expires_on: string | null;
  validity: string;
  /** The date validity last changed (废止/失效/修改 date). */
  validity_changed_on: string | null;
  disclosure: string | null;
  disclosure_reason: string | null;
  disclosure_method: string;
  /** 定向公开: disclosed only to the named accounts in document_recipients. */
  targeted: number;
  audience_tags: string;
  /** 服务类政策: may be pushed by SMS to those who chose it. */
  service_policy: Generated<number>;
  needs_interpretation: number;
  interpretation_form: string | null;
  /** For an interpretation: the policy it explains. */
  interprets_id: number | null;
  current_version: number;
  published_version: number | null;
  published_at: string | null;
  scheduled_at: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  owner_id: number | null;
  department_id: number | null;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface DocumentVersionsTable {
  document_id: number;
  version: number;
  title: string;
  body_html: string;
  body_text: string;
  /** JSON snapshot of the metadata fields of this version. */
  fields: string;
  created_by: number | null;
  created_at: string;
  note: string;
}

export interface DocumentReviewsTable {
  id: Generated<number>;
  document_id: number;
  version: number;
  step: string;
  decision: string;
  reviewer_id: number | null;
  reviewer_name: string;
  comment: string;
  created_at: string;
}

export interface DocumentRelationsTable {
  from_id: number;
  to_id: number;
  kind: string;
  created_at: string;
}

export interface DocumentAttachmentsTable {
  id: Generated<number>;
  document_id: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  text: string;
  created_by: number | null;
  created_at: string;
  removed_at: string | null;
}

export interface DocumentRecipientsTable {
  document_id: number;
  account_id: number;
}

export interface ScanFindingsTable {
  id: Generated<number>;
  document_id: number;
  version: number;
  /** 'body' or 'attachment:<id>'. */
  source: string;
  type: string;
  start: number;
  end: number;
  /** The masked form only: the finding itself stays in the draft it came from. */
  masked: string;
  status: string;
  resolved_by: number | null;
  resolution_note: string | null;
  created_at: string;
}

export interface SensitiveTermsTable {
  id: Generated<number>;
  site_id: number;
  term: string;
  created_at: string;
}

export interface DocumentSequencesTable {
  site_id: number;
  year: number;
  last: number;
}

export interface DocumentsTables {
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_reviews: DocumentReviewsTable;
  document_relations: DocumentRelationsTable;
  document_attachments: DocumentAttachmentsTable;
  document_recipients: DocumentRecipientsTable;
  scan_findings: ScanFindingsTable;
  sensitive_terms: SensitiveTermsTable;
  document_sequences: DocumentSequencesTable;
}
