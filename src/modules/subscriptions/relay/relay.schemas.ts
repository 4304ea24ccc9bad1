import { z } from 'zod';
import { parseFaq } from './faq.js';
import { MAX_REACH, relayChannels, relayTypes, type RelayChannel, type RelayType } from './relay.vocabulary.js';

const text = (max: number, message: string) => z.string().default('').transform((v) => v.trim()).refine((v) => v.length <= max, message);
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const positiveId = (message: string) => z.string().default('').transform((v) => v.trim()).refine((v) => /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647, message).transform(Number);

export const memberApplySchema = z.object({
  relay_type: z.string().default('').refine((v) => Object.hasOwn(relayTypes, v), '请选择转发点类型').transform((v) => v as RelayType),
  area: text(60, '服务范围不超过 60 字').refine((v) => v.length > 0, '请填写服务范围，例如「浦东新区张江镇」或「本会 320 家会员企业」'),
  notes: text(500, '说明不超过 500 字'),
});
export const memberApplyLabels = { relay_type: '转发点类型', area: '服务范围', notes: '说明' };

export const memberDecisionSchema = z.object({
  member_id: positiveId('请选择转发点'),
  decision: z.enum(['approve', 'reject'], { error: '请选择通过或不通过' }),
  note: text(500, '意见不超过 500 字'),
}).superRefine((v, ctx) => {
  if (v.decision === 'reject' && v.note === '') ctx.addIssue({ code: 'custom', path: ['note'], message: '不通过时请写明理由，申请单位会看到' });
});

/** The package form. The FAQ textarea is parsed into pairs; its error names the line. */
export const packageSchema = z.object({
  document_id: positiveId('请选择政策文件'),
  title: text(120, '标题不超过 120 字').refine((v) => v.length >= 4, '请填写标题（至少 4 个字）'),
  interpretation_ids: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .refine((v) => v.every((s) => /^[1-9]\d{0,9}$/.test(s)), '请从列出的解读中选择')
    .transform((v) => [...new Set(v.map(Number))]),
  faq: z.string().default('').transform((v, ctx) => {
    const parsed = parseFaq(v);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.items;
  }),
  script: text(2000, '宣传口径不超过 2000 字').refine((v) => v.length >= 10, '请填写宣传口径（至少 10 个字）：转发时向群众怎么说'),
});
export const packageLabels = { document_id: '政策文件', title: '标题', interpretation_ids: '政策解读', faq: '常见问答', script: '宣传口径' };

/** A relay report; `today` and the package's publication date bound the date. */
export function reportSchema(today: string, publishedOn: string) {
  return z.object({
    package_id: positiveId('请选择政策知识点'),
    relayed_on: text(10, '日期格式应为 YYYY-MM-DD')
      .refine((v) => v.length > 0, '请填写转发日期')
      .refine(isDate, '日期格式应为 YYYY-MM-DD，例如 2026-11-20')
      .refine((v) => !isDate(v) || v <= today, '转发日期不能晚于今天')
      .refine((v) => !isDate(v) || v >= publishedOn, `转发日期不能早于发布日期（${publishedOn}）`),
    channel: z.string().default('').refine((v) => Object.hasOwn(relayChannels, v), '请选择转发渠道').transform((v) => v as RelayChannel),
    reach: z
      .string()
      .default('')
      .transform((v) => v.trim().replace(/[,，]/g, ''))
      .refine((v) => v.length > 0, '请填写覆盖人数')
      .refine((v) => /^\d+$/.test(v), '覆盖人数应为整数，例如 120')
      .transform(Number)
      .refine((v) => v >= 1, '覆盖人数至少为 1')
      .refine((v) => v <= MAX_REACH, `覆盖人数不超过 ${MAX_REACH.toLocaleString('zh-CN')}，请核对`),
    note: text(500, '备注不超过 500 字'),
  });
}
export const reportLabels = { package_id: '政策知识点', relayed_on: '转发日期', channel: '转发渠道', reach: '覆盖人数', note: '备注' };
