import { describe, expect, it } from 'vitest';
import { escapeHtml, makeSnippet } from './snippet.js';

describe('search snippets', () => {
  it('escapes HTML around and inside marks', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(makeSnippet('<script>alert(1)</script>城市更新<b>', ['城市更新'])).toBe('&lt;script&gt;alert(1)&lt;/script&gt;<mark>城市更新</mark>&lt;b&gt;');
  });

  it('opens a window around the first match, with ellipses', () => {
    const body = `${'甲'.repeat(200)}城市更新${'乙'.repeat(200)}`;
    const html = makeSnippet(body, ['城市更新'], { before: 10, length: 30 });
    expect(html).toBe(`…${'甲'.repeat(10)}<mark>城市更新</mark>${'乙'.repeat(16)}…`);
  });

  it('starts at the beginning when nothing matches, and never runs past the end', () => {
    expect(makeSnippet('短文本', ['规划'])).toBe('短文本');
    expect(makeSnippet(`${'甲'.repeat(50)}规划`, ['规划'], { before: 5, length: 20 })).toBe(`…${'甲'.repeat(18)}<mark>规划</mark>`);
  });

  it('marks every occurrence of every word, longest first, without nesting', () => {
    expect(makeSnippet('控制性详细规划与详细规划', ['控制性详细规划', '详细规划'])).toBe('<mark>控制性详细规划</mark>与<mark>详细规划</mark>');
    expect(makeSnippet('规划资源 规划', ['规划资源', '规划'])).toBe('<mark>规划资源</mark> <mark>规划</mark>');
  });

  it('matches full-width and upper-case text against normalised words', () => {
    expect(makeSnippet('ＧＩＳ数据与Gis平台', ['gis'])).toBe('<mark>ＧＩＳ</mark>数据与<mark>Gis</mark>平台');
  });

  it('collapses whitespace', () => {
    expect(makeSnippet('第一条\n\n  规划\t管理', ['规划'])).toBe('第一条 <mark>规划</mark> 管理');
  });
});
