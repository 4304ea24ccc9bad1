import { assertPlainDate } from '../../../platform/calendar/plain-date.js';
import {
  addWorkingDays,
  countWorkingDays,
  coverageWarnings,
  nextWorkingDayOnOrAfter,
  uncoveredYearsBetween,
  type WorkingCalendar,
} from '../../../platform/calendar/working-days.js';
import { assertClockRules, clockEventLabels, wd, type ClockEvent, type ClockRules, type ClockState, type ClockStep } from './clock.types.js';
import { validateEvent } from './validate.js';

/*
 * The reply deadline of a disclosure application, recomputed from its events (pure).
 *
 * Counting (民法典 Art. 201/203): the start day is not counted; "N working days after D" is
 * addWorkingDays(D, N), the N-th working day of the calendar after D, so a due date is never
 * a rest day. Internally due = addWorkingDays(anchor, offset); because working-day addition is
 * additive, "moves later by k working days" is offset += k.
 *
 * - Receipt: anchor = receivedOn, offset = replyDays.
 * - 补正 (Art. 30): correction_requested stops the clock (dueOn null); the applicant's deadline
 *   is correctBy, moved to the next working day when it is a rest day (Art. 203). A notice
 *   later than receivedOn + correctionNoticeDays is applied but warned. correction_received on
 *   Y restarts the period: anchor = Y, offset = replyDays. Everything earlier — consultation
 *   exclusions, extensions, an Art. 35 date — belonged to the abandoned period and is dropped
 *   (extendedDays starts again at 0); only extensions approved after Y count. Not corrected by
 *   the deadline and `today` later → lapsed 'correction'.
 * - Consultation (Art. 32/34): the working days in (startedOn, endedOn] are excluded, i.e.
 *   countWorkingDays(startedOn, endedOn): the day the letter goes out still counts, the day
 *   the answer arrives does not. At most thirdPartyDays are excluded (the party must answer
 *   within that time; afterwards the agency decides, so the clock runs again) — warned.
 *   While open, dueOn is a lower bound: the base due plus the working days excluded so far
 *   up to `today` (none without `today`). Several consultations add up; one at a time.
 * - Extension (Art. 33): offset += days; at most extensionMaxDays in total per reply period;
 *   an over-limit extension in a stored history is capped, with a warning.
 * - Fee (国办函〔2020〕109号): fee_notice stops the clock; waitingUntil = addWorkingDays(notice,
 *   feePaymentDays) (the notice day is taken as the day the applicant receives it). fee_paid
 *   on P: the working days in (notice, P] are excluded, at most feePaymentDays (late payment
 *   is warned). Unpaid and `today` after waitingUntil → lapsed 'fee'.
 * - Art. 35 later date: the due date becomes that date (next working day if a rest day);
 *   later extensions, consultations and fee pauses move it on as usual.
 * Events are applied in date order (stable for the same date). An event refused by
 * validateEvent is ignored with a warning, except an over-limit extension (capped).
 */
