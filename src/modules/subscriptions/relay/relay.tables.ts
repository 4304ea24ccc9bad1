import type { Generated } from 'kysely';

/** An organisation account registered as a relay point (转发点) on one site. */
export interface RelayMembersTable {
  id: Generated<number>;
  site_id: number;
  account_id: number;
  /** association | chamber | park | legal | community (relay.vocabulary.ts). */
  relay_type: string;
  /** 服务区域 or membership, as the organisation describes it. */
  area: string;
  notes: string;
  /** pending | approved | rejected */
  status: string;
  /** 1: receives new packages (only while approved). */
  subscribed: Generated<number>;
  decided_by: number | null;
  decided_at: string | null;
  decision_note: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** 政策知识点: a policy, its interpretation(s), FAQ and a relay script, as one package. */
export interface RelayPackagesTable {
  id: Generated<number>;
  site_id: number;
  document_id: number;
  title: string;
  /** JSON number[]: the interpretations chosen. */
  interpretation_ids: string;
  /** JSON {q, a}[]. */
  faq: string;
  /** 宣传口径: what a relay point says when passing it on. */
  script: string;
  /** draft | published */
  status: string;
  /** JSON RelayContent frozen at publication: the web page, .docx and .pdf are made from it. */
  content: string | null;
  created_by: number | null;
  published_by: number | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Who a package went to: the approved, subscribed members at the moment of publication. */
export interface RelayRecipientsTable {
  package_id: number;
  account_id: number;
  relay_type: string;
  created_at: string;
}

/** One relay of a package by an organisation: when, how and to how many people. */
export interface RelayReportsTable {
  id: Generated<number>;
  package_id: number;
  account_id: number;
  relayed_on: string;
  /** window | meeting | wechat | board | other */
  channel: string;
  reach: number;
  note: string;
  created_at: string;
}

export interface RelayTables {
  relay_members: RelayMembersTable;
  relay_packages: RelayPackagesTable;
  relay_recipients: RelayRecipientsTable;
  relay_reports: RelayReportsTable;
}
