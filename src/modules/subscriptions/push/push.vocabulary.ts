import type { StaffRole } from '../../accounts/roles.js';

/** Who does what with a push, in one place: routes, buttons and the service all read these. */
export const PUSH_VIEW_ROLES: StaffRole[] = ['editor', 'reviewer', 'head', 'admin'];
export const PUSH_COMPOSE_ROLES: StaffRole[] = ['editor', 'admin'];
export const PUSH_APPROVE_ROLES: StaffRole[] = ['reviewer', 'head', 'admin'];
/** Sending is the approver's (or an administrator's) act. */
export const PUSH_SEND_ROLES: StaffRole[] = PUSH_APPROVE_ROLES;

export const pushStatuses = {
  draft: '草稿',
  pending_approval: '待审批',
  approved: '已批准，待发送',
  sent: '已发送',
  rejected: '已退回',
  cancelled: '已取消',
} as const;
export type PushStatus = keyof typeof pushStatuses;

export const pushAccountKinds = { person: '自然人', organization: '法人或其他组织' } as const;
export const pushExtraChannels = { email: '电子邮件', sms: '短信（仅服务类政策）' } as const;
export const channelLabels: Record<string, string> = { inbox: '站内消息', email: '电子邮件', sms: '短信', webhook: '第三方接口' };

/** Limits of this part. */
export const pushLimits = {
  messageMax: 200,
  titleMax: 100,
  commentMax: 500,
  listLimit: 200,
  documentSearchLimit: 20,
  /** The /console/pushes/stats overview covers events of the last N days. */
  statsWindowDays: 30,
};
