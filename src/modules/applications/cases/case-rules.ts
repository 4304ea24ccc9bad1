import { z } from 'zod';
import type { Queryable } from '../../../platform/db/database.js';
import { assertClockRules, defaultClockRules, type ClockRules } from '../clock/clock.types.js';
import { assertFeeRules, defaultFeeRules, type FeeRules } from '../clock/fees.js';

/*
 * The case-handling settings a bureau may change: the statutory durations (ClockRules, the
 * clock's own data) and the office's working habits (reminders, the 补正 period offered, the
 * case number). Stored as JSON under platform_settings key `applications.rules`; anything not
 * set there takes the default below. No duration is written anywhere else in this folder.
 */

export interface CaseRules {
  clock: ClockRules;
  /** 信息处理费 standards (国办函〔2020〕109号). */
  fees: FeeRules;
  /** Reminders to the handling department, in working days before the due date (0 = on the day). */
  reminderDays: number[];
  /** The queue marks a case amber when it is due within this many working days. */
  dueSoonDays: number;
  /** The period (working days from the notice) proposed for a 补正; staff may change it per case. */
  correctionPeriodDays: number;
  /** Case numbers: `${numberPrefix}〔2026〕00001号`. */
  numberPrefix: string;
  numberDigits: number;
}

export const defaultCaseRules: CaseRules = Object.freeze({
  clock: defaultClockRules,
  fees: defaultFeeRules,
  reminderDays: [5, 1],
  dueSoonDays: 5,
  correctionPeriodDays: 15,
  numberPrefix: '依申',
  numberDigits: 5,
});

export const CASE_RULES_KEY = 'applications.rules';

const days = z.number().int().min(0).max(1000);
const storedRules = z
  .object({
    clock: z.record(z.string(), z.unknown()).optional(),
    fees: z.record(z.string(), z.unknown()).optional(),
    reminderDays: z.array(days).max(10).optional(),
    dueSoonDays: days.optional(),
    correctionPeriodDays: days.min(1).optional(),
    numberPrefix: z.string().min(1).max(10).optional(),
    numberDigits: z.number().int().min(1).max(10).optional(),
  })
  .strict();

/** Merges stored settings over the defaults; refuses (throws, Chinese) settings that make no sense. */
export function mergeCaseRules(stored: unknown): CaseRules {
  const parsed = storedRules.safeParse(stored ?? {});
  if (!parsed.success) throw new Error(`依申请公开设置（${CASE_RULES_KEY}）有误：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  const { clock, fees, ...rest } = parsed.data;
  const rules: CaseRules = {
    ...defaultCaseRules,
    ...rest,
    clock: { ...defaultClockRules, ...(clock as Partial<ClockRules> | undefined) },
    fees: { ...defaultFeeRules, ...(fees as Partial<FeeRules> | undefined) },
  };
  assertClockRules(rules.clock);
  assertFeeRules(rules.fees);
  rules.reminderDays = [...new Set(rules.reminderDays)].sort((a, b) => b - a);
  return rules;
}

export async function loadCaseRules(db: Queryable): Promise<CaseRules> {
  const row = await db.selectFrom('platform_settings').select('value').where('key', '=', CASE_RULES_KEY).executeTakeFirst();
  return mergeCaseRules(row ? (JSON.parse(row.value) as unknown) : {});
}

/** 依申〔2026〕00001号 */
export function formatCaseNumber(rules: CaseRules, year: number, sequence: number): string {
  return `${rules.numberPrefix}〔${year}〕${String(sequence).padStart(rules.numberDigits, '0')}号`;
}

/** Today's date in Beijing (China keeps UTC+8 all year). */
export const todayInShanghai = (now: Date = new Date()): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
