import { z } from 'zod';

/** The expert rubric for interpretation quality (B3): each criterion scored 1–5. */
export const rubric = {
  accuracy: { label: '准确性', hint: '与政策原文一致，无错漏、无曲解' },
  clarity: { label: '通俗性', hint: '语言通俗易懂，群众和企业看得懂' },
  completeness: { label: '完整性', hint: '覆盖背景依据、主要内容、适用对象、办理方式等要点' },
  timeliness: { label: '及时性', hint: '与政策同步发布，关切集中时及时跟踪解读' },
  variety: { label: '形式多样性', hint: '图解、问答、视频等形式运用得当' },
} as const;
export type Criterion = keyof typeof rubric;
export const criteria = Object.keys(rubric) as Criterion[];
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

const score = (label: string) =>
  z
    .string({ error: `请为“${label}”打分（${SCORE_MIN}–${SCORE_MAX} 分）` })
    .trim()
    .regex(new RegExp(`^[${SCORE_MIN}-${SCORE_MAX}]$`), `请为“${label}”打分（${SCORE_MIN}–${SCORE_MAX} 分的整数）`)
    .transform(Number);

export const scoreSchema = z.object({
  accuracy: score(rubric.accuracy.label),
  clarity: score(rubric.clarity.label),
  completeness: score(rubric.completeness.label),
  timeliness: score(rubric.timeliness.label),
  variety: score(rubric.variety.label),
  comment: z.string().trim().max(1000, '评语不超过 1000 字').optional().transform((v) => v ?? ''),
});
export type ScoreInput = z.output<typeof scoreSchema>;

export const scoreLabels: Record<string, string> = { ...Object.fromEntries(criteria.map((c) => [c, rubric[c].label])), comment: '评语' };
