import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLuhnValid } from './bank-card.js';
import type { FindingType } from './finding.js';
import { chineseTextArbitrary, toFullWidth, validIdArbitrary } from './fixtures/generators.js';
import { idCheckChar } from './id-card.js';
import { applyMasks } from './mask.js';
import { isUnifiedSocialCreditCode } from './official-numbers.js';
import { scanText } from './scan.js';

const now = new Date('2025-06-01T00:00:00Z');
const ofType = (text: string, type: FindingType) => scanText(text, { now }).filter((f) => f.type === type);

/** Anything at all: Chinese, digits (half and full width), separators, Latin, emoji, lone surrogates. */
const anyText = fc
  .array(
    fc.oneof(
      chineseTextArbitrary,
      fc.string({ unit: fc.constantFrom(...'0123456789０１２３４５６７８９ -+()Xx@.,★【】\n') }),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('机密★1年', '秘密', '内部资料', '@example.com', '+86 '),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('scanner properties', () => {
  it('finds any valid identity number inserted into Chinese text, at its offset', () => {
    fc.assert(
      fc.property(chineseTextArbitrary, validIdArbitrary, fc.boolean(), chineseTextArbitrary, (before, id, fullWidth, after) => {
        const written = fullWidth ? toFullWidth(id) : id;
        const found = ofType(before + written + after, 'id_card');
        expect(found).toEqual([expect.objectContaining({ start: before.length, end: before.length + 18, text: written })]);
      }),
    );
  });

  it('never reports an 18-character number with a wrong check character as an identity number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}$/), fc.constantFrom(...'0123456789X'), chineseTextArbitrary, (first17, check, around) => {
        fc.pre(idCheckChar(first17) !== check);
        expect(ofType(`${around}${first17}${check}${around}`, 'id_card')).toEqual([]);
      }),
    );
  });

  it('never reports random digit runs that fail Luhn as bank cards', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{16,19}$/), (digits) => {
        fc.pre(!isLuhnValid(digits));
        expect(ofType(`卡号${digits}`, 'bank_card')).toEqual([]);
      }),
    );
  });

  it('finds any Luhn-valid 16–19 digit UnionPay number (except one that is also a USCC)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^62[0-9]{13,16}$/), (body) => {
        const digits = [...'0123456789'].map((d) => body + d).find(isLuhnValid)!;
        fc.pre(!isUnifiedSocialCreditCode(digits));
        expect(ofType(`账号：${digits}。`, 'bank_card').map((f) => f.text)).toEqual([digits]);
      }),
    );
  });

  it('finds any mobile number, with or without separators', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9][0-9]{9}$/), fc.constantFrom('', ' ', '-'), chineseTextArbitrary, (digits, sep, before) => {
        const written = `${digits.slice(0, 3)}${sep}${digits.slice(3, 7)}${sep}${digits.slice(7)}`;
        expect(ofType(`${before}电话${written}`, 'mobile')).toEqual([
          expect.objectContaining({ start: before.length + 2, text: written, masked: `${digits.slice(0, 3)}${sep}****${sep}${digits.slice(7)}` }),
        ]);
      }),
    );
  });

  it('returns sorted, non-overlapping findings whose text is the slice at their offsets, for any text', () => {
    fc.assert(
      fc.property(anyText, fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), (text, terms) => {
        const findings = scanText(text, { now, terms });
        let cursor = 0;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(cursor);
          expect(f.end).toBeGreaterThan(f.start);
          expect(text.slice(f.start, f.end)).toBe(f.text);
          cursor = f.end;
        }
      }),
    );
  });

  it('applyMasks changes only the finding spans, and the masked text has no personal data left', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(chineseTextArbitrary, validIdArbitrary, fc.stringMatching(/^1[3-9][0-9]{9}$/), fc.constant('li.si@example.org')), { maxLength: 6 }),
        (parts) => {
          const text = parts.join('，');
          const findings = scanText(text, { now });
          const masked = applyMasks(text, findings);
          let rebuilt = '';
          let cursor = 0;
          for (const f of findings) {
            rebuilt += text.slice(cursor, f.start) + f.masked;
            cursor = f.end;
          }
          expect(masked).toBe(rebuilt + text.slice(cursor));
          expect(scanText(masked, { now }).filter((f) => f.type !== 'secret_mark')).toEqual([]);
        },
      ),
    );
  });
});
