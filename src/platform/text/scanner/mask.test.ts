import { describe, expect, it } from 'vitest';
import type { Finding, FindingType } from './finding.js';
import { applyMasks, maskFinding } from './mask.js';
import { scanText } from './scan.js';

const mask = (type: FindingType, text: string) => maskFinding({ type, text });

describe('maskFinding', () => {
  it.each([
    ['id_card', '31010119900307321X', '3101**********321X'],
    ['id_card', '31010119900307321x', '3101**********321x'],
    ['id_card', '310101 19900307 321X', '3101** ******** 321X'],
    ['id_card', '３１０１０１１９９００３０７３２１Ｘ', '３１０１**********３２１Ｘ'],
    ['mobile', '13812348000', '138****8000'],
    ['mobile', '138 1234 8000', '138 **** 8000'],
    ['mobile', '+86 138-1234-8000', '+86 138-****-8000'],
    ['mobile', '(+86)13812348000', '(+86)138****8000'],
    ['mobile', '8613812348000', '86138****8000'],
    ['mobile', '１３８１２３４８０００', '１３８****８０００'],
    ['bank_card', '6222021234567890128', '***************0128'],
    ['bank_card', '4111 1111 1111 1111', '**** **** **** 1111'],
    ['bank_card', '4111-1111-1111-1111', '****-****-****-1111'],
    ['email', 'zhangsan@example.com', 'z***@example.com'],
    ['email', 'a@example.com', '*@example.com'],
    ['email', 'ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｚ***＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['secret_mark', '机密★1年', '＊＊＊＊＊'],
    ['secret_mark', '【内部资料】', '＊＊＊＊＊＊'],
    ['sensitive_term', '张三', '＊＊'],
    ['sensitive_term', '暗号🐼', '＊＊＊'],
  ] as const)('%s %s → %s', (type, text, masked) => {
    expect(mask(type, text)).toBe(masked);
  });
});

describe('applyMasks', () => {
  const text = '张三，身份证号31010119900307321X，电话138-1234-8000，邮箱zhangsan@example.com。';

  it('replaces every finding and leaves the rest untouched', () => {
    const masked = applyMasks(text, scanText(text, { terms: ['张三'] }));
    expect(masked).toBe('＊＊，身份证号3101**********321X，电话138-****-8000，邮箱z***@example.com。');
  });

  it('leaves nothing to find afterwards', () => {
    const masked = applyMasks(text, scanText(text, { terms: ['张三'] }));
    expect(scanText(masked, { terms: ['张三'] })).toEqual([]);
  });

  it('accepts findings in any order and a subset of them', () => {
    const findings = scanText(text);
    expect(applyMasks(text, [...findings].reverse())).toBe(applyMasks(text, findings));
    expect(applyMasks(text, [findings[1]!])).toBe(text.replace('138-1234-8000', '138-****-8000'));
  });

  it('returns the text unchanged without findings', () => {
    expect(applyMasks(text, [])).toBe(text);
  });

  it('refuses a finding whose text has changed', () => {
    const [finding] = scanText(text);
    expect(() => applyMasks(`前缀${text}`, [finding!])).toThrow(RangeError);
  });

  it('refuses overlapping findings', () => {
    const a: Finding = { type: 'sensitive_term', start: 0, end: 2, text: '张三', masked: '＊＊' };
    const b: Finding = { type: 'sensitive_term', start: 1, end: 3, text: '三，', masked: '＊＊' };
    expect(() => applyMasks(text, [a, b])).toThrow(RangeError);
  });

  it('uses the finding’s own masked text, so a caller may choose another', () => {
    const [finding] = scanText(text);
    expect(applyMasks(text, [{ ...finding!, masked: '【已删除】' }])).toContain('身份证号【已删除】，');
  });
});
