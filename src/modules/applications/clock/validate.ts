import { isPlainDate } from '../../../platform/calendar/plain-date.js';
import type { ClockEvent, ClockRules, ClockState } from './clock.types.js';
import { wd } from './clock.types.js';

/*
 * Whether an event may be recorded now, given the clock as it stands. Returns the Chinese
 * reason it is refused, or null. Events are recorded in date order: an event dated before
 * the latest one is refused (recompute with computeClock for corrections of the history).
 *
 * Refused (computeClock ignores such an event in a stored history, with a warning):
 * - anything while the clock is stopped (待补正 / 待缴费), except the matching
 *   correction_received / fee_paid;
 * - a second 补正 notice (一次性告知, Art. 30), or one during an open consultation;
 * - a second consultation while one is open (record one consultation listing every party),
 *   consultation_ended without an open consultation;
 * - an extension beyond rules.extensionMaxDays in total (computeClock caps it instead);
 * - a fee notice during an open consultation (their excluded periods would overlap),
 *   fee_paid without a pending notice;
 * - an Art. 35 date that is not after the current due date, or set during a consultation.
 * Allowed with a warning in computeClock: a late 补正 notice, late correction, late payment.
 */
export function validateEvent(state: ClockState, event: ClockEvent, rules: ClockRules): string | null {
  if (!isPlainDate(event.on)) return `事件日期格式不正确：应为 YYYY-MM-DD，收到 ${JSON.stringify(event.on)}`;
  if (event.on < state.lastEventOn) return `事件日期 ${event.on} 早于已记录的最近事件（${state.lastEventOn}），请按时间顺序登记`;
  const stopped = stoppedReason(state);

  switch (event.kind) {
    case 'correction_requested':
      if (state.correctionRequestedOn !== null) {
        return `补正通知只能发出一次（一次性告知，条例第三十条），本申请已于 ${state.correctionRequestedOn} 发出补正通知`;
      }
      if (stopped) return stopped;
      if (state.consultation) return `征求意见期间（${state.consultation.party}）不能发出补正通知`;
      if (!isPlainDate(event.correctBy)) return `补正期限格式不正确：应为 YYYY-MM-DD，收到 ${JSON.stringify(event.correctBy)}`;
      if (event.correctBy <= event.on) return `补正期限（${event.correctBy}）应晚于补正通知日期（${event.on}）`;
      return null;
    case 'correction_received':
      return state.stoppedFor === 'correction' ? null : '当前没有待补正的通知，不能登记收到补正材料';
    case 'consultation_started':
      if (stopped) return stopped;
      if (state.consultation) {
        return `已有进行中的征求意见（${state.consultation.party}，${state.consultation.startedOn} 起），请先登记其结束，或在同一次征求意见中列明全部对象`;
      }
      return typeof event.party === 'string' && event.party.trim() !== '' ? null : '请填写征求意见的对象（第三方或其他机关）';
    case 'consultation_ended':
      return state.consultation ? null : '没有进行中的征求意见，不能登记征求意见结束';
    case 'extension_approved': {
      if (stopped) return stopped;
      if (!Number.isInteger(event.days) || event.days < 1) return `延期天数应为正整数个工作日，收到 ${JSON.stringify(event.days)}`;
      const left = rules.extensionMaxDays - state.extendedDays;
      if (event.days > left) {
        return `延期合计不得超过 ${wd(rules.extensionMaxDays)}（条例第三十三条）：已延期 ${wd(state.extendedDays)}，最多还可延期 ${wd(Math.max(0, left))}`;
      }
      return null;
    }
    case 'fee_notice':
      if (stopped) return stopped;
      if (state.consultation) return `征求意见期间（${state.consultation.party}）不能发出收费通知，请先登记征求意见结束`;
      return null;
    case 'fee_paid':
      return state.stoppedFor === 'fee' ? null : '没有待缴费的收费通知，不能登记缴费';
    case 'later_date_set':
      if (stopped) return stopped;
      if (state.consultation) return `征求意见期间（${state.consultation.party}）不能确定合理答复期限，请先登记征求意见结束`;
      if (!isPlainDate(event.dueOn)) return `合理答复期限格式不正确：应为 YYYY-MM-DD，收到 ${JSON.stringify(event.dueOn)}`;
      if (state.dueOn !== null && event.dueOn <= state.dueOn) return `合理答复期限（${event.dueOn}）应晚于当前答复期限（${state.dueOn}）`;
      return null;
    default:
      return `未知的事件类型：${JSON.stringify((event as { kind?: unknown }).kind)}`;
  }
}

function stoppedReason(state: ClockState): string | null {
  if (state.stoppedFor === 'correction') return `计时已中止（待补正，补正期限 ${state.waitingUntil ?? ''}），请先登记收到补正材料`;
  if (state.stoppedFor === 'fee') return `计时已中止（待缴费，缴费期限 ${state.waitingUntil ?? ''}），请先登记缴费`;
  return null;
}
