import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMinimalDocx } from './fixtures/minimal-docx.js';
import { buildMinimalPdf } from './fixtures/minimal-pdf.js';
import { parseTermList, runScanCommand } from './scan.command.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gongkai-scan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runScanCommand(argv, {
    stdin: async () => new TextEncoder().encode(stdin),
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
  });
  return { code, out, err };
}

describe('gongkai scan', () => {
  it('scans standard input and prints exactly the findings JSON', async () => {
    const { code, out, err } = await run([], '张三 13812348000');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out).toEqual(['{"findings":[{"type":"mobile","start":3,"end":14,"text":"13812348000","masked":"138****8000"}]}']);
  });

  it('prints an empty list and exits 0 when nothing is found', async () => {
    expect(await run([], '沪规划资源规〔2024〕3号')).toEqual({ code: 0, out: ['{"findings":[]}'], err: [] });
  });

  it('scans a text file', async () => {
    const file = join(dir, '名单.txt');
    await writeFile(file, '身份证号：31010119900307321X\n邮箱 zhangsan@example.com\n');
    const { code, out } = await run([file]);
    expect(code).toBe(0);
    expect(JSON.parse(out[0]!)).toEqual({
      findings: [
        { type: 'id_card', start: 5, end: 23, text: '31010119900307321X', masked: '3101**********321X' },
        { type: 'email', start: 27, end: 47, text: 'zhangsan@example.com', masked: 'z***@example.com' },
      ],
    });
  });

  it('scans .docx and .pdf files by extension', async () => {
    const docx = join(dir, '名单.docx');
    const pdf = join(dir, '名单.pdf');
    await writeFile(docx, buildMinimalDocx(['机密★1年', '电话 138-1234-8000']));
    await writeFile(pdf, buildMinimalPdf(['机密★1年', '电话 138-1234-8000']));
    for (const file of [docx, pdf]) {
      const { code, out } = await run([file]);
      expect(code).toBe(0);
      const { findings } = JSON.parse(out[0]!) as { findings: { type: string; text: string }[] };
      expect(findings.map((f) => [f.type, f.text])).toEqual([
        ['secret_mark', '机密★1年'],
        ['mobile', '138-1234-8000'],
      ]);
    }
  });

  it('uses a terms file', async () => {
    const terms = join(dir, 'terms.txt');
    await writeFile(terms, '# 敏感词\n张三\n\n  李四  \r\n');
    const { code, out } = await run(['--terms', terms], '张三和李四');
    expect(code).toBe(0);
    expect(JSON.parse(out[0]!)).toEqual({
      findings: [
        { type: 'sensitive_term', start: 0, end: 2, text: '张三', masked: '＊＊' },
        { type: 'sensitive_term', start: 3, end: 5, text: '李四', masked: '＊＊' },
      ],
    });
  });

  it.each([
    ['a missing file', () => [join(dir, 'missing.txt')], /文件“.*missing\.txt”不存在/],
    ['a directory', () => [dir], /是一个目录/],
    ['a missing terms file', () => ['--terms', join(dir, 'nope.txt')], /敏感词表“.*nope\.txt”不存在/],
    ['an unsupported type', () => [join(dir, 'old.doc')], /无法识别文件.*格式/],
    ['a corrupt PDF', () => [join(dir, 'broken.pdf')], /无法读取文件/],
    ['an unknown option', () => ['--bogus'], /参数错误/],
    ['two files', () => ['a.txt', 'b.txt'], /只能扫描一个文件/],
  ])('exits 2 with a Chinese message on stderr for %s', async (_label, argv, message) => {
    await writeFile(join(dir, 'old.doc'), 'x');
    await writeFile(join(dir, 'broken.pdf'), '%PDF-1.4 broken');
    const { code, out, err } = await run(argv());
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
  });

  it('prints usage with --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^用法: gongkai scan/);
  });
});

describe('parseTermList', () => {
  it('takes one term per line, skipping blanks and # comments', () => {
    expect(parseTermList('张三\r\n\n# 注释\n  李四 \nalpha')).toEqual(['张三', '李四', 'alpha']);
  });
});