export function computeClock(input: {
  receivedOn: string;
  events: readonly ClockEvent[];
  rules: ClockRules;
  calendar: WorkingCalendar;
  today?: string;
}): ClockState {
  const { receivedOn, rules, calendar, today } = input;
  assertPlainDate(receivedOn, '收到申请日期');
  if (today !== undefined) assertPlainDate(today, '当前日期');
  assertClockRules(rules);

  // Mutable clock; `adjusted` marks anything since the last (re)start that a 补正 restart drops.
  // The helpers are module functions taking this run (no closures created per call: they are
  // cheap to call but not to create, and recomputing 100,000 cases calls this a lot).
  const r: Run = {
    rules,
    calendar,
    uncovered: new Set<number>(),
    steps: [],
    warnings: [],
    correctionNoticeDueOn: '',
    c: {
      anchor: receivedOn,
      offset: rules.replyDays,
      adjusted: false,
      stoppedFor: null,
      waitingUntil: null,
      feeNoticeOn: receivedOn,
      consultation: null,
      extendedDays: 0,
      correctionRequestedOn: null,
      lastEventOn: receivedOn,
    },
  };
  r.correctionNoticeDueOn = add(r, receivedOn, rules.correctionNoticeDays);
  const { c, steps, warnings } = r;

  steps.push({ on: receivedOn, text: `${receivedOn} 收到申请，答复期限 ${wd(rules.replyDays)}，至 ${due(r)}` });

  for (const event of [...input.events].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))) {
    const reason = validateEvent(snapshot(r), event, rules);
    if (reason === null) {
      apply(r, event);
    } else {
      const capped = event.kind === 'extension_approved' ? capExtension(event, snapshot(r), rules) : null;
      if (capped && event.kind === 'extension_approved') {
        warnings.push(`${event.on} 批准延期 ${wd(event.days)}超过上限，按条例第三十三条只计 ${wd(capped.days)}（延期合计不超过 ${wd(rules.extensionMaxDays)}）`);
        apply(r, capped);
      } else {
        warnings.push(`已忽略 ${String(event.on)} 的“${clockEventLabels[event.kind] ?? String(event.kind)}”：${reason}`);
        continue;
      }
    }
    c.lastEventOn = event.on;
  }

  let dueOn: string | null = c.stoppedFor ? null : due(r);
  let lapsed: ClockState['lapsed'] = null;
  if (today !== undefined && c.consultation !== null && dueOn !== null) {
    const open: NonNullable<ClockState['consultation']> = c.consultation;
    const soFar = Math.min(Math.max(0, count(r, open.startedOn, today)), rules.thirdPartyDays);
    if (soFar > 0) {
      dueOn = add(r, c.anchor, c.offset + soFar);
      steps.push({ on: today, text: `${today} 征求意见进行中（${open.party}），已有 ${wd(soFar)}不计入，答复期限至少至 ${dueOn}` });
    }
    if (today > open.thirdPartyDueOn) {
      warnings.push(`${open.party} 的答复期限 ${open.thirdPartyDueOn} 已过，此后的时间计入答复期限；请登记征求意见结束，由本机关依法决定`);
    }
  }
  if (today !== undefined && c.stoppedFor !== null && c.waitingUntil !== null && today > c.waitingUntil) {
    lapsed = c.stoppedFor;
    const text =
      c.stoppedFor === 'correction'
        ? `补正期限 ${c.waitingUntil} 已过，未收到补正材料，可按“其他处理”办结（申请人无正当理由逾期不补正）`
        : `缴费期限 ${c.waitingUntil} 已过，未缴纳信息处理费，可按“其他处理”办结（申请人逾期未缴纳费用）`;
    steps.push({ on: today, text: `${today} ${text}` });
  }

  return { ...snapshot(r), dueOn, lapsed, warnings: [...coverageWarnings([...r.uncovered].sort((a, b) => a - b)), ...warnings] };
}

/** One computation: the inputs, the mutable clock and what it has written so far. */
interface Run {
  readonly rules: ClockRules;
  readonly calendar: WorkingCalendar;
  /** Years touched without official calendar data. */
  readonly uncovered: Set<number>;
  readonly steps: ClockStep[];
  readonly warnings: string[];
  correctionNoticeDueOn: string;
  readonly c: Mutable;
}

function add(r: Run, start: string, n: number): string {
  const result = addWorkingDays(start, n, r.calendar);
  for (const y of result.uncoveredYears) r.uncovered.add(y);
  return result.due;
}

function count(r: Run, from: string, to: string): number {
  for (const y of uncoveredYearsBetween(from, to, r.calendar)) r.uncovered.add(y);
  return countWorkingDays(from, to, r.calendar);
}

function due(r: Run): string {
  return add(r, r.c.anchor, r.c.offset);
}

function snapshot(r: Run): ClockState {
  const { c } = r;
  return {
    dueOn: c.stoppedFor ? null : due(r),
    stoppedFor: c.stoppedFor,
    waitingUntil: c.waitingUntil,
    correctionNoticeDueOn: r.correctionNoticeDueOn,
    consultation: c.consultation,
    extendedDays: c.extendedDays,
    lapsed: null,
    correctionRequestedOn: c.correctionRequestedOn,
    lastEventOn: c.lastEventOn,
    steps: r.steps,
    warnings: r.warnings,
  };
}

