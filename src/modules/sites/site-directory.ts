import type { Database } from '../../platform/db/database.js';
import { listSites } from './sites.store.js';
import type { Site } from './sites.schemas.js';

/**
 * Routes requests to sites by host name. Sites change rarely, so the directory keeps them in
 * memory and is refreshed after every change (and periodically, for other processes' changes).
 */
export class SiteDirectory {
  private sites: Site[] = [];
  private byHost = new Map<string, Site>();

  constructor(private readonly database: Database) {}

  async refresh(): Promise<void> {
    this.sites = await listSites(this.database.db);
    this.byHost = new Map();
    for (const site of this.sites) for (const host of site.hosts) this.byHost.set(host, site);
  }

  all(): Site[] {
    return this.sites;
  }

  byId(id: number): Site | undefined {
    return this.sites.find((s) => s.id === id);
  }

  /** The site for a Host header: exact host (with or without port), else the default site. */
  forHost(hostHeader: string | undefined): Site | undefined {
    const host = (hostHeader ?? '').toLowerCase();
    return this.byHost.get(host) ?? this.byHost.get(host.replace(/:\d+$/, '')) ?? this.defaultSite();
  }

  defaultSite(): Site | undefined {
    return this.sites.find((s) => s.isDefault) ?? this.sites[0];
  }
}
