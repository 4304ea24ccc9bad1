import type { Services } from '../../app/services.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.service.js';
import type { Database, Queryable } from '../../platform/db/database.js';
import type { Schedule } from '../../platform/jobs/scheduler.js';
import { documentsByIds } from '../documents/documents.store.js';
import * as store from './collections.store.js';
import { successorsOf } from './document-access.js';
import { inspectCollection, referencedDocumentIds, type InspectedDocument } from './inspection.js';

export interface InspectionSummary {
  runId: number;
  collections: number;
  errors: number;
  warnings: number;
}

/** Inspects every collection of a site and stores the run with its findings (the latest run is what the console shows). */
export async function runInspection(
  db: Queryable,
  site: { id: number; hosts: string[] },
  options: { trigger: 'schedule' | 'manual'; now?: Date },
): Promise<InspectionSummary> {
  const now = options.now ?? new Date();
  const collections = await store.listCollections(db, site.id);
  const items = await store.listItems(db, collections.map((c) => c.id));
  const hosts = site.hosts.map((h) => h.toLowerCase());
  const rows = (await documentsByIds(db, referencedDocumentIds(items, hosts))).filter((d) => d.site_id === site.id);
  const documents = new Map<number, InspectedDocument>(rows.map((d) => [d.id, d]));
  const listed = new Set(items.map((i) => i.document_id));
  const outdated = rows.filter((d) => listed.has(d.id) && d.validity !== 'current').map((d) => d.id);
  const ctx = {
    now,
    documents,
    successors: await successorsOf(db, outdated),
    topics: new Map(collections.map((c) => [c.slug, { published: c.published === 1 }])),
    internalHosts: hosts,
  };
  const findings = collections.flatMap((c) =>
    inspectCollection(c, items.filter((i) => i.collection_id === c.id), ctx).map((f) => ({ collection_id: c.id, item_id: f.itemId, severity: f.severity, code: f.code, message: f.message, suggested_fix: f.suggestedFix })),
  );
  const errors = findings.filter((f) => f.severity === 'error').length;
  const summary = { collections: collections.length, errors, warnings: findings.length - errors };
  const runId = await store.insertRun(db, { siteId: site.id, trigger: options.trigger, startedAt: now.toISOString(), ...summary });
  await store.insertFindings(db, findings.map((f) => ({ ...f, run_id: runId })));
  return { runId, ...summary };
}

/** 立即巡检 from the console: the run and its audit record commit together. */
export async function inspectNow(database: Database, site: { id: number; hosts: string[] }, actor: AuditActor): Promise<InspectionSummary> {
  return database.db.transaction().execute(async (trx) => {
    const summary = await runInspection(trx, site, { trigger: 'manual' });
    await appendAudit(trx, actor, {
      action: 'collection.inspect', targetType: 'inspection_run', targetId: summary.runId,
      summary: `主题库巡检：${summary.collections} 个主题库，${summary.errors} 个错误，${summary.warnings} 个警告`,
    });
    return summary;
  });
}

/** The latest run of a site and its findings (optionally of one collection). */
export async function latestFindings(db: Queryable, siteId: number, collectionId?: number) {
  const run = await store.latestRun(db, siteId);
  return { run, findings: run ? await store.findingsOfRun(db, run.id, collectionId) : [] };
}

export const INSPECTION_JOB = 'collections.inspect';

/** Defines the daily inspection job on the queue; main.ts calls it with the other modules' job definitions. */
export function defineCollectionJobs(services: Services): void {
  services.jobs.define<{ slot?: string }>(INSPECTION_JOB, async (_payload, ctx) => {
    for (const siteId of await store.sitesWithCollections(ctx.database.db)) {
      const site = services.sites.byId(siteId);
      if (!site) continue;
      await ctx.once(`site-${siteId}`, (trx) => runInspection(trx, site, { trigger: 'schedule' }));
    }
  });
}

/** 日常巡检: every day early in the morning (Beijing time), before staff arrive. */
export const collectionSchedules: Schedule[] = [{ name: 'collections-inspection', job: INSPECTION_JOB, dailyAt: '05:30' }];
