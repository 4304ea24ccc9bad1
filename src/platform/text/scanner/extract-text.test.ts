import { describe, expect, it } from 'vitest';
import { decodeText, detectKind, extractText } from './extract-text.js';
import { buildMinimalDocx } from './fixtures/minimal-docx.js';
import { buildMinimalPdf } from './fixtures/minimal-pdf.js';
import { htmlToText } from './html-text.js';
import { scanText } from './scan.js';
import { ScanInputError } from './scan-input-error.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** 你好，公示 in GBK/GB18030. */
const GBK_HELLO = new Uint8Array([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xb9, 0xab, 0xca, 0xbe]);

describe('detectKind', () => {
  it.each([
    ['a.txt', undefined, 'text'],
    ['A.TXT', undefined, 'text'],
    ['名单.csv', undefined, 'text'],
    ['page.html', undefined, 'html'],
    ['page.htm', undefined, 'html'],
    ['通知.docx', undefined, 'docx'],
    ['通知.pdf', undefined, 'pdf'],
    ['upload', 'application/pdf', 'pdf'],
    ['upload', 'text/plain; charset=gbk', 'text'],
    ['upload.bin', 'text/html', 'html'],
    ['upload', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
    ['report.pdf', 'text/plain', 'pdf'],
    ['old.doc', undefined, undefined],
    ['image.png', 'image/png', undefined],
    ['noextension', undefined, undefined],
  ])('%s (%s) → %s', (filename, contentType, kind) => {
    expect(detectKind(filename, contentType)).toBe(kind);
  });
});

describe('decodeText', () => {
  it('reads UTF-8, with or without a byte-order mark', () => {
    expect(decodeText(utf8('你好'))).toBe('你好');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('你好')]))).toBe('你好');
  });

  it('falls back to GB18030 when the bytes are not UTF-8', () => {
    expect(decodeText(GBK_HELLO)).toBe('你好，公示');
  });

  it('reads UTF-16 with a byte-order mark', () => {
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x60, 0x4f, 0x7d, 0x59]))).toBe('你好');
    expect(decodeText(new Uint8Array([0xfe, 0xff, 0x4f, 0x60, 0x59, 0x7d]))).toBe('你好');
  });

  it('follows a charset parameter and ignores an unknown one', () => {
    expect(decodeText(GBK_HELLO, 'text/plain; charset=GBK')).toBe('你好，公示');
    expect(decodeText(utf8('你好'), 'text/plain; charset=nonsense')).toBe('你好');
  });
});

describe('htmlToText', () => {
  it('drops tags, scripts, styles and comments and decodes entities', () => {
    const html = '<html><head><title>t</title><style>p{color:red}</style></head><body><!-- 13812348000 --><script>var a = "13812348000";</script><p>张三&nbsp;&amp;&#x674E;&#22235;&lt;b&gt;</p></body></html>';
    expect(htmlToText(html)).toBe('张三\u00a0&李四<b>');
  });

  it('separates blocks and cells so numbers never fuse', () => {
    const html = '<table><tr><td>13812348000</td><td>2024</td></tr><tr><td>李四</td></tr></table><p>a</p><div>b<br>c</div>';
    expect(htmlToText(html)).toBe('13812348000\t2024\n李四\na\nb\nc');
    expect(scanText(htmlToText(html)).map((f) => f.text)).toEqual(['13812348000']);
  });

  it('joins a number split over inline tags', () => {
    expect(htmlToText('<p>电话<span>138</span><b>1234</b>8000</p>')).toBe('电话13812348000');
  });

  it('keeps unknown entities and rejects out-of-range code points', () => {
    expect(htmlToText('&foo; &#xD800; &#1114112;')).toBe('&foo; &#xD800; &#1114112;');
  });
});

describe('extractText', () => {
  it('reads .txt as UTF-8 and as GB18030', async () => {
    expect(await extractText({ bytes: utf8('身份证号 31010119900307321X'), filename: 'a.txt' })).toBe('身份证号 31010119900307321X');
    expect(await extractText({ bytes: GBK_HELLO, filename: 'a.txt' })).toBe('你好，公示');
  });

  it('reads .html as text', async () => {
    const text = await extractText({ bytes: utf8('<p>邮箱：<a href="mailto:a@b.cn">zhangsan@example.com</a></p>'), filename: 'page.html' });
    expect(text).toBe('邮箱：zhangsan@example.com');
  });

  it('reads .docx with mammoth', async () => {
    const bytes = buildMinimalDocx(['公示名单：张三 <身份证号> 31010119900307321X', '机密★1年']);
    const text = await extractText({ bytes, filename: '名单.docx' });
    expect(text).toContain('公示名单：张三 <身份证号> 31010119900307321X');
    expect(scanText(text).map((f) => f.type)).toEqual(['id_card', 'secret_mark']);
  });

  it('reads .pdf with unpdf, keeping line breaks', async () => {
    const bytes = buildMinimalPdf(['机密★1年', '公示名单：张三 身份证号 31010119900307321X', '电话 138-1234-8000']);
    const text = await extractText({ bytes, filename: '名单.pdf' });
    expect(text).toBe('机密★1年\n公示名单：张三 身份证号 31010119900307321X\n电话 138-1234-8000');
    expect(scanText(text).map((f) => f.type)).toEqual(['secret_mark', 'id_card', 'mobile']);
  });

  it('does not consume the caller’s PDF bytes', async () => {
    const bytes = buildMinimalPdf(['abc']);
    const before = bytes.length;
    await extractText({ bytes, filename: 'a.pdf' });
    expect(bytes.length).toBe(before);
    expect(await extractText({ bytes, filename: 'a.pdf' })).toBe('abc');
  });

  it('uses the content type when the name has no known extension', async () => {
    expect(await extractText({ bytes: buildMinimalPdf(['abc']), filename: 'upload', contentType: 'application/pdf' })).toBe('abc');
  });

  it('throws a ScanInputError in Chinese for an unknown type', async () => {
    const error = await extractText({ bytes: utf8('x'), filename: 'old.doc' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanInputError);
    expect(error).toMatchObject({ code: 'unsupported_type' });
    expect((error as Error).message).toMatch(/无法识别文件“old\.doc”的格式/);
  });

  it.each([
    ['broken.docx', utf8('not a zip')],
    ['broken.pdf', utf8('%PDF-1.4 nonsense')],
    ['empty.pdf', new Uint8Array()],
  ])('throws a ScanInputError for a corrupt %s', async (filename, bytes) => {
    await expect(extractText({ bytes, filename })).rejects.toMatchObject({ name: 'ScanInputError', code: 'unreadable_file' });
  });
});
