import type { Generated } from 'kysely';

export interface SitesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** Host names this site answers to, comma separated, lower case; empty for the default site. */
  hosts: string;
  is_default: number;
  /** JSON: SiteFooter (主办单位, 网站标识码, 备案号, contact). */
  footer: string;
  /** JSON: SiteColumn[] — the portal's top-level columns. */
  columns: string;
  created_at: string;
}

export interface DepartmentsTable {
  id: Generated<number>;
  site_id: number;
  name: string;
  code: string;
  active: number;
  created_at: string;
}

export interface SitesTables {
  sites: SitesTable;
  departments: DepartmentsTable;
}
