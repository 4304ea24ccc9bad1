import { clockEventKinds } from '../applications.vocabulary.js';
import { CalendarInputError } from '../../../platform/calendar/plain-date.js';

/*
 * The statutory clock of a disclosure application (政府信息公开条例 第三十条至第三十五条).
 * Every duration is data: a bureau may configure its own ClockRules, and the logic in this
 * folder never contains a number of days. Dates are plain 'YYYY-MM-DD' strings.
 */

export interface ClockRules {
  /** Art. 33: reply within N working days of receipt. */
  replyDays: number;
  /** Art. 30: the one-time 补正 notice is sent within N working days of receipt. */
  correctionNoticeDays: number;
  /** Art. 32/34: a third party or another agency answers within N working days. */
  thirdPartyDays: number;
  /** Art. 33: extensions add at most N working days in total. */
  extensionMaxDays: number;
  /** 国办函〔2020〕109号: the applicant pays within N working days of receiving the fee notice. */
  feePaymentDays: number;
  /** An online application made on a rest day is received on the next working day. */
  onlineRestDayNextWorkingDay: boolean;
}

export const defaultClockRules: ClockRules = Object.freeze({
  replyDays: 20,
  correctionNoticeDays: 7,
  thirdPartyDays: 15,
  extensionMaxDays: 20,
  feePaymentDays: 20,
  onlineRestDayNextWorkingDay: true,
});

export type ClockEvent =
  /** 补正 notice sent on `on`; the applicant must correct by `correctBy`. */
  | { kind: 'correction_requested'; on: string; correctBy: string }
  /** The corrected application arrives: the reply period restarts from this day (Art. 30). */
  | { kind: 'correction_received'; on: string }
  /** Written consultation of a third party or another agency (Art. 32, 34). */
  | { kind: 'consultation_started'; on: string; party: string }
  | { kind: 'consultation_ended'; on: string }
  /** Approved by the head of the disclosure office (Art. 33). */
  | { kind: 'extension_approved'; on: string; days: number }
  /** 信息处理费 notice: the clock stops until payment. */
  | { kind: 'fee_notice'; on: string }
  | { kind: 'fee_paid'; on: string }
  /** Art. 35: a reasonable later date, told to the applicant. */
  | { kind: 'later_date_set'; on: string; dueOn: string };

export type ClockEventKindName = ClockEvent['kind'];

/** Chinese names of the clock's events (one wording, kept in applications.vocabulary.ts). */
export const clockEventLabels: Record<ClockEventKindName, string> = (({ received: _received, ...events }) => events)(clockEventKinds);

/** One line of "how the due date was computed", in Chinese. */
export interface ClockStep {
  on: string;
  text: string;
}

export interface ClockState {
  /** The current statutory due date; null while the clock is stopped (补正 or 缴费 pending). */
  dueOn: string | null;
  stoppedFor: 'correction' | 'fee' | null;
  /** The applicant's deadline while the clock is stopped. */
  waitingUntil: string | null;
  /** The last day to send the 补正 notice: receipt + correctionNoticeDays working days. */
  correctionNoticeDueOn: string;
  /** The open consultation, if any. */
  consultation: { party: string; startedOn: string; thirdPartyDueOn: string } | null;
  /** Extension days in effect for the current reply period. */
  extendedDays: number;
  /** Given `today`: the waiting period is over without correction / payment → close as 其他处理. */
  lapsed: 'correction' | 'fee' | null;
  /** The day the (single) 补正 notice was sent, null if none: 一次性告知 allows only one. */
  correctionRequestedOn: string | null;
  /** The date of the latest applied event (the receipt date if none): events are recorded in date order. */
  lastEventOn: string;
  steps: ClockStep[];
  warnings: string[];
}

const RULE_NAMES: Record<Exclude<keyof ClockRules, 'onlineRestDayNextWorkingDay'>, string> = {
  replyDays: '答复期限',
  correctionNoticeDays: '补正通知期限',
  thirdPartyDays: '第三方答复期限',
  extensionMaxDays: '延期上限',
  feePaymentDays: '缴费期限',
};

/** [rule, its name, its minimum], listed once (every clock computation checks its rules). */
const RULE_CHECKS = (Object.entries(RULE_NAMES) as [keyof typeof RULE_NAMES, string][]).map(([key, name]) => [key, name, key === 'extensionMaxDays' ? 0 : 1] as const);

/** Throws CalendarInputError (Chinese message) when a rule is not a sane number of working days. */
export function assertClockRules(rules: ClockRules): void {
  for (const [key, name, min] of RULE_CHECKS) {
    const value = rules[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > 1000) {
      throw new CalendarInputError(`${name}设置不正确：应为 ${min}–1000 之间的整数个工作日，收到 ${JSON.stringify(value)}`);
    }
  }
}

/** "20 个工作日" */
export function wd(n: number): string {
  return `${n} 个工作日`;
}
