import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';
import { compileTerms } from './sensitive-terms.js';

const terms = (text: string, list: readonly string[]) =>
  scanText(text, { terms: list }).filter((f) => f.type === 'sensitive_term').map((f) => [f.start, f.end, f.text]);

describe('sensitive_term findings', () => {
  it('finds every occurrence', () => {
    expect(terms('张三与张三丰', ['张三'])).toEqual([
      [0, 2, '张三'],
      [3, 5, '张三'],
    ]);
  });

  it('prefers the longest term at the same position', () => {
    expect(terms('张三丰来了', ['张三', '张三丰'])).toEqual([[0, 3, '张三丰']]);
  });

  it('takes the leftmost match first when terms overlap', () => {
    expect(terms('甲乙丙', ['乙丙', '甲乙'])).toEqual([[0, 2, '甲乙']]);
  });

  it('ignores Latin case and full/half width', () => {
    expect(terms('Project ALPHA 与 ａｌｐｈａ 项目', ['alpha'])).toEqual([
      [8, 13, 'ALPHA'],
      [16, 21, 'ａｌｐｈａ'],
    ]);
    expect(terms('alpha', ['ＡＬＰＨＡ'])).toEqual([[0, 5, 'alpha']]);
  });

  it('matches Latin terms as whole words only', () => {
    expect(terms('USB 接口, SB, sb2, ABC-SB', ['sb'])).toEqual([
      [8, 10, 'SB'],
      [21, 23, 'SB'],
    ]);
  });

  it('matches mixed terms by their edges', () => {
    expect(terms('项目A1期，项目A12期', ['项目a1'])).toEqual([[0, 4, '项目A1']]);
  });

  it('ignores blank and duplicate terms and trims whitespace', () => {
    expect(compileTerms(['', '  ', ' 张三 ', '张三']).byFirstChar.get('张')).toEqual(['张三']);
    expect(terms('张三', ['', '   '])).toEqual([]);
  });

  it('handles terms with emoji and keeps UTF-16 offsets', () => {
    expect(terms('😀暗号🐼熊猫', ['暗号🐼'])).toEqual([[2, 6, '暗号🐼']]);
  });

  it('masks a term with one ＊ per character', () => {
    expect(scanText('见暗号🐼', { terms: ['暗号🐼'] })[0]?.masked).toBe('＊＊＊');
  });

  it('accepts a precompiled matcher', () => {
    expect(scanText('张三', { terms: compileTerms(['张三']) }).map((f) => f.type)).toEqual(['sensitive_term']);
  });

  it('finds nothing without a list', () => {
    expect(scanText('张三')).toEqual([]);
  });
});
