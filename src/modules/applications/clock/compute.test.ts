import { describe, expect, it } from 'vitest';
import { calendar, lastCoveredYear } from './calendar.fixture.js';
import { defaultClockRules as rules, type ClockEvent } from './clock.types.js';
import { computeClock } from './compute.js';

// Every expected date below is counted by hand from the law.md table (see the comments).
const clock = (receivedOn: string, events: ClockEvent[] = [], today?: string, r = rules) =>
  computeClock({ receivedOn, events, rules: r, calendar, ...(today ? { today } : {}) });

describe('receipt and the reply period', () => {
  it('law.md worked example: received 2026-09-28, 20 working days → 2026-10-30', () => {
    const state = clock('2026-09-28');
    expect(state.dueOn).toBe('2026-10-30');
    expect(state.steps).toEqual([{ on: '2026-09-28', text: '2026-09-28 收到申请，答复期限 20 个工作日，至 2026-10-30' }]);
    expect(state).toMatchObject({ stoppedFor: null, waitingUntil: null, consultation: null, extendedDays: 0, lapsed: null, warnings: [] });
  });

  it.each([
    // 2026 春节: 2/14 Sat worked (1), 2/15–2/23 off, 2/24–2/27 (2–5), 2/28 Sat worked (6), 3/2 … 3/19 (20)
    ['2026 春节', '2026-02-13', '2026-03-19'],
    // 2025 春节: 1/26 Sun worked (1), 1/27 (2), 1/28–2/4 off, 2/5–2/7 (3–5), 2/8 Sat worked (6) … 2/27 (20)
    ['2025 春节', '2025-01-24', '2025-02-27'],
    // 2024 国庆: 9/29 Sun worked (1), 9/30 (2), 10/1–10/7 off, 10/8–10/11 (3–6), 10/12 Sat worked (7) … 10/30 (20)
    ['2024 国庆', '2024-09-27', '2024-10-30'],
    // 2025 国庆: 9/28 Sun worked (1), 9/29–9/30 (2–3), 10/1–10/8 off, 10/9–10/10 (4–5), 10/11 Sat worked (6) … 10/30 (20)
    ['2025 国庆', '2025-09-26', '2025-10-30'],
    // 2026 中秋+国庆: 9/20 Sun worked … base of the consultation tests below
    ['2026 中秋国庆', '2026-09-15', '2026-10-19'],
  ])('%s: received %s → due %s (调休 days counted)', (_name, receivedOn, due) => {
    expect(clock(receivedOn).dueOn).toBe(due);
  });

  it('durations are data: another bureau’s rules give another period', () => {
    expect(clock('2026-09-28', [], undefined, { ...rules, replyDays: 15 }).dueOn).toBe('2026-10-23');
    expect(clock('2026-09-28', [], undefined, { ...rules, correctionNoticeDays: 3 }).correctionNoticeDueOn).toBe('2026-10-08');
  });

  it('a received date on a rest day still counts from the next day', () => {
    // Saturday 2026-10-17: 10/19 (1) … 11/13 (20)
    expect(clock('2026-10-17').dueOn).toBe('2026-11-13');
  });

  it('warns when the period runs into a year with no calendar', () => {
    const state = clock(`${lastCoveredYear}-12-20`);
    expect(state.warnings.join()).toContain(`${lastCoveredYear + 1}年`);
  });

  it('rejects bad input', () => {
    expect(() => clock('2026-02-30')).toThrow(/收到申请日期/);
    expect(() => clock('2026-09-28', [], undefined, { ...rules, replyDays: 0 })).toThrow(/答复期限/);
  });
});

