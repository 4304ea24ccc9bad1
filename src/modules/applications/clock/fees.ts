import { CalendarInputError } from '../../../platform/calendar/plain-date.js';
import { wd } from './clock.types.js';

/*
 * 信息处理费 (国办函〔2020〕109号). Per application one method is chosen, never both:
 * - 按件计收: counted per applicant per calendar month; the fee of the n-th application is
 *   0 up to perCaseFreeUpTo, perCaseBase until perCaseBandStart, then perCaseBase +
 *   perCaseBandStep for each started band of perCaseBandSize (31–40: 200, 41–50: 300 …);
 * - 按量计收: by pages, progressive — each band's rate applies only to the pages inside it.
 * Amounts are whole 元. The rules are data so a change of the standard is a setting.
 */

export interface FeeRules {
  perCaseFreeUpTo: number;
  /** 元 per application from perCaseFreeUpTo + 1 to perCaseBandStart − 1. */
  perCaseBase: number;
  perCaseBandStart: number;
  perCaseBandSize: number;
  /** 元 more per application for each further band. */
  perCaseBandStep: number;
  /** Ascending; upTo is the band's last page, null for the open last band. */
  pageBands: { upTo: number | null; yuanPerPage: number }[];
}

export const defaultFeeRules: FeeRules = Object.freeze({
  perCaseFreeUpTo: 10,
  perCaseBase: 100,
  perCaseBandStart: 31,
  perCaseBandSize: 10,
  perCaseBandStep: 100,
  pageBands: [
    { upTo: 30, yuanPerPage: 0 },
    { upTo: 100, yuanPerPage: 10 },
    { upTo: 200, yuanPerPage: 20 },
    { upTo: null, yuanPerPage: 40 },
  ],
});

export const FEE_BASIS = '《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）';

export interface PageBandAmount {
  from: number;
  to: number;
  yuanPerPage: number;
  amount: number;
}

function assertCount(value: unknown, name: string, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new CalendarInputError(`${name}应为不小于 ${min} 的整数，收到 ${JSON.stringify(value)}`);
  }
}

export function assertFeeRules(rules: FeeRules): void {
  assertCount(rules.perCaseFreeUpTo, '免费件数', 0);
  assertCount(rules.perCaseBase, '按件基础收费', 0);
  assertCount(rules.perCaseBandStart, '分档起始件数', rules.perCaseFreeUpTo + 1);
  assertCount(rules.perCaseBandSize, '每档件数', 1);
  assertCount(rules.perCaseBandStep, '每档加收', 0);
  let previous = 0;
  rules.pageBands.forEach((band, i) => {
    assertCount(band.yuanPerPage, '每页收费', 0);
    const last = i === rules.pageBands.length - 1;
    if (band.upTo === null) {
      if (!last) throw new CalendarInputError('按量计收：只有最后一档可以不设上限');
      return;
    }
    assertCount(band.upTo, '分档页数上限', previous + 1);
    previous = band.upTo;
  });
  if (rules.pageBands.at(-1)?.upTo !== null) throw new CalendarInputError('按量计收：最后一档必须不设上限');
}

/** The per-case band of the n-th application: its range of n (to null = open) and fee. */
export function countBand(n: number, rules: FeeRules = defaultFeeRules): { from: number; to: number | null; yuan: number } {
  assertCount(n, '本月申请序号', 1);
  assertFeeRules(rules);
  if (n <= rules.perCaseFreeUpTo) return { from: 1, to: rules.perCaseFreeUpTo, yuan: 0 };
  if (n < rules.perCaseBandStart) return { from: rules.perCaseFreeUpTo + 1, to: rules.perCaseBandStart - 1, yuan: rules.perCaseBase };
  const band = Math.floor((n - rules.perCaseBandStart) / rules.perCaseBandSize);
  const from = rules.perCaseBandStart + band * rules.perCaseBandSize;
  return { from, to: from + rules.perCaseBandSize - 1, yuan: rules.perCaseBase + (band + 1) * rules.perCaseBandStep };
}

