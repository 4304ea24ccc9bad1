import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber } from '../../../platform/calendar/plain-date.js';
import { addWorkingDays, countWorkingDays, isWorkingDay } from '../../../platform/calendar/working-days.js';
import { calendar } from './calendar.fixture.js';
import { defaultClockRules as rules, type ClockEvent, type ClockEventKindName, type ClockState } from './clock.types.js';
import { computeClock } from './compute.js';
import { validateEvent } from './validate.js';

// Receipts across 2024–2026 (春节, 国庆 and every 调休 day), events spread over the following months.
const receivedOn = fc.integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2026-09-30') }).map(fromDayNumber);
const kinds: ClockEventKindName[] = [
  'correction_requested', 'correction_received', 'consultation_started', 'consultation_ended',
  'extension_approved', 'fee_notice', 'fee_paid', 'later_date_set',
];
const command = fc.record({ kind: fc.constantFrom(...kinds), gap: fc.integer({ min: 0, max: 12 }), n: fc.integer({ min: 1, max: 25 }) });
const run = (received: string, events: readonly ClockEvent[], today?: string) =>
  computeClock({ receivedOn: received, events, rules, calendar, ...(today ? { today } : {}) });

function makeEvent(kind: ClockEventKindName, on: string, n: number, state: ClockState): ClockEvent {
  switch (kind) {
    case 'correction_requested': return { kind, on, correctBy: addDays(on, n) };
    case 'consultation_started': return { kind, on, party: `第三方${n}` };
    case 'extension_approved': return { kind, on, days: n };
    case 'later_date_set': return { kind, on, dueOn: addDays(state.dueOn ?? on, n) };
    default: return { kind, on };
  }
}

/** A random lawful history: each command becomes an event if validateEvent accepts it. */
function lawfulHistory(received: string, commands: { kind: ClockEventKindName; gap: number; n: number }[]) {
  const events: ClockEvent[] = [];
  const states = [run(received, events)];
  let on = received;
  for (const c of commands) {
    on = addDays(on, c.gap);
    const state = states.at(-1) as ClockState;
    const event = makeEvent(c.kind, on, c.n, state);
    if (validateEvent(state, event, rules) !== null) continue;
    events.push(event);
    states.push(run(received, events));
  }
  return { events, states };
}

const history = fc.tuple(receivedOn, fc.array(command, { maxLength: 14 }));

