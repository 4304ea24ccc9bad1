import { describe, expect, it } from 'vitest';
import { CalendarInputError } from '../../../platform/calendar/plain-date.js';
import { calendar } from './calendar.fixture.js';
import { defaultClockRules as rules } from './clock.types.js';
import { receiptDate, shanghaiDate } from './receipt.js';

type Input = Parameters<typeof receiptDate>[0];
const receipt = (input: Omit<Input, 'rules' | 'calendar'> & Partial<Input>) => receiptDate({ rules, calendar, ...input });

describe('shanghaiDate', () => {
  it('takes the Asia/Shanghai calendar date of an instant', () => {
    expect(shanghaiDate('2026-09-27T16:00:00Z')).toBe('2026-09-28');
    expect(shanghaiDate('2026-09-27T15:59:59.999Z')).toBe('2026-09-27');
    expect(shanghaiDate('2026-09-28T23:59:00+08:00')).toBe('2026-09-28');
    expect(shanghaiDate('2026-12-31T20:00:00-05:00')).toBe('2027-01-01');
  });

  it('refuses instants without an offset (they would depend on the server time zone)', () => {
    for (const bad of ['2026-09-28T10:00:00', '2026-09-28', 'yesterday', '2026-13-01T00:00:00Z']) {
      expect(() => shanghaiDate(bad), bad).toThrow(CalendarInputError);
    }
  });
});

describe('receiptDate (Art. 31)', () => {
  it('in person and oral: the day submitted, rest day or not', () => {
    expect(receipt({ channel: 'in_person', submittedAt: '2026-09-27T17:30:00Z' })).toBe('2026-09-28');
    expect(receipt({ channel: 'oral', submittedAt: '2026-10-17T10:00:00+08:00' })).toBe('2026-10-17');
  });

  it('letter: the day the agency signs, required', () => {
    expect(receipt({ channel: 'letter', submittedAt: '2026-10-09T02:00:00Z', signedOn: '2026-10-08' })).toBe('2026-10-08');
    expect(() => receipt({ channel: 'letter', submittedAt: '2026-10-09T02:00:00Z' })).toThrow(/签收日期/);
    expect(() => receipt({ channel: 'letter', submittedAt: '2026-10-09T02:00:00Z', signedOn: '10/08' })).toThrow(CalendarInputError);
  });

  it('online on a working day: the day submitted, or the day both sides confirm', () => {
    expect(receipt({ channel: 'online', submittedAt: '2026-09-28T09:00:00+08:00' })).toBe('2026-09-28');
    expect(receipt({ channel: 'online', submittedAt: '2026-09-28T09:00:00+08:00', confirmedOn: '2026-09-30' })).toBe('2026-09-30');
    expect(() => receipt({ channel: 'online', submittedAt: '2026-09-28T09:00:00+08:00', confirmedOn: '2026-09-27' })).toThrow(/不能早于提交日期/);
  });

  it('online on a rest day: the next working day', () => {
    expect(receipt({ channel: 'online', submittedAt: '2026-10-17T10:00:00+08:00' })).toBe('2026-10-19'); // Saturday
    expect(receipt({ channel: 'online', submittedAt: '2026-10-03T10:00:00+08:00' })).toBe('2026-10-08'); // 国庆节
    expect(receipt({ channel: 'online', submittedAt: '2026-02-15T10:00:00+08:00' })).toBe('2026-02-24'); // 春节
    expect(receipt({ channel: 'online', submittedAt: '2026-09-30T16:30:00Z' })).toBe('2026-10-08'); // 10-01 00:30 in Shanghai
  });

  it('online on an adjusted working Saturday (调休): that day', () => {
    expect(receipt({ channel: 'online', submittedAt: '2026-10-10T10:00:00+08:00' })).toBe('2026-10-10');
    expect(receipt({ channel: 'online', submittedAt: '2026-02-13T16:30:00Z' })).toBe('2026-02-14');
  });

  it('the rest-day rule is configurable and applies to online only', () => {
    expect(receipt({ channel: 'online', submittedAt: '2026-10-17T10:00:00+08:00', rules: { ...rules, onlineRestDayNextWorkingDay: false } })).toBe('2026-10-17');
    expect(receipt({ channel: 'fax', submittedAt: '2026-10-17T10:00:00+08:00' })).toBe('2026-10-17');
    expect(receipt({ channel: 'fax', submittedAt: '2026-10-16T10:00:00+08:00', confirmedOn: '2026-10-19' })).toBe('2026-10-19');
    expect(receipt({ channel: 'online', submittedAt: '2026-10-16T10:00:00+08:00', confirmedOn: '2026-10-18' })).toBe('2026-10-19');
  });

  it('rejects an unknown channel', () => {
    expect(() => receipt({ channel: 'pigeon' as never, submittedAt: '2026-10-16T10:00:00+08:00' })).toThrow(/未知的申请渠道/);
  });
});
