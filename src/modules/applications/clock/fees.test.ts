import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarInputError } from '../../../platform/calendar/plain-date.js';
import { defaultFeeRules, feeBasisText, feeByCount, feeByPages, type FeeRules } from './fees.js';

// 国办函〔2020〕109号 按件计收, written out by hand for n = 1…60.
const COUNT_TABLE: [from: number, to: number, yuan: number][] = [
  [1, 10, 0],
  [11, 30, 100],
  [31, 40, 200],
  [41, 50, 300],
  [51, 60, 400],
];
const rateOfPage = (page: number) => (page <= 30 ? 0 : page <= 100 ? 10 : page <= 200 ? 20 : 40);

describe('feeByCount (按件)', () => {
  it('matches the table for n = 1…60', () => {
    for (const [from, to, yuan] of COUNT_TABLE) for (let n = from; n <= to; n++) expect(feeByCount(n), `n=${n}`).toBe(yuan);
  });

  it('continues by bands of 10 and never decreases', () => {
    expect(feeByCount(61)).toBe(500);
    expect(feeByCount(100)).toBe(800);
    fc.assert(fc.property(fc.integer({ min: 1, max: 5000 }), (n) => {
      expect(feeByCount(n + 1)).toBeGreaterThanOrEqual(feeByCount(n));
    }));
  });

  it('rejects non-positive or fractional ordinals', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => feeByCount(bad), String(bad)).toThrow(CalendarInputError);
  });

  it('follows the rules given', () => {
    const rules: FeeRules = { ...defaultFeeRules, perCaseFreeUpTo: 5, perCaseBase: 50, perCaseBandStart: 21, perCaseBandSize: 5, perCaseBandStep: 50 };
    expect([5, 6, 20, 21, 25, 26].map((n) => feeByCount(n, rules))).toEqual([0, 50, 50, 100, 100, 150]);
  });
});

describe('feeByPages (按量, progressive)', () => {
  it('worked examples', () => {
    expect(feeByPages(0)).toEqual({ total: 0, bands: [] });
    expect(feeByPages(30)).toEqual({ total: 0, bands: [{ from: 1, to: 30, yuanPerPage: 0, amount: 0 }] });
    expect(feeByPages(31).total).toBe(10);
    expect(feeByPages(100).total).toBe(700);
    expect(feeByPages(150)).toEqual({
      total: 1700,
      bands: [
        { from: 1, to: 30, yuanPerPage: 0, amount: 0 },
        { from: 31, to: 100, yuanPerPage: 10, amount: 700 },
        { from: 101, to: 150, yuanPerPage: 20, amount: 1000 },
      ],
    });
    expect(feeByPages(250).total).toBe(700 + 2000 + 2000);
  });

  it('bands are contiguous, sum to the total and equal the page-by-page sum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), (pages) => {
        const { total, bands } = feeByPages(pages);
        expect(bands.reduce((s, b) => s + b.amount, 0)).toBe(total);
        expect(bands.reduce((s, b) => s + (b.to - b.from + 1), 0)).toBe(pages);
        bands.forEach((b, i) => {
          expect(b.from).toBe(i === 0 ? 1 : (bands[i - 1]?.to ?? 0) + 1);
          expect(b.amount).toBe((b.to - b.from + 1) * b.yuanPerPage);
        });
        let naive = 0;
        for (let p = 1; p <= pages; p++) naive += rateOfPage(p);
        expect(total).toBe(naive);
      }),
    );
  });

  it('is monotonic in pages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(feeByPages(lo).total).toBeLessThanOrEqual(feeByPages(hi).total);
      }),
    );
  });

  it('rejects bad page counts and bad rules', () => {
    expect(() => feeByPages(-1)).toThrow(CalendarInputError);
    expect(() => feeByPages(2.5)).toThrow(CalendarInputError);
    expect(() => feeByPages(10, { ...defaultFeeRules, pageBands: [{ upTo: 30, yuanPerPage: 0 }] })).toThrow(/最后一档/);
    expect(() => feeByPages(10, { ...defaultFeeRules, pageBands: [{ upTo: 30, yuanPerPage: 0 }, { upTo: 20, yuanPerPage: 1 }, { upTo: null, yuanPerPage: 2 }] })).toThrow(CalendarInputError);
  });
});

describe('feeBasisText', () => {
  it('states basis, standard, computation and amount for 按件', () => {
    const text = feeBasisText({ method: 'count', nthApplicationThisMonth: 35, feePaymentDays: 20 });
    expect(text).toContain('国办函〔2020〕109号');
    expect(text).toContain('按件计收');
    expect(text).toContain('10 件以下（含 10 件）的，不收费；11—30 件的部分，每件 100 元');
    expect(text).toContain('第 35 件政府信息公开申请，适用第 31—40 件的标准，每件 200 元');
    expect(text).toContain('应缴金额：200 元。');
    expect(text).toContain('次日起 20 个工作日内缴纳；逾期未缴纳的，视为放弃申请');
  });

  it('states the bands for 按量', () => {
    const text = feeBasisText({ method: 'pages', pages: 150 });
    expect(text).toContain('按量计收');
    expect(text).toContain('30 页以下（含 30 页）的，不收费；31—100 页（含 100 页）的部分，每页 10 元；101—200 页（含 200 页）的部分，每页 20 元；200 页以上的部分，每页 40 元');
    expect(text).toContain('第 1—30 页免费；第 31—100 页 70 页 × 10 元 = 700 元；第 101—150 页 50 页 × 20 元 = 1000 元');
    expect(text).toContain('应缴金额：1700 元。');
    expect(text).not.toContain('缴纳；');
  });

  it('a free application says so and asks for no payment', () => {
    const text = feeBasisText({ method: 'count', nthApplicationThisMonth: 3, feePaymentDays: 20 });
    expect(text).toContain('不收费');
    expect(text).toContain('应缴金额：0 元。');
    expect(text).not.toContain('视为放弃申请');
  });
});
