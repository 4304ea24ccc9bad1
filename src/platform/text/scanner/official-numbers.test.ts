import { describe, expect, it } from 'vitest';
import { cardWithWrongCheck } from './fixtures/generators.js';
import { isUnifiedSocialCreditCode, usccCheckChar } from './official-numbers.js';
import { scanText } from './scan.js';

describe('统一社会信用代码 check character (GB 32100)', () => {
  it.each([
    ['91350100M000100Y4', '3', 'the example of the standard'],
    ['91310000MA1K00000', '6', '企业'],
    ['12310000425012345', 'C', '事业单位'],
    ['11310000002425042', 'Q', '机关'],
    ['52310000123456789', '7', '社会团体, all digits'],
  ])('%s → %s (%s)', (first17, check) => {
    expect(usccCheckChar(first17)).toBe(check);
    expect(isUnifiedSocialCreditCode(first17 + check)).toBe(true);
  });

  it.each([
    ['91310000MA1K000001', 'wrong check character'],
    ['91310000MA1K00000I', 'I is not in the alphabet'],
    ['91310000ma1k000006', 'lower case'],
    ['9131000MA1K000006', '17 characters'],
    [withUsccCheck('91990000MA1K00000'), 'region 99xxxx is no province'],
  ])('rejects %s (%s)', (code) => {
    expect(isUnifiedSocialCreditCode(code)).toBe(false);
  });
});

function withUsccCheck(first17: string): string {
  return first17 + usccCheckChar(first17);
}

/*
 * Official numbers are not personal data: none of these may produce any finding. Each row
 * also runs embedded in a sentence, full width and at the start of a line.
 */
const NOT_PERSONAL_DATA: readonly [string, string][] = [
  ['文号', '沪规划资源规〔2024〕3号'],
  ['文号', '沪府办发〔2023〕12号'],
  ['文号', '国办发〔2019〕50号'],
  ['文号', '沪规划资源施〔2024〕123号'],
  ['文号', '国务院令第711号'],
  ['索引号', '310000-002-2024-00123'],
  ['索引号', '000014349/2024-00047'],
  ['索引号', '11310000002425042Q/2024-00001'],
  ['索引号', 'SY2024050800012'],
  ['date', '2024年5月8日'],
  ['date', '2024-05-08'],
  ['date', '20240508'],
  ['date', '2024.05.08'],
  ['date', '2024/5/8 13:45'],
  ['timestamp', '20240508123045'],
  ['timestamp', '202405081230450001'],
  ['postcode', '200003'],
  ['postcode', '邮编：200003'],
  ['amount', '1,234,567.89元'],
  ['amount', '12345678元'],
  ['amount', '￥1,234,567.89'],
  ['amount', '合计13500000000元'],
  ['amount', '13500000000.00元'],
  ['amount', '13,500,000,000元'],
  ['amount', '135亿元'],
  ['landline', '021-23456789'],
  ['landline', '(021)23456789'],
  ['landline', '（021）23456789'],
  ['landline', '021 2345 6789'],
  ['landline', '021-63212345转8001'],
  ['landline', '+86-21-23456789'],
  ['landline', '86-21-23456789'],
  ['landline', '010-12345678'],
  ['hotline', '12345'],
  ['hotline', '市民服务热线12345'],
  ['hotline', '400-123-4567'],
  ['hotline', '4008-123-456'],
  ['hotline', '800-820-8820'],
  ['hotline', '95588'],
  ['统一社会信用代码', '91310000MA1K000006'],
  ['统一社会信用代码', '91310000MA1K000001'],
  ['统一社会信用代码', '12310000425012345C'],
  ['统一社会信用代码', '11310000002425042Q'],
  ['统一社会信用代码', '523100001234567897'],
  ['组织机构代码', '42501234-5'],
  ['standard', 'GB 11643-1999'],
  ['standard', 'GB/T 35273-2020'],
  ['宗地代码', '310115001001GB00001'],
  ['不动产权证号', '沪(2024)浦字不动产权第012345号'],
  ['plate', '沪A12345'],
  ['serial failing the ID check', '310101199003073218'],
  ['serial failing Luhn (16)', cardWithWrongCheck('6217', 16)],
  ['serial failing Luhn (19)', cardWithWrongCheck('622202', 19)],
  ['20-digit serial', '62220212345678901234'],
  ['15-digit serial', '310101900307321'],
  ['11-digit serial starting 12', '12345678901'],
];

describe('official numbers are not flagged', () => {
  it.each(NOT_PERSONAL_DATA)('%s: %s', (_kind, text) => {
    expect(scanText(text)).toEqual([]);
    expect(scanText(`根据${text}的规定，现予公布。`)).toEqual([]);
    expect(scanText(`${text}\n第二行`)).toEqual([]);
  });

  it.each(NOT_PERSONAL_DATA.filter(([, text]) => /^[\x21-\x7e ]+$/.test(text)))('%s, full width: %s', (_kind, text) => {
    const fullWidth = text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '　');
    expect(scanText(fullWidth)).toEqual([]);
  });

  it('does not flag a typical 政府信息公开 header', () => {
    const header = [
      '索引号：000014349/2024-00047',
      '主题分类：城乡建设、环境保护\\规划',
      '发文机关：上海市规划和自然资源局',
      '成文日期：2024年05月08日',
      '标题：关于印发《上海市国土空间规划管理规定》的通知',
      '发文字号：沪规划资源规〔2024〕3号',
      '发布日期：2024-05-08',
      '联系电话：021-23456789 邮编：200003',
      '统一社会信用代码：11310000002425042Q',
      '本项目总投资12345678元（1,234,567.89万元）。市民服务热线：12345。',
    ].join('\n');
    expect(scanText(header)).toEqual([]);
  });
});
