import { assertPlainDate, CalendarInputError, fromDayNumber } from '../../../platform/calendar/plain-date.js';
import { nextWorkingDayOnOrAfter, type WorkingCalendar } from '../../../platform/calendar/working-days.js';
import type { ClockRules } from './clock.types.js';

/*
 * The legal date of receipt (条例 第三十一条):
 * - in person, oral (staff fill the form): the day submitted;
 * - letter: the day the agency signs for it (`signedOn`, required — for unsigned ordinary mail
 *   the caller passes the day the agency confirmed with the applicant);
 * - online, fax: the day both sides confirm (`confirmedOn`), or the day submitted when the
 *   system confirms at once; an online application made on a rest day is received on the
 *   next working day when rules.onlineRestDayNextWorkingDay (fax: no such rule).
 * "The day submitted" is the calendar date of `submittedAt` in Asia/Shanghai (UTC+8, no
 * daylight saving since 1991), whatever the server's time zone.
 */

export type ReceiptChannel = 'online' | 'letter' | 'in_person' | 'fax' | 'oral';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86_400_000;

/** The Asia/Shanghai calendar date of an ISO instant with an explicit offset ("…Z" or "…+08:00"). */
export function shanghaiDate(instant: string): string {
  const ms = typeof instant === 'string' && ISO_INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new CalendarInputError(`提交时间格式不正确：应为带时区的 ISO 时间（如 2026-09-28T09:30:00+08:00），收到 ${JSON.stringify(instant)}`);
  }
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

export function receiptDate(input: {
  channel: ReceiptChannel;
  submittedAt: string;
  signedOn?: string;
  confirmedOn?: string;
  rules: ClockRules;
  calendar: WorkingCalendar;
}): string {
  const submitted = shanghaiDate(input.submittedAt);
  switch (input.channel) {
    case 'in_person':
    case 'oral':
      return submitted;
    case 'letter':
      if (input.signedOn === undefined) throw new CalendarInputError('信函申请须填写本机关签收日期（条例第三十一条）');
      assertPlainDate(input.signedOn, '签收日期');
      return input.signedOn;
    case 'online':
    case 'fax': {
      let day = submitted;
      if (input.confirmedOn !== undefined) {
        assertPlainDate(input.confirmedOn, '双方确认日期');
        if (input.confirmedOn < submitted) {
          throw new CalendarInputError(`双方确认日期（${input.confirmedOn}）不能早于提交日期（${submitted}）`);
        }
        day = input.confirmedOn;
      }
      if (input.channel === 'online' && input.rules.onlineRestDayNextWorkingDay) day = nextWorkingDayOnOrAfter(day, input.calendar);
      return day;
    }
    default:
      throw new CalendarInputError(`未知的申请渠道：${JSON.stringify((input as { channel?: unknown }).channel)}`);
  }
}