describe('clock properties (real 2024–2026 calendar)', () => {
  it('a lawful history: accepted events are never ignored, the due date is a working day, null exactly while stopped', () => {
    fc.assert(
      fc.property(history, ([received, commands]) => {
        const { events, states } = lawfulHistory(received, commands);
        const final = states.at(-1) as ClockState;
        expect(final.warnings.filter((w) => w.startsWith('已忽略') || w.includes('超过上限'))).toEqual([]);
        expect(final.steps).toHaveLength(events.length + 1);
        expect(final.extendedDays).toBeLessThanOrEqual(rules.extensionMaxDays);
        for (const state of states) {
          expect(state.dueOn === null).toBe(state.stoppedFor !== null);
          expect(state.waitingUntil === null).toBe(state.stoppedFor === null);
          if (state.dueOn !== null) expect(isWorkingDay(state.dueOn, calendar)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('no event but a 补正 restart moves the due date earlier; it is never before the base of the current period', () => {
    fc.assert(
      fc.property(history, ([received, commands]) => {
        const { events, states } = lawfulHistory(received, commands);
        let base = addWorkingDays(received, rules.replyDays, calendar).due;
        let lastDue = base;
        events.forEach((event, i) => {
          const due = states[i + 1]?.dueOn ?? null;
          if (event.kind === 'correction_received') base = lastDue = addWorkingDays(event.on, rules.replyDays, calendar).due;
          if (due === null) return;
          expect(due >= lastDue).toBe(true);
          expect(due >= base).toBe(true);
          lastDue = due;
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a 补正 restart gives exactly replyDays working days from the correction', () => {
    fc.assert(
      fc.property(receivedOn, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 40 }), (received, a, b, c) => {
        const notice = addDays(received, a);
        const correctedOn = addDays(notice, c);
        const state = run(received, [{ kind: 'correction_requested', on: notice, correctBy: addDays(notice, b) }, { kind: 'correction_received', on: correctedOn }]);
        expect(state.dueOn).toBe(addWorkingDays(correctedOn, rules.replyDays, calendar).due);
      }),
    );
  });

  it('adding a consultation never makes the due date earlier, and moves it by the excluded working days', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 40 }), ([received, commands], gap, length) => {
        const { events, states } = lawfulHistory(received, commands);
        const before = states.at(-1) as ClockState;
        if (before.dueOn === null || before.consultation !== null) return;
        const start = addDays(before.lastEventOn, gap);
        const end = addDays(start, length);
        const after = run(received, [...events, { kind: 'consultation_started', on: start, party: '丙公司' }, { kind: 'consultation_ended', on: end }]);
        expect(after.dueOn !== null && after.dueOn >= before.dueOn).toBe(true);
        const excluded = Math.min(countWorkingDays(start, end, calendar), rules.thirdPartyDays);
        expect(countWorkingDays(before.dueOn, after.dueOn as string, calendar)).toBe(excluded);
        // while still open the due date is a lower bound that only grows with `today`
        const open = [...events, { kind: 'consultation_started', on: start, party: '丙公司' } as ClockEvent];
        const mid = run(received, open, end);
        expect((mid.dueOn as string) >= before.dueOn && (mid.dueOn as string) <= (after.dueOn as string)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('an extension adds exactly N working days', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 20 }), ([received, commands], gap, n) => {
        const { events, states } = lawfulHistory(received, commands);
        const before = states.at(-1) as ClockState;
        const event: ClockEvent = { kind: 'extension_approved', on: addDays(before.lastEventOn, gap), days: n };
        if (validateEvent(before, event, rules) !== null) return;
        const after = run(received, [...events, event]);
        expect(countWorkingDays(before.dueOn as string, after.dueOn as string, calendar)).toBe(n);
        expect(after.extendedDays).toBe(before.extendedDays + n);
      }),
      { numRuns: 150 },
    );
  });

  it('a fee pause moves the due date by the working days from notice to payment (at most the window)', () => {
    fc.assert(
      fc.property(receivedOn, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 45 }), (received, a, b) => {
        const notice = addDays(received, a);
        const paid = addDays(notice, b);
        const base = addWorkingDays(received, rules.replyDays, calendar).due;
        const state = run(received, [{ kind: 'fee_notice', on: notice }, { kind: 'fee_paid', on: paid }]);
        const excluded = Math.min(countWorkingDays(notice, paid, calendar), rules.feePaymentDays);
        expect(countWorkingDays(base, state.dueOn as string, calendar)).toBe(excluded);
        const waiting = run(received, [{ kind: 'fee_notice', on: notice }], paid);
        expect(waiting.lapsed).toBe(paid > addWorkingDays(notice, rules.feePaymentDays, calendar).due ? 'fee' : null);
      }),
    );
  });

  it('the order events are given in does not matter when their dates differ', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 1000 }), ([received, commands], seed) => {
        const { events } = lawfulHistory(received, commands.map((c) => ({ ...c, gap: c.gap + 1 })));
        const shuffled = [...events].sort((x, y) => ((toDayNumber(x.on) * 7919 + seed) % 101) - ((toDayNumber(y.on) * 7919 + seed) % 101));
        const a = run(received, events);
        const b = run(received, shuffled);
        expect(b.dueOn).toBe(a.dueOn);
        expect(b.steps).toEqual(a.steps);
      }),
      { numRuns: 100 },
    );
  });
});