/** The fee of THIS application, the n-th of its applicant in this calendar month (按件). */
export function feeByCount(nthApplicationThisMonth: number, rules: FeeRules = defaultFeeRules): number {
  return countBand(nthApplicationThisMonth, rules).yuan;
}

/** The fee by pages (按量), band by band; bands with no pages are left out. */
export function feeByPages(pages: number, rules: FeeRules = defaultFeeRules): { total: number; bands: PageBandAmount[] } {
  assertCount(pages, '页数', 0);
  assertFeeRules(rules);
  const bands: PageBandAmount[] = [];
  let below = 0;
  for (const band of rules.pageBands) {
    if (pages <= below) break;
    const to = band.upTo === null ? pages : Math.min(pages, band.upTo);
    bands.push({ from: below + 1, to, yuanPerPage: band.yuanPerPage, amount: (to - below) * band.yuanPerPage });
    below = band.upTo ?? pages;
  }
  return { total: bands.reduce((sum, b) => sum + b.amount, 0), bands };
}

export type FeeBasisInput = ({ method: 'count'; nthApplicationThisMonth: number } | { method: 'pages'; pages: number }) & {
  rules?: FeeRules;
  /** When given (and the amount is not zero), the payment period and its consequence are stated. */
  feePaymentDays?: number;
};

/** The fee notice's statement of basis, standard and amount (Chinese). */
export function feeBasisText(input: FeeBasisInput): string {
  const rules = input.rules ?? defaultFeeRules;
  let method: string;
  let detail: string;
  let amount: number;
  if (input.method === 'count') {
    const n = input.nthApplicationThisMonth;
    const band = countBand(n, rules);
    amount = band.yuan;
    method = `按件计收。收费标准：同一申请人一个自然月内累计申请 ${rules.perCaseFreeUpTo} 件以下（含 ${rules.perCaseFreeUpTo} 件）的，不收费；${rules.perCaseFreeUpTo + 1}—${rules.perCaseBandStart - 1} 件的部分，每件 ${rules.perCaseBase} 元；${rules.perCaseBandStart} 件以上的部分，以 ${rules.perCaseBandSize} 件为一档，每增加一档，收费标准提高 ${rules.perCaseBandStep} 元/件`;
    const range = band.to === null ? `第 ${band.from} 件以上` : `第 ${band.from}—${band.to} 件`;
    detail = `本申请为您本自然月内提交的第 ${n} 件政府信息公开申请，适用${range}的标准，${amount === 0 ? '不收费' : `每件 ${amount} 元`}`;
  } else {
    const result = feeByPages(input.pages, rules);
    amount = result.total;
    method = `按量计收。收费标准：${pageStandard(rules)}`;
    const parts = result.bands.map((b) =>
      b.yuanPerPage === 0 ? `第 ${b.from}—${b.to} 页免费` : `第 ${b.from}—${b.to} 页 ${b.to - b.from + 1} 页 × ${b.yuanPerPage} 元 = ${b.amount} 元`,
    );
    detail = `本申请所需提供的政府信息共 ${input.pages} 页${parts.length ? `：${parts.join('；')}` : ''}`;
  }
  const lines = [`收费依据：${FEE_BASIS}。`, `计收方式：${method}（按件、按量二者择一，本申请不重复计收）。`, `计算：${detail}。`, `应缴金额：${amount} 元。`];
  if (input.feePaymentDays !== undefined && amount > 0) {
    assertCount(input.feePaymentDays, '缴费期限', 1);
    lines.push(`请自收到本通知之日的次日起 ${wd(input.feePaymentDays)}内缴纳；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。`);
  }
  return lines.join('\n');
}

function pageStandard(rules: FeeRules): string {
  let below = 0;
  const parts = rules.pageBands.map((band) => {
    const rate = band.yuanPerPage === 0 ? '不收费' : `每页 ${band.yuanPerPage} 元`;
    const text =
      band.upTo === null ? `${below} 页以上的部分，${rate}` : below === 0 ? `${band.upTo} 页以下（含 ${band.upTo} 页）的，${rate}` : `${below + 1}—${band.upTo} 页（含 ${band.upTo} 页）的部分，${rate}`;
    below = band.upTo ?? below;
    return text;
  });
  return parts.join('；');
}
