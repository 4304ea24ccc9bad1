import { z } from 'zod';
import { webhookUrlProblem } from '../../../platform/notify/webhook.js';
import { criteria } from '../subscriptions.vocabulary.js';

export const criterionLabels: Record<string, string> = criteria;

export const endpointLabels = { name: '名称', url: '接收地址', criterion: '筛选条件', value: '筛选值' };

const text = (max: number, message: string) => z.string().default('').transform((v) => v.trim()).refine((v) => v.length <= max, message);

/** The registration form; private addresses are refused unless the installation allows them. */
export function endpointSchema(allowPrivate: boolean) {
  return z
    .object({
      name: text(100, '名称不超过 100 个字符').refine((v) => v.length > 0, '请填写名称，如“某某协会政策转发”'),
      url: text(500, '网址不超过 500 个字符').refine((v) => v.length > 0, '请填写接收推送的网址').superRefine((v, ctx) => {
        const problem = v ? webhookUrlProblem(v, allowPrivate) : undefined;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
      criterion: z.string().default('').refine((v) => v === '' || Object.hasOwn(criterionLabels, v), '请选择筛选条件'),
      value: text(100, '筛选值不超过 100 个字符'),
    })
    .superRefine((v, ctx) => {
      if (v.criterion && !v.value) ctx.addIssue({ code: 'custom', path: ['value'], message: '选择了筛选条件时请填写筛选值' });
      if (!v.criterion && v.value) ctx.addIssue({ code: 'custom', path: ['criterion'], message: '填写了筛选值时请选择筛选条件' });
    });
}
export type EndpointInput = z.output<ReturnType<typeof endpointSchema>>;
