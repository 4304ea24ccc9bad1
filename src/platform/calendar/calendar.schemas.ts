import { z } from 'zod';
import { isPlainDate, isWeekend, yearOf } from './plain-date.js';

export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2099;
export const DAY_NAME_MAX_LENGTH = 50;
export const YEAR_NOTE_MAX_LENGTH = 500;

export const plainDateSchema = z
  .string({ error: '请填写日期' })
  .trim()
  .refine(isPlainDate, { error: '日期格式不正确，应为 YYYY-MM-DD 形式的有效日期（如 2026-10-01）' })
  .refine((date) => yearOf(date) >= CALENDAR_MIN_YEAR && yearOf(date) <= CALENDAR_MAX_YEAR, {
    error: `日期须在 ${CALENDAR_MIN_YEAR} 年至 ${CALENDAR_MAX_YEAR} 年之间`,
  });

export const dayKindSchema = z.enum(['holiday', 'workday'], { error: '类型须为 holiday（放假）或 workday（调休上班）' });

export const dayNameSchema = z
  .string({ error: '请填写节日名称' })
  .trim()
  .min(1, { error: '节日名称不能为空' })
  .max(DAY_NAME_MAX_LENGTH, { error: `节日名称不能超过 ${DAY_NAME_MAX_LENGTH} 个字` });

/** Accepts numbers and form strings ("2027"). */
export const calendarYearSchema = z.coerce
  .number({ error: '年份须为数字' })
  .int({ error: '年份须为整数' })
  .min(CALENDAR_MIN_YEAR, { error: `年份不能早于 ${CALENDAR_MIN_YEAR}` })
  .max(CALENDAR_MAX_YEAR, { error: `年份不能晚于 ${CALENDAR_MAX_YEAR}` });

export const calendarDaySchema = z
  .object({ date: plainDateSchema, kind: dayKindSchema, name: dayNameSchema })
  // Monday–Friday are working days already: a "workday" row there would mean nothing.
  .refine((day) => day.kind !== 'workday' || !isPlainDate(day.date) || isWeekend(day.date), {
    error: '调休上班日须为周六或周日',
    path: ['date'],
  });

export const setDayInputSchema = calendarDaySchema;

export const removeDayInputSchema = z.object({ date: plainDateSchema });

export const addYearInputSchema = z
  .object({
    year: calendarYearSchema,
    note: z.string().trim().max(YEAR_NOTE_MAX_LENGTH, { error: `说明不能超过 ${YEAR_NOTE_MAX_LENGTH} 个字` }).default(''),
    days: z.array(calendarDaySchema).default([]),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.days.forEach((day, i) => {
      if (yearOf(day.date) !== input.year) {
        ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `${day.date} 不属于 ${input.year} 年` });
      }
      if (seen.has(day.date)) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: `${day.date} 重复录入` });
      seen.add(day.date);
    });
  });

export const publishYearInputSchema = z.object({ year: calendarYearSchema });

export type SetDayInput = z.input<typeof setDayInputSchema>;
export type RemoveDayInput = z.input<typeof removeDayInputSchema>;
export type AddYearInput = z.input<typeof addYearInputSchema>;
export type PublishYearInput = z.input<typeof publishYearInputSchema>;

export interface InputIssue {
  /** Dotted path of the offending field, e.g. "days.3.date"; empty for the whole input. */
  path: string;
  message: string;
}

export function toInputIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
