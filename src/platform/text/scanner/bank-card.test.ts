import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit } from './bank-card.js';
import { cardNumber, cardWithWrongCheck, toFullWidth } from './fixtures/generators.js';
import { isUnifiedSocialCreditCode, usccCheckChar } from './official-numbers.js';
import { scanText } from './scan.js';

const cards = (text: string) => scanText(text).filter((f) => f.type === 'bank_card');
const group = (digits: string, separator: string) => digits.replace(/(\d{4})(?=\d)/g, `$1${separator}`);

describe('Luhn', () => {
  it.each([
    ['4111111111111111', true],
    ['5500005555555559', true],
    ['6222021234567890128', true],
    ['3566002020360505', true],
    ['4111111111111112', false],
    ['', false],
    ['4111 1111 1111 1111', false],
  ])('%s → %s', (digits, valid) => {
    expect(isLuhnValid(digits)).toBe(valid);
  });

  it('computes check digits', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('622202123456789012')).toBe('8');
  });
});

describe('bank_card findings', () => {
  const unionPay19 = cardNumber('622202', 19);
  const unionPay16 = cardNumber('6217', 16);
  const visa = '4111111111111111';
  const mastercard = '5500005555555559';
  const jcb = '3566002020360505';

  it.each([
    ['UnionPay 19 digits', `卡号：${unionPay19}。`, unionPay19],
    ['UnionPay 16 digits', `账号${unionPay16}`, unionPay16],
    ['Visa', `Visa ${visa}`, visa],
    ['Mastercard', mastercard, mastercard],
    ['JCB', jcb, jcb],
    ['17 digits', cardNumber('62', 17), cardNumber('62', 17)],
    ['18 digits', cardNumber('62', 18), cardNumber('62', 18)],
    ['grouped with spaces, 16', `卡号 ${group(visa, ' ')} 户名`, group(visa, ' ')],
    ['grouped with dashes, 16', group(unionPay16, '-'), group(unionPay16, '-')],
    ['grouped with spaces, 19 (4-4-4-4-3)', group(unionPay19, ' '), group(unionPay19, ' ')],
    ['full-width digits', toFullWidth(unionPay19), toFullWidth(unionPay19)],
    ['full-width grouped', group(toFullWidth(visa), '　'), group(toFullWidth(visa), '　')],
  ])('%s', (_label, text, expected) => {
    expect(cards(text).map((f) => f.text)).toEqual([expected]);
  });

  it.each([
    ['fails Luhn (16)', cardWithWrongCheck('4111', 16)],
    ['fails Luhn (19)', cardWithWrongCheck('622202', 19)],
    ['15 digits', cardNumber('4', 15)],
    ['20 digits', cardNumber('62', 20)],
    ['BIN starting with 1', cardNumber('1', 16)],
    ['BIN starting with 2', cardNumber('2', 16)],
    ['BIN starting with 7', cardNumber('7', 16)],
    ['BIN starting with 9', cardNumber('9', 19)],
    ['BIN starting with 0', cardNumber('0', 16)],
    ['inside a longer digit run', `1${visa}`],
    ['followed by more digits', `${visa}0`],
    ['grouped, then a fifth group of four', `${group(visa, ' ')} 1234`],
    ['a digit group before it', `1234 ${group(visa, ' ')}`],
    ['mixed separators', '4111 1111-1111 1111'],
    ['groups of three', '411 111 111 111 111 1'],
    ['an amount', `${visa}元`],
    ['a decimal', `${visa}.00`],
  ])('does not flag: %s', (_label, text) => {
    expect(cards(text)).toEqual([]);
  });

  it('keeps only the last four digits and the separators when masked', () => {
    expect(cards(`卡号 ${group(visa, ' ')}`)[0]?.masked).toBe('**** **** **** 1111');
    expect(cards(unionPay19)[0]?.masked).toBe(`${'*'.repeat(15)}${unionPay19.slice(-4)}`);
  });

  it('does not flag an all-digit unified social credit code even when it is Luhn-valid', () => {
    const code = luhnValidDigitUscc();
    expect(isUnifiedSocialCreditCode(code)).toBe(true);
    expect(isLuhnValid(code)).toBe(true);
    expect(scanText(`统一社会信用代码：${code}`)).toEqual([]);
  });
});

/** An 18-digit 社会团体 code (51…) that is both a valid USCC and Luhn-valid. */
function luhnValidDigitUscc(): string {
  for (let serial = 100000000; serial < 100100000; serial++) {
    const first17 = `51310000${serial}`;
    const check = usccCheckChar(first17);
    if (/\d/.test(check) && isLuhnValid(first17 + check)) return first17 + check;
  }
  throw new Error('none found');
}
