import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';

const mobiles = (text: string) => scanText(text).filter((f) => f.type === 'mobile');

describe('mobile findings', () => {
  it.each([
    ['联系电话：13812348000', '13812348000', '138****8000'],
    ['手机 138 1234 8000。', '138 1234 8000', '138 **** 8000'],
    ['手机 138-1234-8000', '138-1234-8000', '138-****-8000'],
    ['+8613812348000', '+8613812348000', '+86138****8000'],
    ['+86 138 1234 8000', '+86 138 1234 8000', '+86 138 **** 8000'],
    ['+86-138-1234-8000', '+86-138-1234-8000', '+86-138-****-8000'],
    ['8613812348000', '8613812348000', '86138****8000'],
    ['86 13812348000', '86 13812348000', '86 138****8000'],
    ['(+86)13812348000', '(+86)13812348000', '(+86)138****8000'],
    ['（+86）13812348000', '（+86）13812348000', '（+86）138****8000'],
    ['(86) 138-1234-8000', '(86) 138-1234-8000', '(86) 138-****-8000'],
    ['Tel:19912345678;', '19912345678', '199****5678'],
    ['电话１３８１２３４８０００', '１３８１２３４８０００', '１３８****８０００'],
    ['电话１３８－１２３４－８０００', '１３８－１２３４－８０００', '１３８－****－８０００'],
    ['电话 138　1234　8000', '138　1234　8000', '138　****　8000'],
    ['末尾13012345678', '13012345678', '130****5678'],
    ['17012345678.', '17012345678', '170****5678'],
  ])('%s → %s', (text, expected, masked) => {
    expect(mobiles(text).map((f) => [f.text, f.masked])).toEqual([[expected, masked]]);
  });

  it.each([
    ['second digit 2', '12812348000'],
    ['second digit 1', '11012345678'],
    ['10 digits', '1381234800'],
    ['12 digits', '138123480001'],
    ['inside a longer digit run', '2013812348000'],
    ['mixed separators', '138-1234 8000'],
    ['grouped 4-4-3', '1381 2348 000'],
    ['double separator', '138--1234--8000'],
    ['an amount in yuan', '13500000000元'],
    ['an amount in 万元', '13500000000 万元'],
    ['an amount with a currency sign', '¥13500000000'],
    ['a decimal number', '13812348000.25'],
    ['the integer part of a decimal', '0.13812348000'],
    ['a Shanghai landline', '021-23456789'],
    ['a landline in brackets', '(021)23456789'],
    ['a landline with spaces', '021 2345 6789'],
    ['a 5-digit hotline', '12345'],
    ['a 400 number', '400-123-4567'],
    ['a date-time serial', '20240508135959'],
  ])('does not flag: %s (%s)', (_label, text) => {
    expect(mobiles(text)).toEqual([]);
  });

  it('keeps offsets after surrogate pairs', () => {
    const text = '👍🏽电话13812348000';
    expect(mobiles(text)[0]).toMatchObject({ start: 6, end: 17, text: '13812348000' });
  });

  it('finds two numbers separated by a slash or a comma', () => {
    expect(mobiles('13812348000/13912348000，15012345678').map((f) => f.text)).toEqual(['13812348000', '13912348000', '15012345678']);
  });
});
