import { z } from 'zod';
import { chosenValues } from '../tags/tag-picker.js';
import { pushAccountKinds, pushExtraChannels, pushLimits } from './push.vocabulary.js';

const text = (max: number, message: string) => z.string().default('').transform((v) => v.trim()).refine((v) => v.length <= max, message);
const list = z.unknown().optional().transform(chosenValues);

/** The compose form; which tags exist and which document is pushable is checked by the service. */
export const pushSchema = z
  .object({
    document_id: z.string().default('').refine((v) => /^\d{1,9}$/.test(v), '请选择要推送的政策文件').transform(Number),
    title: text(pushLimits.titleMax, `标题不超过 ${pushLimits.titleMax} 个字`).refine((v) => v.length > 0, '请填写推送标题'),
    message: text(pushLimits.messageMax, `推送内容不超过 ${pushLimits.messageMax} 个字`).refine((v) => v.length > 0, '请填写推送内容'),
    tag_ids: list.refine((v) => v.every((x) => /^\d{1,9}$/.test(x)), '请从列表中选择标签').transform((v) => [...new Set(v.map(Number))]),
    account_kinds: list.refine((v) => v.every((x) => Object.hasOwn(pushAccountKinds, x)), '请从列表中选择账号类型').transform((v) => [...new Set(v)]),
    channels: list.refine((v) => v.every((x) => Object.hasOwn(pushExtraChannels, x)), '请从列表中选择推送渠道').transform((v) => [...new Set(v)] as ('email' | 'sms')[]),
    audience_all: z.unknown().optional().transform((v) => v === 'on' || v === '1'),
  })
  .superRefine((v, ctx) => {
    const conditions = v.tag_ids.length + v.account_kinds.length;
    if (conditions === 0 && !v.audience_all) ctx.addIssue({ code: 'custom', path: ['audience_all'], message: '请至少选择一个受众标签或账号类型；确需推送给全体用户的，请勾选“推送给全体用户”确认' });
    if (conditions > 0 && v.audience_all) ctx.addIssue({ code: 'custom', path: ['audience_all'], message: '已选择受众条件时不能同时勾选“推送给全体用户”' });
  });
export type PushInput = z.output<typeof pushSchema>;

export const reviewSchema = z
  .object({
    decision: z.string().default('').refine((v) => v === 'approve' || v === 'reject', '请选择批准或退回').transform((v) => v as 'approve' | 'reject'),
    comment: text(pushLimits.commentMax, `意见不超过 ${pushLimits.commentMax} 字`),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && v.comment.length < 2) ctx.addIssue({ code: 'custom', path: ['comment'], message: '退回时请填写意见' });
  });

export const ratingSchema = z.object({
  useful: z.string().default('').refine((v) => v === '1' || v === '0', '请选择“有用”或“没用”').transform((v) => v === '1'),
  comment: text(pushLimits.commentMax, `意见不超过 ${pushLimits.commentMax} 字`).transform((v) => v || null),
});

export const pushLabels = {
  document_id: '推送的政策文件', title: '推送标题', message: '推送内容', tag_ids: '受众标签', account_kinds: '账号类型', channels: '附加渠道',
  audience_all: '全体用户', decision: '审批结论', comment: '意见', useful: '评价', '': '',
};
