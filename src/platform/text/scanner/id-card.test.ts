import { describe, expect, it } from 'vitest';
import { isLuhnValid } from './bank-card.js';
import { chinaDateKey, idCheckChar, isValidIdNumber } from './id-card.js';
import { scanText } from './scan.js';

const now = new Date('2025-06-01T04:00:00Z');
const ids = (text: string) => scanText(text, { now }).filter((f) => f.type === 'id_card');
const only = (text: string) => scanText(text, { now }).map(({ type, text: found }) => ({ type, text: found }));

describe('GB 11643 check character', () => {
  it.each([
    ['31010119900307321', 'X'],
    ['11010519491231002', 'X'],
    ['44030419851010123', '2'],
    ['32010619720229001', '9'],
    ['11010119000101001', '4'],
    ['51012219880808888', '6'],
  ])('%s → %s', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
  });

  it('rejects anything but 17 digits', () => {
    expect(() => idCheckChar('1234')).toThrow(RangeError);
    expect(() => idCheckChar('3101011990030732X')).toThrow(RangeError);
  });
});

describe('isValidIdNumber', () => {
  const today = '20250601';
  it.each([
    ['31010119900307321', 'Shanghai 1990'],
    ['11010519491231002', 'Beijing 1949'],
    ['44030419851010123', 'Shenzhen 1985'],
    ['32010619720229001', '1972-02-29, a leap day'],
    ['11010119000101001', '1900-01-01, the earliest plausible day'],
    ['81000020000229001', 'region code starting with 8, 2000-02-29'],
  ])('accepts %s + check character (%s)', (first17) => {
    expect(isValidIdNumber(withCheck(first17), today)).toBe(true);
  });

  it('accepts a lower-case x check character', () => {
    expect(isValidIdNumber('31010119900307321x', today)).toBe(true);
  });

  it.each([
    ['91010119900307321', 'region code starting with 9'],
    ['01010119900307321', 'region code starting with 0'],
    ['31010118991231001', 'born before 1900'],
    ['31010120250602001', 'born after today'],
    ['31010119900230001', 'February 30'],
    ['31010119901301001', 'month 13'],
    ['31010119900010001', 'month 00'],
    ['31010119900100001', 'day 00'],
    ['31010119000229001', '1900 was not a leap year'],
  ])('rejects %s + check character (%s) even with the right check character', (first17) => {
    expect(isValidIdNumber(withCheck(first17), today)).toBe(false);
  });

  it.each([
    ['310101199003073218', 'wrong check digit (the example in the issue)'],
    ['31010119900307321Y', 'check character neither digit nor X'],
    ['31010119900307321', '17 characters'],
    ['31010119900307321XX', '19 characters'],
    ['３１０１０１１９９００３０７３２１Ｘ', 'full width (the scanner normalizes first)'],
  ])('rejects %s (%s)', (id) => {
    expect(isValidIdNumber(id, today)).toBe(false);
  });

  it('accepts a birth date of today and rejects tomorrow', () => {
    const todays = '31010120250601001';
    expect(isValidIdNumber(todays + idCheckChar(todays), '20250601')).toBe(true);
    const tomorrows = '31010120250602001';
    expect(isValidIdNumber(tomorrows + idCheckChar(tomorrows), '20250601')).toBe(false);
  });

  it('takes today in China Standard Time', () => {
    expect(chinaDateKey(new Date('2025-06-01T15:59:59Z'))).toBe('20250601');
    expect(chinaDateKey(new Date('2025-06-01T16:00:00Z'))).toBe('20250602');
  });
});

describe('id_card findings', () => {
  it.each([
    ['身份证号：31010119900307321X。', '31010119900307321X'],
    ['身份证号31010119900307321x', '31010119900307321x'],
    ['440304198510101232', '440304198510101232'],
    ['（440304198510101232）', '440304198510101232'],
    ['ID:440304198510101232;', '440304198510101232'],
    ['ID440304198510101232', '440304198510101232'],
    ['张三 310101 19900307 321X 男', '310101 19900307 321X'],
    ['公民身份号码440304198510101232，住址', '440304198510101232'],
    ['证件号码 ４４０３０４１９８５１０１０１２３２', '４４０３０４１９８５１０１０１２３２'],
    ['证件号码 ３１０１０１１９９００３０７３２１Ｘ', '３１０１０１１９９００３０７３２１Ｘ'],
    ['证件号码 ３１０１０１１９９００３０７３２１ｘ', '３１０１０１１９９００３０７３２１ｘ'],
    ['混写 4403041985１０１０１２３２', '4403041985１０１０１２３２'],
    ['440304198510101232万明（a name, not 万元）', '440304198510101232'],
    ['440304198510101232元芳', '440304198510101232'],
  ])('finds the number in %s', (text, expected) => {
    expect(ids(text).map((f) => f.text)).toEqual([expected]);
  });

  it.each([
    ['wrong check digit', '310101199003073218'],
    ['inside a longer digit run (before)', '1440304198510101232'],
    ['inside a longer digit run (after)', '4403041985101012321'],
    ['after a decimal point', '0.440304198510101232'],
    ['followed by a decimal part', '440304198510101232.5'],
    ['mixed separators', '440304 198510101232'],
    ['grouped with dashes', '440304-19851010-1232'],
    ['a 15-digit first-generation number (not detected, documented)', '310101900307321'],
    ['17 digits', '44030419851010123'],
    ['region code 9xxxxx that passes the checksum', withCheck('91010119900307321')],
  ])('does not flag: %s', (_label, text) => {
    expect(ids(text)).toEqual([]);
  });

  it('finds several numbers in a 公示 list with their offsets', () => {
    const text = '序号\t姓名\t身份证号\n1\t张三\t31010119900307321X\n2\t李四\t440304198510101232\n';
    const found = ids(text);
    expect(found.map((f) => [f.start, f.end])).toEqual([
      [text.indexOf('3101'), text.indexOf('3101') + 18],
      [text.indexOf('4403'), text.indexOf('4403') + 18],
    ]);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it('finds a full-width number with offsets into the original text', () => {
    // 😀 is two code units: 2 + 9 characters before the number.
    const text = '😀姓名：张三，证件：３１０１０１１９９００３０７３２１Ｘ。';
    const [found] = ids(text);
    expect(found).toMatchObject({ start: 11, end: 29, text: '３１０１０１１９９００３０７３２１Ｘ', masked: '３１０１**********３２１Ｘ' });
  });

  it('is an id_card, not a bank_card, when the number is also Luhn-valid', () => {
    const text = luhnValidId();
    expect(only(text)).toEqual([{ type: 'id_card', text }]);
  });
});

function withCheck(first17: string): string {
  return first17 + idCheckChar(first17);
}

/** An identity number starting with 4 (a Visa BIN) that is also Luhn-valid. */
function luhnValidId(): string {
  for (let sequence = 0; sequence < 1000; sequence++) {
    const id = withCheck(`44030419851010${String(sequence).padStart(3, '0')}`);
    if (isLuhnValid(id)) return id;
  }
  throw new Error('no Luhn-valid ID found');
}
