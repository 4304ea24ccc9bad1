// Benchmark: recomputing the due dates of N open cases after a holiday-calendar change, on SQLite and PostgreSQL.
// Run: node bin/run-ts.js bench/applications-recompute.ts   (N=100000 KINDS=sqlite,postgres by default)
import type { Insertable } from 'kysely';
import type { ApplicationsTable } from '../src/modules/applications/applications.tables.js';
import { createTestDatabase } from '../src/platform/db/testing.js';
import { loadCalendar, seedCalendarIfEmpty } from '../src/platform/calendar/calendar.service.js';
import { ensureDefaultSite } from '../src/seed/default-site.js';
import { recomputeOpenCases } from '../src/modules/applications/cases/recompute.service.js';
import { defaultCaseRules } from '../src/modules/applications/cases/case-rules.js';
import { addWorkingDays } from '../src/platform/calendar/working-days.js';
import { addDays } from '../src/platform/calendar/plain-date.js';

const N = Number(process.env.N ?? 100_000);
for (const kind of (process.env.KINDS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[]) {
  const db = await createTestDatabase(kind);
  await seedCalendarIfEmpty(db);
  await ensureDefaultSite(db);
  const site = (await db.db.selectFrom('sites').select('id').executeTakeFirstOrThrow()).id;
  const calendar = await loadCalendar(db);
  const at = new Date().toISOString();
  let t0 = performance.now();
  for (let start = 0; start < N; start += 1000) {
    const rows: Insertable<ApplicationsTable>[] = [];
    for (let i = start; i < Math.min(N, start + 1000); i++) {
      const received = addDays('2026-08-01', i % 110);
      rows.push({ site_id: site, number: `依申〔2026〕${String(i + 1).padStart(6, '0')}号`, channel: 'online', applicant_account_id: null, applicant_column: 'person', applicant_name: `申请人${i}`, applicant_id_enc: null, applicant_id_masked: null, contact_phone: null, contact_email: null, contact_address: null, description: '请公开某文件', delivery_form: '电子邮件', submitted_at: at, received_on: received, status: i % 3 === 0 ? 'consulting' : 'assigned', department_id: null, handler_id: null, due_on: addWorkingDays(received, 20, calendar).due, waiting_until: null, reply_type: null, replied_on: null, closed_on: null, excessive: 0, created_at: at, updated_at: at });
    }
    await db.db.transaction().execute(async (trx) => {
      const ids = await trx.insertInto('applications').values(rows).returning(['id', 'received_on', 'status']).execute();
      const events = ids.flatMap((r) => {
        const k = (r.id * 2654435761) % 1000;
        const a = 1 + (k % 9);
        const b = a + 1 + ((k >> 3) % 12);
        const base = [
          { application_id: r.id, kind: 'received', on_date: r.received_on, data: '{}', actor_id: null, actor_name: 'x', note: '', created_at: at },
          { application_id: r.id, kind: 'assign', on_date: r.received_on, data: '{}', actor_id: null, actor_name: 'x', note: '', created_at: at },
        ];
        const ev = (kind: string, days: number, data = '{}') => ({ application_id: r.id, kind, on_date: addDays(r.received_on, days), data, actor_id: null, actor_name: 'x', note: '', created_at: at });
        if (k < 400) return base;
        if (k < 700) return [...base, ev('consultation_started', a, '{"party":"某设计院"}'), ...(r.status === 'consulting' ? [] : [ev('consultation_ended', b)])];
        if (k < 900) return [...base, ev('correction_requested', a, JSON.stringify({ correctBy: addDays(r.received_on, a + 15) })), ev('correction_received', b)];
        return [...base, ev('extension_approved', a, '{"days":' + (5 + (k % 15)) + '}')];
      });
      await trx.insertInto('application_events').values(events).execute();
    });
  }
  console.log(kind, `seeded ${N} open cases in ${Math.round(performance.now() - t0)} ms`);
  for (let run = 1; run <= 2; run++) {
    t0 = performance.now();
    const report = await recomputeOpenCases(db, calendar, defaultCaseRules, { today: '2026-11-25' });
    console.log(kind, `recompute run ${run}:`, report);
  }
  await db.close();
}
