import { describe, expect, it } from 'vitest';
import { calendar } from './calendar.fixture.js';
import { defaultClockRules as rules, type ClockEvent } from './clock.types.js';
import { computeClock } from './compute.js';
import { validateEvent } from './validate.js';

const state = (events: ClockEvent[] = [], receivedOn = '2026-09-28') => computeClock({ receivedOn, events, rules, calendar });
const check = (events: ClockEvent[], event: ClockEvent) => validateEvent(state(events), event, rules);
const correction: ClockEvent = { kind: 'correction_requested', on: '2026-09-29', correctBy: '2026-10-16' };
const corrected: ClockEvent = { kind: 'correction_received', on: '2026-10-12' };
const consult: ClockEvent = { kind: 'consultation_started', on: '2026-10-08', party: '甲公司' };
const fee: ClockEvent = { kind: 'fee_notice', on: '2026-10-08' };

describe('validateEvent', () => {
  it('accepts each event when it fits', () => {
    expect(check([], correction)).toBeNull();
    expect(check([correction], corrected)).toBeNull();
    expect(check([], consult)).toBeNull();
    expect(check([consult], { kind: 'consultation_ended', on: '2026-10-09' })).toBeNull();
    expect(check([], { kind: 'extension_approved', on: '2026-10-20', days: 20 })).toBeNull();
    expect(check([], fee)).toBeNull();
    expect(check([fee], { kind: 'fee_paid', on: '2026-10-09' })).toBeNull();
    expect(check([], { kind: 'later_date_set', on: '2026-10-15', dueOn: '2026-10-31' })).toBeNull();
  });

  it('allows only one 补正 notice (一次性告知)', () => {
    expect(check([correction], { ...correction, on: '2026-09-30' })).toMatch(/只能发出一次.*2026-09-29/);
    expect(check([correction, corrected], { ...correction, on: '2026-10-13', correctBy: '2026-10-20' })).toMatch(/一次性告知/);
  });

  it('checks the correction period', () => {
    expect(check([], { ...correction, correctBy: '2026-09-29' })).toMatch(/应晚于补正通知日期/);
    expect(check([], { ...correction, correctBy: '2026-10-32' })).toMatch(/补正期限格式不正确/);
  });

  it('refuses correction_received while not waiting', () => {
    expect(check([], corrected)).toMatch(/没有待补正/);
    expect(check([correction, corrected], { ...corrected, on: '2026-10-13' })).toMatch(/没有待补正/);
  });

  it('refuses clock events while the clock is stopped', () => {
    for (const event of [consult, fee, { kind: 'extension_approved', on: '2026-10-08', days: 5 }, { kind: 'later_date_set', on: '2026-10-08', dueOn: '2026-12-01' }] as ClockEvent[]) {
      expect(check([correction], event), event.kind).toMatch(/计时已中止（待补正/);
      expect(check([{ ...fee, on: '2026-10-08' }], event), event.kind).toMatch(/计时已中止（待缴费/);
    }
  });

  it('consultations: one at a time, an end needs a start, a party is required', () => {
    expect(check([consult], { ...consult, on: '2026-10-09', party: '乙公司' })).toMatch(/已有进行中的征求意见（甲公司/);
    expect(check([], { kind: 'consultation_ended', on: '2026-10-09' })).toMatch(/没有进行中的征求意见/);
    expect(check([], { ...consult, party: '  ' })).toMatch(/征求意见的对象/);
    expect(check([consult], { ...correction, on: '2026-10-09' })).toMatch(/征求意见期间/);
    expect(check([consult], { ...fee, on: '2026-10-09' })).toMatch(/征求意见期间/);
    expect(check([consult], { kind: 'later_date_set', on: '2026-10-09', dueOn: '2026-12-01' })).toMatch(/征求意见期间/);
    expect(check([consult], { kind: 'extension_approved', on: '2026-10-09', days: 5 })).toBeNull();
  });

  it('extensions: at most extensionMaxDays in total, positive whole days', () => {
    expect(check([], { kind: 'extension_approved', on: '2026-10-20', days: 21 })).toBe(
      '延期合计不得超过 20 个工作日（条例第三十三条）：已延期 0 个工作日，最多还可延期 20 个工作日',
    );
    const after12 = [{ kind: 'extension_approved', on: '2026-10-20', days: 12 }] as ClockEvent[];
    expect(check(after12, { kind: 'extension_approved', on: '2026-10-21', days: 8 })).toBeNull();
    expect(check(after12, { kind: 'extension_approved', on: '2026-10-21', days: 9 })).toMatch(/最多还可延期 8 个工作日/);
    expect(check([], { kind: 'extension_approved', on: '2026-10-20', days: 0 })).toMatch(/正整数/);
    expect(check([], { kind: 'extension_approved', on: '2026-10-20', days: 1.5 })).toMatch(/正整数/);
    expect(validateEvent(state(), { kind: 'extension_approved', on: '2026-10-20', days: 25 }, { ...rules, extensionMaxDays: 30 })).toBeNull();
  });

  it('fees: one pending notice, payment needs a notice', () => {
    expect(check([fee], { ...fee, on: '2026-10-09' })).toMatch(/待缴费/);
    expect(check([], { kind: 'fee_paid', on: '2026-10-09' })).toMatch(/没有待缴费/);
  });

  it('Art. 35: the later date must be after the current due date', () => {
    expect(check([], { kind: 'later_date_set', on: '2026-10-15', dueOn: '2026-10-30' })).toMatch(/应晚于当前答复期限（2026-10-30）/);
    expect(check([], { kind: 'later_date_set', on: '2026-10-15', dueOn: 'soon' })).toMatch(/格式不正确/);
  });

  it('events are recorded in date order, never before receipt', () => {
    expect(check([], { ...fee, on: '2026-09-27' })).toMatch(/早于已记录的最近事件（2026-09-28）/);
    expect(check([consult], { kind: 'consultation_ended', on: '2026-10-07' })).toMatch(/早于/);
    expect(check([], { ...fee, on: '2026/10/08' })).toMatch(/事件日期格式不正确/);
  });
});
