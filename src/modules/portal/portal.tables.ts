import type { Generated } from 'kysely';

/** 我为政府网站找错: error reports from the public about the site itself. */
export interface ErrorReportsTable {
  id: Generated<number>;
  site_id: number;
  page_url: string;
  category: string;
  description: string;
  contact: string;
  status: string;
  created_at: string;
}

export interface PortalTables {
  error_reports: ErrorReportsTable;
}