function apply(r: Run, event: ClockEvent): void {
  const { rules, calendar, c, steps, warnings, correctionNoticeDueOn } = r;
  const on = event.on;
  switch (event.kind) {
    case 'correction_requested': {
      if (on > correctionNoticeDueOn) {
        warnings.push(`补正通知于 ${on} 发出，晚于法定期限 ${correctionNoticeDueOn}（收到申请后 ${wd(rules.correctionNoticeDays)}内一次性告知，条例第三十条）`);
      }
      const until = nextWorkingDayOnOrAfter(event.correctBy, calendar);
      const moved = until === event.correctBy ? '' : `（${event.correctBy} 为休息日，顺延至 ${until}）`;
      c.stoppedFor = 'correction';
      c.waitingUntil = until;
      c.correctionRequestedOn = on;
      steps.push({ on, text: `${on} 发出补正通知（一次性告知），计时中止，补正期限至 ${until}${moved}；收到补正材料后答复期限重新计算` });
      return;
    }
    case 'correction_received': {
      if (c.waitingUntil !== null && on > c.waitingUntil) {
        warnings.push(`补正材料于 ${on} 收到，已超过补正期限 ${c.waitingUntil}；如无正当理由，应按“其他处理”办结`);
      }
      const dropped = c.adjusted ? '；此前的征求意见扣除、延期和合理期限不再适用' : '';
      c.anchor = on;
      c.offset = rules.replyDays;
      c.extendedDays = 0;
      c.adjusted = false;
      c.stoppedFor = null;
      c.waitingUntil = null;
      steps.push({ on, text: `${on} 收到补正材料，答复期限自该日重新计算 ${wd(rules.replyDays)}，至 ${due(r)}${dropped}` });
      return;
    }
    case 'consultation_started': {
      const thirdPartyDueOn = add(r, on, rules.thirdPartyDays);
      c.consultation = { party: event.party, startedOn: on, thirdPartyDueOn };
      steps.push({
        on,
        text: `${on} 征求意见（${event.party}），对方应于 ${thirdPartyDueOn} 前答复（${wd(rules.thirdPartyDays)}）；征求意见期间不计入答复期限，答复期限至少至 ${due(r)}`,
      });
      return;
    }
    case 'consultation_ended': {
      const open = c.consultation;
      if (!open) return;
      const days = count(r, open.startedOn, on);
      const excluded = Math.min(days, rules.thirdPartyDays);
      if (days > excluded) {
        warnings.push(`征求意见（${open.party}）历时 ${wd(days)}，超过对方答复期限 ${wd(rules.thirdPartyDays)}（至 ${open.thirdPartyDueOn}），超出部分计入答复期限`);
      }
      c.offset += excluded;
      if (excluded > 0) c.adjusted = true;
      c.consultation = null;
      const what = excluded === days ? `${wd(days)}不计入` : `${wd(days)}，其中 ${wd(excluded)}不计入`;
      steps.push({ on, text: `${on} 征求意见结束（${open.party}），${open.startedOn} 次日至 ${on} 共 ${what}，答复期限顺延至 ${due(r)}` });
      return;
    }
    case 'extension_approved': {
      c.extendedDays += event.days;
      c.offset += event.days;
      c.adjusted = true;
      steps.push({ on, text: `${on} 经负责人批准延期 ${wd(event.days)}（累计 ${wd(c.extendedDays)}），答复期限延至 ${due(r)}` });
      return;
    }
    case 'fee_notice': {
      c.stoppedFor = 'fee';
      c.waitingUntil = add(r, on, rules.feePaymentDays);
      c.feeNoticeOn = on;
      steps.push({ on, text: `${on} 发出收费通知，计时中止，缴费期限至 ${c.waitingUntil}（收到通知次日起 ${wd(rules.feePaymentDays)}）` });
      return;
    }
    case 'fee_paid': {
      if (c.waitingUntil !== null && on > c.waitingUntil) {
        warnings.push(`信息处理费于 ${on} 缴纳，已超过缴费期限 ${c.waitingUntil}`);
      }
      const days = count(r, c.feeNoticeOn, on);
      const excluded = Math.min(days, rules.feePaymentDays);
      c.offset += excluded;
      if (excluded > 0) c.adjusted = true;
      c.stoppedFor = null;
      c.waitingUntil = null;
      const what = excluded === days ? `${wd(days)}不计入` : `${wd(days)}，其中 ${wd(excluded)}不计入`;
      steps.push({ on, text: `${on} 缴纳信息处理费，${c.feeNoticeOn} 次日至 ${on} 共 ${what}，答复期限顺延至 ${due(r)}` });
      return;
    }
    case 'later_date_set': {
      c.anchor = nextWorkingDayOnOrAfter(event.dueOn, calendar);
      c.offset = 0;
      c.adjusted = true;
      const moved = c.anchor === event.dueOn ? '' : `（${event.dueOn} 为休息日，顺延）`;
      steps.push({ on, text: `${on} 确定合理答复期限（条例第三十五条），答复期限至 ${c.anchor}${moved}` });
      return;
    }
  }
}

interface Mutable {
  anchor: string;
  offset: number;
  adjusted: boolean;
  stoppedFor: ClockState['stoppedFor'];
  waitingUntil: string | null;
  feeNoticeOn: string;
  consultation: ClockState['consultation'];
  extendedDays: number;
  correctionRequestedOn: string | null;
  lastEventOn: string;
}

/** An over-limit extension reduced to what is left of the maximum, or null when nothing is left or it is refused for another reason. */
function capExtension(event: Extract<ClockEvent, { kind: 'extension_approved' }>, state: ClockState, rules: ClockRules): typeof event | null {
  const left = rules.extensionMaxDays - state.extendedDays;
  if (left < 1 || !Number.isInteger(event.days) || event.days <= left) return null;
  const capped = { ...event, days: left };
  return validateEvent(state, capped, rules) === null ? capped : null;
}
