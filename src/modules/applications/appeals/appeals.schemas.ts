import { z } from 'zod';
import { appealKinds, appealOutcomes, type AppealKind, type AppealOutcome } from '../applications.vocabulary.js';

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const text = (max: number, message: string) => z.string().default('').transform((v) => v.trim()).refine((v) => v.length <= max, message);

/** The appeal form (行政复议 / 行政诉讼 record); `today` bounds the dates. */
export function appealSchema(today: string) {
  return z
    .object({
      number: text(40, '申请编号不超过 40 个字符').refine((v) => v.length > 0, '请填写政府信息公开申请的编号'),
      kind: z.string().default('').refine((v) => Object.hasOwn(appealKinds, v), '请选择类别').transform((v) => v as AppealKind),
      filed_on: text(10, '日期格式应为 YYYY-MM-DD').refine((v) => v.length > 0, '请填写提起日期').refine(isDate, '日期格式应为 YYYY-MM-DD，例如 2025-03-18').refine((v) => !isDate(v) || v <= today, '提起日期不能晚于今天'),
      outcome: z.string().default('').refine((v) => Object.hasOwn(appealOutcomes, v), '请选择结果').transform((v) => v as AppealOutcome),
      decided_on: text(10, '日期格式应为 YYYY-MM-DD').refine((v) => v === '' || isDate(v), '日期格式应为 YYYY-MM-DD，例如 2025-06-30').refine((v) => !isDate(v) || v <= today, '审结日期不能晚于今天'),
      note: text(2000, '备注不超过 2000 字'),
    })
    .superRefine((v, ctx) => {
      if (v.outcome !== 'pending' && v.decided_on === '') ctx.addIssue({ code: 'custom', path: ['decided_on'], message: '已审结的案件请填写审结日期' });
      if (v.outcome === 'pending' && v.decided_on !== '') ctx.addIssue({ code: 'custom', path: ['decided_on'], message: '尚未审结的案件不填写审结日期' });
      if (v.decided_on !== '' && isDate(v.decided_on) && isDate(v.filed_on) && v.decided_on < v.filed_on) {
        ctx.addIssue({ code: 'custom', path: ['decided_on'], message: '审结日期不能早于提起日期' });
      }
    });
}
export type AppealInputForm = z.output<ReturnType<typeof appealSchema>>;

export const appealLabels = { number: '申请编号', kind: '类别', filed_on: '提起日期', outcome: '结果', decided_on: '审结日期', note: '备注' };