describe('补正 (Art. 30)', () => {
  const notice: ClockEvent = { kind: 'correction_requested', on: '2026-09-25', correctBy: '2026-10-16' };

  it('the notice deadline is 7 working days after receipt: 9/23, 9/24, 9/28, 9/29, 9/30, 10/8, 10/9', () => {
    expect(clock('2026-09-22').correctionNoticeDueOn).toBe('2026-10-09');
  });

  it('stops the clock while waiting', () => {
    const state = clock('2026-09-22', [notice]);
    expect(state).toMatchObject({ dueOn: null, stoppedFor: 'correction', waitingUntil: '2026-10-16', correctionRequestedOn: '2026-09-25', warnings: [] });
  });

  it('restarts the reply period from the day the correction arrives: 10-12 + 20 → 11-09', () => {
    const state = clock('2026-09-22', [notice, { kind: 'correction_received', on: '2026-10-12' }]);
    expect(state).toMatchObject({ dueOn: '2026-11-09', stoppedFor: null, waitingUntil: null });
    expect(state.steps.at(-1)?.text).toBe('2026-10-12 收到补正材料，答复期限自该日重新计算 20 个工作日，至 2026-11-09');
  });

  it('a correction deadline on a holiday moves to the next working day', () => {
    expect(clock('2026-09-22', [{ ...notice, correctBy: '2026-10-03' }]).waitingUntil).toBe('2026-10-08');
  });

  it('lapses only after the deadline', () => {
    expect(clock('2026-09-22', [notice], '2026-10-16').lapsed).toBeNull();
    const lapsed = clock('2026-09-22', [notice], '2026-10-19');
    expect(lapsed.lapsed).toBe('correction');
    expect(lapsed.steps.at(-1)?.text).toContain('其他处理');
    expect(clock('2026-09-22', [notice, { kind: 'correction_received', on: '2026-10-12' }], '2026-12-01').lapsed).toBeNull();
  });

  it('a late correction is accepted with a warning', () => {
    const state = clock('2026-09-22', [notice, { kind: 'correction_received', on: '2026-10-19' }]);
    expect(state.dueOn).toBe('2026-11-16');
    expect(state.warnings.join()).toContain('已超过补正期限 2026-10-16');
  });

  it('a notice after the 7-working-day limit is applied but warned', () => {
    const state = clock('2026-09-22', [{ kind: 'correction_requested', on: '2026-10-12', correctBy: '2026-10-20' }]);
    expect(state.stoppedFor).toBe('correction');
    expect(state.warnings.join()).toContain('晚于法定期限 2026-10-09');
  });

  it('a second notice in a stored history is ignored (一次性告知)', () => {
    const state = clock('2026-09-22', [notice, { kind: 'correction_received', on: '2026-10-12' }, { kind: 'correction_requested', on: '2026-10-13', correctBy: '2026-10-30' }]);
    expect(state.dueOn).toBe('2026-11-09');
    expect(state.warnings.join()).toMatch(/已忽略 2026-10-13 的“发出补正通知”：补正通知只能发出一次/);
  });

  it('drops what belonged to the abandoned period', () => {
    const state = clock('2026-09-22', [{ kind: 'extension_approved', on: '2026-09-23', days: 5 }, notice, { kind: 'correction_received', on: '2026-10-12' }]);
    expect(state).toMatchObject({ dueOn: '2026-11-09', extendedDays: 0 });
    expect(state.steps.at(-1)?.text).toContain('不再适用');
  });
});

describe('consultation (Art. 32, 34)', () => {
  // Received 2026-09-15, base due 2026-10-19. Started 9/24; (9/24, 10/9] = 9/28, 9/29, 9/30, 10/8, 10/9 = 5 working days.
  const start: ClockEvent = { kind: 'consultation_started', on: '2026-09-24', party: '某某置业有限公司' };
  const end: ClockEvent = { kind: 'consultation_ended', on: '2026-10-09' };

  it('excludes the working days of the consultation across the holidays', () => {
    const state = clock('2026-09-15', [start, end]);
    expect(state).toMatchObject({ dueOn: '2026-10-26', consultation: null });
    expect(state.steps.at(-1)?.text).toBe('2026-10-09 征求意见结束（某某置业有限公司），2026-09-24 次日至 2026-10-09 共 5 个工作日不计入，答复期限顺延至 2026-10-26');
  });

  it('while open: the third party’s deadline, and the due date as a lower bound', () => {
    // 15 working days after 9/24: 9/28 … 10/22
    expect(clock('2026-09-15', [start])).toMatchObject({ dueOn: '2026-10-19', consultation: { party: '某某置业有限公司', startedOn: '2026-09-24', thirdPartyDueOn: '2026-10-22' } });
    const open = clock('2026-09-15', [start], '2026-10-08'); // 4 working days so far → base + 4
    expect(open.dueOn).toBe('2026-10-23');
    expect(open.steps.at(-1)?.text).toContain('至少至 2026-10-23');
  });

  it('several consultations add up', () => {
    const second: ClockEvent[] = [{ kind: 'consultation_started', on: '2026-10-12', party: '市规划资源局' }, { kind: 'consultation_ended', on: '2026-10-14' }];
    expect(clock('2026-09-15', [start, end, ...second]).dueOn).toBe('2026-10-28');
  });

  it('excludes at most thirdPartyDays, with a warning', () => {
    // (9/24, 10/26] = 17 working days, 15 excluded: 10/19 + 15 → 11/09
    const state = clock('2026-09-15', [start, { kind: 'consultation_ended', on: '2026-10-26' }]);
    expect(state.dueOn).toBe('2026-11-09');
    expect(state.warnings.join()).toContain('历时 17 个工作日');
  });

  it('a same-day answer excludes nothing; an end without a start is ignored', () => {
    expect(clock('2026-09-15', [start, { kind: 'consultation_ended', on: '2026-09-24' }]).dueOn).toBe('2026-10-19');
    const state = clock('2026-09-15', [end]);
    expect(state.dueOn).toBe('2026-10-19');
    expect(state.warnings.join()).toContain('没有进行中的征求意见');
  });
});

