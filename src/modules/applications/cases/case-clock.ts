import type { WorkingCalendar } from '../../../platform/calendar/working-days.js';
import { computeClock } from '../clock/compute.js';
import type { ClockEvent, ClockEventKindName, ClockRules, ClockState } from '../clock/clock.types.js';
import type { EventRow } from './cases.store.js';

/*
 * The case's clock is never stored as such: it is recomputed from the whole history (the
 * application_events rows of the clock's kinds) and the calendar, and only its result (due_on,
 * waiting_until) is written on the case for queues and reminders.
 */

type Data = Record<string, unknown>;

export function parseData(json: string): Data {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {};
  } catch {
    return {};
  }
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** One stored event as the clock sees it, or undefined for history that does not move the clock. */
export function toClockEvent(kind: string, on: string, data: Data): ClockEvent | undefined {
  switch (kind) {
    case 'correction_requested':
      return { kind, on, correctBy: text(data.correctBy) };
    case 'consultation_started':
      return { kind, on, party: text(data.party) };
    case 'extension_approved':
      return { kind, on, days: Number(data.days) };
    case 'later_date_set':
      return { kind, on, dueOn: text(data.dueOn) };
    case 'correction_received':
    case 'consultation_ended':
    case 'fee_notice':
    case 'fee_paid':
      return { kind, on };
    default:
      return undefined;
  }
}

/** The event kinds toClockEvent turns into clock events (the others never move the clock). */
export const clockEventKindNames: readonly ClockEventKindName[] = [
  'correction_requested',
  'correction_received',
  'consultation_started',
  'consultation_ended',
  'extension_approved',
  'fee_notice',
  'fee_paid',
  'later_date_set',
];

export function clockEventsOf(rows: readonly Pick<EventRow, 'kind' | 'on_date' | 'data'>[]): ClockEvent[] {
  return rows.flatMap((row) => toClockEvent(row.kind, row.on_date, parseData(row.data)) ?? []);
}

export function clockOf(
  receivedOn: string,
  rows: readonly Pick<EventRow, 'kind' | 'on_date' | 'data'>[],
  rules: ClockRules,
  calendar: WorkingCalendar,
  today?: string,
): ClockState {
  return computeClock({ receivedOn, events: clockEventsOf(rows), rules, calendar, today });
}

/** What the case row keeps of the clock. */
export const clockColumns = (state: ClockState) => ({ due_on: state.dueOn, waiting_until: state.waitingUntil });
