import { describe, expect, it } from 'vitest';
import { scanText } from './scan.js';

const emails = (text: string) => scanText(text).filter((f) => f.type === 'email');

describe('email findings', () => {
  it.each([
    ['邮箱：zhangsan@example.com。', 'zhangsan@example.com', 'z***@example.com'],
    ['联系zhang.san+news@mail.example.com.cn联系', 'zhang.san+news@mail.example.com.cn', 'z***@mail.example.com.cn'],
    ['QQ邮箱 12345678@qq.com', '12345678@qq.com', '1***@qq.com'],
    ['13812348000@163.com', '13812348000@163.com', '1***@163.com'],
    ['a@b-c.org', 'a@b-c.org', '*@b-c.org'],
    ['Li_Si@Example.GOV.CN', 'Li_Si@Example.GOV.CN', 'L***@Example.GOV.CN'],
    ['ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｚ***＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ['<mailto:office@ghzyj.sh.gov.cn>', 'office@ghzyj.sh.gov.cn', 'o***@ghzyj.sh.gov.cn'],
  ])('%s → %s', (text, expected, masked) => {
    expect(emails(text).map((f) => [f.text, f.masked])).toEqual([[expected, masked]]);
  });

  it.each([
    ['no domain dot', 'user@localhost'],
    ['no local part', '@example.com'],
    ['one-letter top-level domain', 'user@example.c'],
    ['a Weibo handle', '@上海发布'],
    ['a local part starting with a dot', '.user@example.com'],
    ['a local part ending with a dot', 'user.@example.com'],
    ['a domain label starting with a dash', 'user@-example.com'],
    ['an at sign between Chinese words', '张三@李四'],
  ])('does not flag: %s (%s)', (_label, text) => {
    expect(emails(text)).toEqual([]);
  });

  it('wins over the mobile number that is its local part', () => {
    expect(scanText('13812348000@163.com').map((f) => f.type)).toEqual(['email']);
  });
});
