import { describe, expect, it } from 'vitest';
import { cardNumber, idNumber } from './fixtures/generators.js';
import { scanText } from './scan.js';

const now = new Date('2025-06-01T00:00:00Z');
const card = cardNumber('622202', 19);

const DOCUMENT = [
  '机密★1年',
  '关于2024年度保障性住房配租结果的公示',
  '序号 姓名 身份证号 联系电话 收款账号',
  `1 张三 31010119900307321X 138-1234-8000 ${card}`,
  '2 李四 ４４０３０４１９８５１０１０１２３２ +86 139 1234 5678 zhang.san@example.com',
  '联系电话：021-23456789，邮编：200003，文号：沪规划资源规〔2024〕3号。',
].join('\n');

describe('scanText', () => {
  const findings = scanText(DOCUMENT, { now, terms: ['张三', '配租'] });

  it('finds every kind of sensitive data in a 公示 with their offsets', () => {
    expect(findings.map((f) => [f.type, f.text])).toEqual([
      ['secret_mark', '机密★1年'],
      ['sensitive_term', '配租'],
      ['sensitive_term', '张三'],
      ['id_card', '31010119900307321X'],
      ['mobile', '138-1234-8000'],
      ['bank_card', card],
      ['id_card', '４４０３０４１９８５１０１０１２３２'],
      ['mobile', '+86 139 1234 5678'],
      ['email', 'zhang.san@example.com'],
    ]);
    for (const f of findings) expect(DOCUMENT.slice(f.start, f.end)).toBe(f.text);
  });

  it('returns findings sorted by start and never overlapping', () => {
    for (let i = 1; i < findings.length; i++) expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
  });

  it('gives each finding exactly the five JSON fields', () => {
    for (const f of findings) expect(Object.keys(f)).toEqual(['type', 'start', 'end', 'text', 'masked']);
  });

  it('finds nothing in empty or harmless text', () => {
    expect(scanText('')).toEqual([]);
    expect(scanText('关于印发《上海市控制性详细规划技术准则》的通知')).toEqual([]);
  });

  it('lets the longer span win: an e-mail address over the mobile inside it', () => {
    expect(scanText('13812348000@163.com').map((f) => f.type)).toEqual(['email']);
  });

  it('lets the longer span win: a secret marking over a term inside it', () => {
    expect(scanText('机密★1年', { terms: ['机密'] }).map((f) => [f.type, f.text])).toEqual([['secret_mark', '机密★1年']]);
  });

  it('lets a longer term win over a shorter personal-data match', () => {
    expect(scanText('项目编号13812348000号', { terms: ['项目编号13812348000号'] }).map((f) => f.type)).toEqual(['sensitive_term']);
  });

  it('keeps a term that sits next to a finding', () => {
    expect(scanText('张三13812348000', { terms: ['张三'] }).map((f) => f.type)).toEqual(['sensitive_term', 'mobile']);
  });

  it('uses UTF-16 offsets after emoji, supplementary ideographs and full-width digits', () => {
    const text = '🇨🇳𠀀１２ 13812348000';
    expect(scanText(text)).toEqual([{ type: 'mobile', start: 9, end: 20, text: '13812348000', masked: '138****8000' }]);
  });

  it('checks birth dates against the given clock', () => {
    const id = idNumber('31010120250601001');
    expect(scanText(id, { now: new Date('2025-06-01T00:00:00Z') }).map((f) => f.type)).toEqual(['id_card']);
    expect(scanText(id, { now: new Date('2025-05-31T00:00:00Z') }).filter((f) => f.type === 'id_card')).toEqual([]);
  });

  it('scans a large 公示 list quickly', () => {
    const row = '张三\t31010119900307321X\t13812348000\t上海市浦东新区某某路100号\n';
    const text = row.repeat(20_000);
    const started = performance.now();
    const found = scanText(text, { terms: ['某某'] });
    expect(found).toHaveLength(60_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
