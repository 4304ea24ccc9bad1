import { z } from 'zod';
import type { Criterion, Frequency, SubscriptionChannel } from '../notify-event.js';
import { channelCodes, criteria, criterionCodes, frequencyCodes } from '../subscriptions.vocabulary.js';

const oneOf = <T extends string>(codes: readonly T[], message: string) =>
  z.string({ error: message }).default('').refine((v) => (codes as readonly string[]).includes(v), message).transform((v) => v as T);

/** What a subscription asks for; whether the value exists (theme, tag, issuer…) is checked against the data. */
export const subscriptionSchema = z
  .object({
    criterion: oneOf<Criterion>(criterionCodes, '请选择订阅方式'),
    value: z.string().default('').transform((v) => v.trim().replace(/\s+/g, ' ')),
    channel: oneOf<SubscriptionChannel>(channelCodes, '请选择接收方式'),
    frequency: oneOf<Frequency>(frequencyCodes, '请选择接收频率'),
  })
  .superRefine((v, ctx) => {
    if (!v.value) ctx.addIssue({ code: 'custom', path: ['value'], message: v.criterion === 'keyword' ? '请填写关键词' : `请选择${criteria[v.criterion] ?? '订阅内容'}` });
    else if (v.criterion === 'keyword' && (v.value.length < 2 || v.value.length > 20)) ctx.addIssue({ code: 'custom', path: ['value'], message: '关键词为 2–20 个字' });
    else if (v.value.length > 100) ctx.addIssue({ code: 'custom', path: ['value'], message: '订阅内容不超过 100 个字' });
    if (v.channel === 'sms' && v.frequency !== 'immediate') ctx.addIssue({ code: 'custom', path: ['frequency'], message: '短信只能即时接收，不提供汇总' });
  });
export type SubscriptionInput = z.output<typeof subscriptionSchema>;

export const emailSchema = z.object({
  email: z
    .string()
    .default('')
    .transform((v) => v.trim().toLowerCase())
    .refine((v) => v.length > 0, '请填写电子邮箱')
    .refine((v) => v.length <= 254 && z.email().safeParse(v).success, '电子邮箱格式不正确，例如 name@example.com'),
});

export const changeSchema = z.object({
  channel: oneOf<SubscriptionChannel>(channelCodes, '请选择接收方式'),
  frequency: oneOf<Frequency>(frequencyCodes, '请选择接收频率'),
});

export const subscribeLabels: Record<string, string> = {
  email: '电子邮箱', criterion: '订阅方式', value: '订阅内容', value_theme: '主题', value_type: '文件类型', value_tag: '标签', value_issuer: '发文机关',
  value_keyword: '关键词', channel: '接收方式', frequency: '接收频率',
};

/** The form has one value field per criterion (it works without script); the chosen criterion says which one counts. */
export function subscriptionFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const criterion = typeof body.criterion === 'string' ? body.criterion : '';
  const own = body[`value_${criterion}`];
  return { ...body, value: typeof own === 'string' ? own : typeof body.value === 'string' ? body.value : '' };
}

/** Errors about `value` belong next to the field of the chosen criterion. */
export function placeValueError(errors: Record<string, string>, criterion: unknown): Record<string, string> {
  if (!errors.value || typeof criterion !== 'string' || !(criterionCodes as string[]).includes(criterion)) return errors;
  const { value, ...rest } = errors;
  return { ...rest, [`value_${criterion}`]: value };
}
