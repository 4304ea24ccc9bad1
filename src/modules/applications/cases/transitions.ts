import type { StaffRole } from '../../accounts/roles.js';
import { caseStatuses, type CaseStatus } from '../applications.vocabulary.js';

/*
 * The case's state machine, as data: every move a case can make, from which status, to which,
 * and who may make it. Each move writes one application_events row whose kind is the action
 * (who, when, why) and one audit record, in the same transaction (cases.runner.ts).
 */

/** Who acts: a staff role, the applicant (their own case, online), or the system (scheduled jobs). */
export type ActorRole = StaffRole | 'applicant' | 'system';

/** Actions, with the wording the case history shows; the clock events keep the clock's names. */
export const caseActions = {
  received: '收到申请',
  assign: '分办至承办处室',
  correction_requested: '发出补正通知（一次性告知）',
  correction_received: '收到补正材料',
  consultation_started: '征求第三方或其他机关意见',
  consultation_ended: '征求意见结束',
  extension_requested: '申请延期答复',
  extension_approved: '延期答复（负责人批准）',
  extension_rejected: '不批准延期答复',
  fee_notice: '发出收费通知',
  fee_paid: '确认已缴纳信息处理费',
  later_date_set: '认定申请超出合理范围，确定合理答复期限（第三十五条）',
  reply: '作出答复',
  close: '办结',
  withdraw: '申请人撤回申请',
} as const;
export type CaseAction = keyof typeof caseActions;

/** Events that are history but not moves: the reminders the jobs send. */
export const historyOnlyKinds = { reminder_sent: '到期提醒' } as const;
export const eventLabels: Record<string, string> = { ...caseActions, ...historyOnlyKinds };

/** `resume`: back to 办理中, or to 已收到 when the case has no department yet (补正 before 分办). */
export type TargetStatus = CaseStatus | 'resume';

export interface Transition {
  action: CaseAction;
  from: CaseStatus;
  to: TargetStatus;
  roles: readonly ActorRole[];
}

const office: ActorRole[] = ['disclosure_office'];
const handling: ActorRole[] = ['disclosure_office', 'handler'];
const head: ActorRole[] = ['head'];

/** One row per (from, action); an action that keeps the status lists the same status on both sides. */
export const transitions: readonly Transition[] = Object.freeze([
  { action: 'assign', from: 'received', to: 'assigned', roles: office },
  { action: 'assign', from: 'assigned', to: 'assigned', roles: office },
  { action: 'correction_requested', from: 'received', to: 'awaiting_correction', roles: office },
  { action: 'correction_requested', from: 'assigned', to: 'awaiting_correction', roles: handling },
  { action: 'correction_received', from: 'awaiting_correction', to: 'resume', roles: [...handling, 'applicant'] },
  { action: 'consultation_started', from: 'assigned', to: 'consulting', roles: handling },
  { action: 'consultation_ended', from: 'consulting', to: 'assigned', roles: handling },
  { action: 'extension_requested', from: 'assigned', to: 'assigned', roles: handling },
  { action: 'extension_requested', from: 'consulting', to: 'consulting', roles: handling },
  { action: 'extension_approved', from: 'assigned', to: 'assigned', roles: head },
  { action: 'extension_approved', from: 'consulting', to: 'consulting', roles: head },
  { action: 'extension_rejected', from: 'assigned', to: 'assigned', roles: head },
  { action: 'extension_rejected', from: 'consulting', to: 'consulting', roles: head },
  { action: 'fee_notice', from: 'assigned', to: 'awaiting_fee', roles: handling },
  { action: 'fee_paid', from: 'awaiting_fee', to: 'assigned', roles: [...handling, 'applicant'] },
  { action: 'later_date_set', from: 'assigned', to: 'assigned', roles: ['disclosure_office', 'head'] },
  { action: 'later_date_set', from: 'consulting', to: 'consulting', roles: ['disclosure_office', 'head'] },
  { action: 'reply', from: 'received', to: 'replied', roles: office },
  { action: 'reply', from: 'assigned', to: 'replied', roles: handling },
  { action: 'close', from: 'replied', to: 'closed', roles: handling },
  // Only once the applicant's period has lapsed (checked by the close command).
  { action: 'close', from: 'awaiting_correction', to: 'closed', roles: [...handling, 'system'] },
  { action: 'close', from: 'awaiting_fee', to: 'closed', roles: [...handling, 'system'] },
  ...(['received', 'assigned', 'awaiting_correction', 'consulting', 'awaiting_fee'] as const).map(
    (from): Transition => ({ action: 'withdraw', from, to: 'closed', roles: ['disclosure_office', 'applicant'] }),
  ),
] satisfies Transition[]);

/** Statuses in which the statutory clock runs or waits: everything before 已答复. */
export const openStatuses: CaseStatus[] = ['received', 'assigned', 'awaiting_correction', 'consulting', 'awaiting_fee'];

export const isCaseStatus = (value: string): value is CaseStatus => Object.hasOwn(caseStatuses, value);
export const isCaseAction = (value: string): value is CaseAction => Object.hasOwn(caseActions, value);

export function findTransition(from: string, action: CaseAction): Transition | undefined {
  return transitions.find((t) => t.from === from && t.action === action);
}

/** The status a move lands on for this case. */
export function targetStatus(t: Transition, hasDepartment: boolean): CaseStatus {
  if (t.to !== 'resume') return t.to;
  return hasDepartment ? 'assigned' : 'received';
}

/** The refusal for a move the table does not have, in Chinese. */
export function illegalMoveMessage(from: string, action: CaseAction): string {
  const status = isCaseStatus(from) ? caseStatuses[from] : from;
  const possible = transitions.filter((t) => t.from === from).map((t) => caseActions[t.action]);
  const hint = possible.length ? `当前可进行的操作：${[...new Set(possible)].join('、')}。` : '该申请已办结，不能再办理。';
  return `申请当前状态为“${status}”，不能“${caseActions[action]}”。${hint}`;
}

/** Every role that may take the action from some status (what a route guard admits). */
export function rolesForAction(action: CaseAction): ActorRole[] {
  return [...new Set(transitions.filter((t) => t.action === action).flatMap((t) => t.roles))];
}