describe('extension (Art. 33)', () => {
  it('adds 20 working days: 10/30 → 11/27', () => {
    const state = clock('2026-09-28', [{ kind: 'extension_approved', on: '2026-10-20', days: 20 }]);
    expect(state).toMatchObject({ dueOn: '2026-11-27', extendedDays: 20, warnings: [] });
    expect(state.steps.at(-1)?.text).toBe('2026-10-20 经负责人批准延期 20 个工作日（累计 20 个工作日），答复期限延至 2026-11-27');
  });

  it('caps an over-limit extension in a stored history', () => {
    const state = clock('2026-09-28', [{ kind: 'extension_approved', on: '2026-10-20', days: 21 }]);
    expect(state).toMatchObject({ dueOn: '2026-11-27', extendedDays: 20 });
    expect(state.warnings.join()).toContain('超过上限');
    const split = clock('2026-09-28', [{ kind: 'extension_approved', on: '2026-10-20', days: 10 }, { kind: 'extension_approved', on: '2026-10-21', days: 11 }]);
    expect(split).toMatchObject({ dueOn: '2026-11-27', extendedDays: 20 });
  });
});

describe('fee notice (国办函〔2020〕109号)', () => {
  const notice: ClockEvent = { kind: 'fee_notice', on: '2026-10-12' };

  it('stops the clock; the applicant has 20 working days (→ 11-09)', () => {
    expect(clock('2026-09-28', [notice])).toMatchObject({ dueOn: null, stoppedFor: 'fee', waitingUntil: '2026-11-09' });
  });

  it('payment moves the due date by the working days from notice to payment', () => {
    // (10/12, 10/16] = 4 → 10/30 + 4 = 11/05
    const state = clock('2026-09-28', [notice, { kind: 'fee_paid', on: '2026-10-16' }]);
    expect(state).toMatchObject({ dueOn: '2026-11-05', stoppedFor: null, waitingUntil: null, lapsed: null });
  });

  it('a pause across the holidays: notice 9/24, paid 10/9 → 5 working days', () => {
    expect(clock('2026-09-15', [{ kind: 'fee_notice', on: '2026-09-24' }, { kind: 'fee_paid', on: '2026-10-09' }]).dueOn).toBe('2026-10-26');
  });

  it('lapses when unpaid after the window', () => {
    expect(clock('2026-09-28', [notice], '2026-11-09').lapsed).toBeNull();
    const state = clock('2026-09-28', [notice], '2026-11-10');
    expect(state.lapsed).toBe('fee');
    expect(state.steps.at(-1)?.text).toContain('缴费期限 2026-11-09 已过');
  });

  it('a late payment is accepted, warned, and excludes at most the window', () => {
    // (10/12, 11/12] = 23 working days, 20 excluded → 10/30 + 20 = 11/27
    const state = clock('2026-09-28', [notice, { kind: 'fee_paid', on: '2026-11-12' }]);
    expect(state.dueOn).toBe('2026-11-27');
    expect(state.warnings.join()).toContain('已超过缴费期限 2026-11-09');
  });
});

describe('Art. 35 later date', () => {
  it('replaces the due date', () => {
    const state = clock('2026-09-28', [{ kind: 'later_date_set', on: '2026-10-15', dueOn: '2026-12-31' }]);
    expect(state.dueOn).toBe('2026-12-31');
  });

  it('moves a rest day to the next working day, and later extensions count from it', () => {
    expect(clock('2026-09-28', [{ kind: 'later_date_set', on: '2026-10-15', dueOn: '2026-12-19' }]).dueOn).toBe('2026-12-21');
    const events: ClockEvent[] = [{ kind: 'later_date_set', on: '2026-10-15', dueOn: '2026-12-01' }, { kind: 'extension_approved', on: '2026-10-16', days: 5 }];
    expect(clock('2026-09-28', events).dueOn).toBe('2026-12-08');
  });

  it('a date not after the current due date is ignored', () => {
    const state = clock('2026-09-28', [{ kind: 'later_date_set', on: '2026-10-15', dueOn: '2026-10-29' }]);
    expect(state.dueOn).toBe('2026-10-30');
    expect(state.warnings.join()).toContain('应晚于当前答复期限');
  });
});

describe('ordering and narration', () => {
  it('applies events in date order whatever the input order', () => {
    const events: ClockEvent[] = [
      { kind: 'consultation_ended', on: '2026-10-09' },
      { kind: 'consultation_started', on: '2026-09-24', party: '甲公司' },
    ];
    const state = clock('2026-09-15', events);
    expect(state.dueOn).toBe('2026-10-26');
    expect(state.steps.map((s) => s.on)).toEqual(['2026-09-15', '2026-09-24', '2026-10-09']);
    expect(state.lastEventOn).toBe('2026-10-09');
  });

  it('ignores an event dated before receipt', () => {
    const state = clock('2026-09-28', [{ kind: 'extension_approved', on: '2026-09-20', days: 5 }]);
    expect(state.dueOn).toBe('2026-10-30');
    expect(state.warnings.join()).toContain('早于');
  });
});
