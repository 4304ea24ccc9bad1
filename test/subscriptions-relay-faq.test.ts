import { describe, expect, it } from 'vitest';
import { formatFaq, parseFaq } from '../src/modules/subscriptions/relay/faq.js';

const items = (text: string) => {
  const r = parseFaq(text);
  if (!r.ok) throw new Error(r.error);
  return r.items;
};
const error = (text: string) => {
  const r = parseFaq(text);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.error;
};

describe('parseFaq: the 问/答 textarea of a relay package', () => {
  it('reads pairs separated by blank lines, with either colon and trimmed text', () => {
    expect(items('问：谁可以申请？\n答：在本市注册的中小企业。\n\n问: 到哪里办理？\n答:  “一网通办”平台。 ')).toEqual([
      { q: '谁可以申请？', a: '在本市注册的中小企业。' },
      { q: '到哪里办理？', a: '“一网通办”平台。' },
    ]);
  });

  it('keeps multi-line answers and questions, and accepts pairs without blank lines between them', () => {
    expect(items('问：需要哪些材料？\n答：一、申请表；\n二、营业执照复印件。\n问：多久办结？\n答：10 个工作日。')).toEqual([
      { q: '需要哪些材料？', a: '一、申请表；\n二、营业执照复印件。' },
      { q: '多久办结？', a: '10 个工作日。' },
    ]);
    expect(items('问：这个问题\n比较长？\n答：是的。')).toEqual([{ q: '这个问题\n比较长？', a: '是的。' }]);
  });

  it('accepts numbered blocks, Q/A letters, Windows line breaks and blank paragraphs inside an answer', () => {
    expect(items('1. 问：甲？\r\n答：乙。\r\n\r\n（2）问：丙？\r\n答：丁。\r\n\r\n第二段。\r\n\r\nQ: x?\r\nA: y.')).toEqual([
      { q: '甲？', a: '乙。' },
      { q: '丙？', a: '丁。\n\n第二段。' },
      { q: 'x?', a: 'y.' },
    ]);
  });

  it('names the line of each problem in plain Chinese', () => {
    expect(error('')).toContain('请至少填写一条问答');
    expect(error('   \n\n')).toContain('请至少填写一条问答');
    expect(error('这项政策很好。\n问：甲？\n答：乙。')).toBe('第 1 行：每条问答应以「问：」开头');
    expect(error('答：没有问题的回答')).toBe('第 1 行：「答：」前缺少对应的「问：」');
    expect(error('问：甲？\n答：乙。\n\n问：丙？')).toBe('第 4 行的问题缺少「答：」');
    expect(error('问：甲？\n问：乙？\n答：丙。')).toBe('第 1 行的问题缺少「答：」');
    expect(error('问：\n答：乙。')).toBe('第 1 行：「问：」后面没有问题内容');
    expect(error('问：甲？\n答：')).toContain('回答是空的');
    expect(error('问：甲？\n答：乙。\n答：丙。')).toContain('第 3 行：一个问题只能有一个「答：」');
  });

  it('limits the length of questions and answers and the number of pairs', () => {
    expect(error(`问：${'长'.repeat(201)}\n答：乙。`)).toContain('问题不超过 200 字');
    expect(error(`问：甲？\n答：${'长'.repeat(2001)}`)).toContain('回答不超过 2000 字');
    expect(items(`问：${'长'.repeat(200)}\n答：${'长'.repeat(2000)}`)).toHaveLength(1);
    const many = (n: number) => Array.from({ length: n }, (_, i) => `问：第${i + 1}问？\n答：第${i + 1}答。`).join('\n\n');
    expect(items(many(30))).toHaveLength(30);
    expect(error(many(31))).toContain('问答不超过 30 条');
  });

  it('round-trips through formatFaq', () => {
    const pairs = [{ q: '甲？', a: '乙。\n丙。' }, { q: '丁？', a: '戊。' }];
    expect(items(formatFaq(pairs))).toEqual(pairs);
  });
});
