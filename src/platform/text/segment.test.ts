import { describe, expect, it } from 'vitest';
import { domainDictionary, domainTerms } from './segment-dict.js';
import { normalizeText, relaxQuery, segmentForIndex, segmentQuery } from './segment.js';

describe('segmentation for search', () => {
  it('keeps every domain term whole, in queries and in the index', () => {
    for (const term of domainTerms()) {
      expect(segmentQuery(term), term).toEqual([term.toLowerCase()]);
      expect(segmentForIndex(`本市推进${term}工作`), term).toContain(term.toLowerCase());
    }
  });

  it('gives every dictionary entry a frequency and holds no organ names', () => {
    for (const line of domainDictionary().split('\n')) expect(line).toMatch(/^\S+ \d+ n$/);
    expect(domainTerms().filter((t) => /局$|委员会$|人民政府$/.test(t))).toEqual([]);
  });

  it('finds 自然资源 and 规划 inside 上海市规划和自然资源局', () => {
    const tokens = segmentForIndex('上海市规划和自然资源局');
    expect(tokens).toEqual(expect.arrayContaining(['规划', '自然资源', '自然', '资源', '上海市']));
    for (const q of ['自然资源', '规划', '上海市']) for (const word of segmentQuery(q)) expect(tokens).toContain(word);
  });

  it('emits the longer dictionary words inside a long term (search mode alone hides them)', () => {
    const tokens = segmentForIndex('关于控制性详细规划的通知');
    expect(tokens).toEqual(expect.arrayContaining(['控制性详细规划', '详细规划', '控制性', '详细', '规划', '控制']));
    expect(segmentForIndex('国土空间总体规划')).toEqual(expect.arrayContaining(['国土空间总体规划', '总体规划', '国土', '空间']));
  });

  it('drops punctuation and function characters, lower-cases Latin, keeps digits', () => {
    expect(segmentQuery('《城市更新》，和 “一网通办”！')).toEqual(['城市更新', '一网通办']);
    expect(segmentQuery('GIS 数据 2024年')).toEqual(['gis', '数据', '2024', '年']);
    expect(segmentQuery('ＧＩＳ　２０２４')).toEqual(['gis', '2024']);
    expect(segmentForIndex('的了和')).toEqual([]);
    expect(segmentQuery('   ')).toEqual([]);
  });

  it('gives the same tokens for every bracket style of a 文号', () => {
    const expected = segmentQuery('沪规划资源规〔2024〕3号');
    expect(expected).toEqual(expect.arrayContaining(['2024', '3']));
    for (const variant of ['沪规划资源规[2024]3号', '沪规划资源规(2024)3号', '沪规划资源规（2024）3号', '沪规划资源规［2024］3号']) {
      expect(segmentQuery(variant)).toEqual(expected);
    }
  });

  it('normalises text to word characters and single spaces', () => {
    expect(normalizeText('  Ａ〔1〕—b\n\tc ')).toBe('a 1 b c');
  });

  it('loosens long words into the parts that cover them, and only those', () => {
    expect(relaxQuery(['规划资源', '局'])).toEqual(['规划', '资源', '局']);
    expect(relaxQuery(['规划'])).toEqual(['规划']);
    expect(relaxQuery(['控制性详细规划'])).toEqual(expect.arrayContaining(['控制', '详细', '规划']));
  });

  it('segments a few thousand characters in well under a millisecond per hundred characters', () => {
    const text = '为进一步加强控制性详细规划管理，根据《上海市城乡规划条例》等有关规定，结合本市实际，制定本办法。'.repeat(60);
    segmentForIndex(text);
    const started = performance.now();
    for (let i = 0; i < 20; i++) segmentForIndex(text);
    expect((performance.now() - started) / 20).toBeLessThan(text.length / 100);
  });
});
