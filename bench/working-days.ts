// Micro-benchmark: the working-day arithmetic and the 依申请公开 clock, in ns per call.
// Run: node bin/run-ts.js bench/working-days.ts   (ROUNDS=5 by default; see bench/README.md)
import { buildChineseDaysSeed } from '../src/platform/calendar/chinese-days-seed.js';
import { addDays, toDayNumber, fromDayNumber } from '../src/platform/calendar/plain-date.js';
import { addWorkingDays, countWorkingDays, createWorkingCalendar, explainDeadline, isWorkingDay, nextWorkingDayOnOrAfter } from '../src/platform/calendar/working-days.js';
import { computeClock } from '../src/modules/applications/clock/compute.js';
import { defaultClockRules, type ClockEvent } from '../src/modules/applications/clock/clock.types.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const seed = buildChineseDaysSeed();
const calendar = createWorkingCalendar({ days: seed.days, coveredYears: seed.years });

// Inputs as the recompute sees them: fresh strings (as read from the database), 2024–2026.
const first = toDayNumber('2024-01-01');
const dates = Array.from({ length: 4096 }, (_, i) => fromDayNumber(first + ((i * 7919) % 1096)).split('').join(''));
const spans = Array.from({ length: 4096 }, (_, i) => [0, 1, 7, 15, 20, 40][i % 6]!);
const later = dates.map((d, i) => addDays(d, i % 61).split('').join(''));

// The recompute bench's event mix (bench/applications-recompute.ts): none, consultation, 补正, extension.
const histories: { receivedOn: string; events: ClockEvent[] }[] = Array.from({ length: 1024 }, (_, i) => {
  const receivedOn = dates[i]!;
  const k = (i * 2654435761) % 1000;
  const a = 1 + (k % 9);
  const b = a + 1 + ((k >> 3) % 12);
  const on = (d: number) => addDays(receivedOn, d);
  if (k < 400) return { receivedOn, events: [] };
  if (k < 550) return { receivedOn, events: [{ kind: 'consultation_started', on: on(a), party: '某设计院' }] };
  if (k < 700) return { receivedOn, events: [{ kind: 'consultation_started', on: on(a), party: '某设计院' }, { kind: 'consultation_ended', on: on(b) }] };
  if (k < 900) return { receivedOn, events: [{ kind: 'correction_requested', on: on(a), correctBy: on(a + 15) }, { kind: 'correction_received', on: on(b) }] };
  return { receivedOn, events: [{ kind: 'extension_approved', on: on(a), days: 5 + (k % 15) }] };
});

let sink = 0;
function measure(label: string, minMs: number, body: (i: number) => unknown): void {
  const results: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let calls = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    do {
      for (let i = 0; i < 1024; i++) {
        const r = body(calls + i);
        if (r !== undefined && r !== null) sink++;
      }
      calls += 1024;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
    } while (elapsed < minMs);
    results.push((elapsed * 1e6) / calls);
  }
  results.sort((x, y) => x - y);
  const median = results[Math.floor(results.length / 2)]!;
  const fmt = (ns: number) => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${Math.round(ns).toLocaleString('en')} ns`);
  console.log(`${label.padEnd(58)} ${fmt(median).padStart(10)}/op   (best ${fmt(results[0]!)})`);
}

console.log(`node ${process.version}, ${ROUNDS} rounds, median per call; calendar ${seed.years[0]}–${seed.years.at(-1)} (${seed.days.length} arranged days)`);
measure('addWorkingDays(d, n ∈ {0,1,7,15,20,40})', 300, (i) => addWorkingDays(dates[i & 4095]!, spans[i & 4095]!, calendar).due);
measure('addWorkingDays(d, 20)', 300, (i) => addWorkingDays(dates[i & 4095]!, 20, calendar).due);
measure('countWorkingDays(d, d + 0…60 days)', 300, (i) => countWorkingDays(dates[i & 4095]!, later[i & 4095]!, calendar));
measure('isWorkingDay(d)', 200, (i) => isWorkingDay(dates[i & 4095]!, calendar));
measure('nextWorkingDayOnOrAfter(d)', 200, (i) => nextWorkingDayOnOrAfter(dates[i & 4095]!, calendar));
measure('explainDeadline(d, 20) (the case page, with steps)', 300, (i) => explainDeadline(dates[i & 4095]!, 20, calendar).steps.length);
measure('computeClock (recompute mix of events, today set)', 500, (i) => {
  const h = histories[i & 1023]!;
  return computeClock({ receivedOn: h.receivedOn, events: h.events, rules: defaultClockRules, calendar, today: '2026-11-25' }).dueOn;
});
measure('computeClock (no events)', 300, (i) => computeClock({ receivedOn: dates[i & 4095]!, events: [], rules: defaultClockRules, calendar }).dueOn);
measure('createWorkingCalendar + first addWorkingDays (cold)', 300, (i) => addWorkingDays(dates[i & 4095]!, 20, createWorkingCalendar({ days: seed.days, coveredYears: seed.years })).due);
if (sink === 0) console.log('(nothing measured)');
