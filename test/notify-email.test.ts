import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../src/platform/mail/mailer.js';
import type { OutgoingNotice } from '../src/platform/notify/channel.js';
import { createEmailSender } from '../src/platform/notify/email.js';
import { startSmtpServer, type TestSmtpServer } from './support/smtp.js';

/* The e-mail channel against a real SMTP server: both parts, escaping, List-Unsubscribe, Message-ID, error mapping. */

const logger = pino({ level: 'silent' });
const FROM = '规划资源局 <noreply@ghzyj.example.gov.cn>';
const context = { db: undefined as never, signal: new AbortController().signal };

const notice = (over: Partial<OutgoingNotice> = {}): OutgoingNotice => ({
  deliveryId: 4711, eventId: 9, channel: 'email', recipientKey: 's:1', accountId: null, address: 'reader@example.com',
  siteId: 1, siteName: '市规划资源局', category: 'publication', title: '关于<script>alert(1)</script>土地出让的通知',
  summary: '明确了出让条件 & 程序。', url: 'https://ghzyj.example.gov.cn/documents/12?m=4711',
  unsubscribeUrl: 'https://ghzyj.example.gov.cn/unsubscribe/s.3.abc', serviceType: false, payload: {}, ...over,
});

/** The decoded text of every part of a MIME message, by content type. */
function mimeParts(raw: string): Record<string, string> {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) throw new Error('not multipart');
  const parts: Record<string, string> = {};
  for (const chunk of raw.split(`--${boundary}`).slice(1, -1)) {
    const split = chunk.indexOf('\r\n\r\n');
    const head = chunk.slice(0, split);
    const body = chunk.slice(split + 4);
    const type = /content-type:\s*([^;\r\n]+)/i.exec(head)?.[1]?.toLowerCase() ?? '';
    const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
    parts[type] = encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
        : body;
  }
  return parts;
}

const header = (raw: string, name: string) => {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim();
};

describe('e-mail channel', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  const sender = () => createEmailSender({ mailer: createMailer({ smtpUrl: smtp.url, from: FROM, logger }), from: FROM, ratePerSecond: 5 });

  it('sends HTML and text in Chinese, escaped, with one-click unsubscribe headers and a Message-ID from the delivery', async () => {
    const outcome = await sender().send(notice(), context);
    expect(outcome).toEqual({ ok: true, providerMessageId: '<delivery-4711@ghzyj.example.gov.cn>' });
    const mail = await smtp.nextMailTo('reader@example.com');
    expect(mail.subject).toBe('市规划资源局：关于<script>alert(1)</script>土地出让的通知');
    expect(header(mail.raw, 'Message-ID')).toBe('<delivery-4711@ghzyj.example.gov.cn>');
    expect(header(mail.raw, 'List-Unsubscribe')).toBe('<https://ghzyj.example.gov.cn/unsubscribe/s.3.abc>');
    expect(header(mail.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const parts = mimeParts(mail.raw);
    const text = parts['text/plain']!;
    expect(text).toContain('明确了出让条件 & 程序。');
    expect(text).toContain('查看全文：https://ghzyj.example.gov.cn/documents/12?m=4711');
    expect(text).toContain('您在本站订阅了相关政策');
    expect(text).toContain('退订：https://ghzyj.example.gov.cn/unsubscribe/s.3.abc');
    const html = parts['text/html']!;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script>');
    expect(html).toContain('条件 &amp; 程序');
    expect(html).toContain('href="https://ghzyj.example.gov.cn/documents/12?m=4711"');
    expect(html).toContain('href="https://ghzyj.example.gov.cn/unsubscribe/s.3.abc"');
  });

  it('lists every item of a digest, and leaves out unsubscribe headers when there is no link', async () => {
    const items = [
      { title: '第一份文件', url: 'https://ghzyj.example.gov.cn/documents/1', summary: '摘要一' },
      { title: '第二份文件', url: 'javascript:alert(1)', summary: '' },
    ];
    await sender().send(notice({ address: 'digest@example.com', category: 'digest', title: '本周政策摘要', items, unsubscribeUrl: null }), context);
    const mail = await smtp.nextMailTo('digest@example.com');
    expect(mail.subject).toBe('市规划资源局：政策订阅摘要（2 条）');
    expect(header(mail.raw, 'List-Unsubscribe')).toBeUndefined();
    const parts = mimeParts(mail.raw);
    expect(parts['text/plain']).toContain('1. 第一份文件');
    expect(parts['text/plain']).toContain('2. 第二份文件');
    expect(parts['text/plain']).toContain('这是您按订阅频率收到的政策摘要');
    expect(parts['text/html']).toContain('第二份文件');
    expect(parts['text/html']).not.toContain('javascript:');
  });

  it('maps a refused recipient (5xx) to a permanent failure and a 4xx or a dead server to a retry', async () => {
    const picky = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('gone')) return callback(Object.assign(new Error('5.1.1 用户不存在'), { responseCode: 550 }));
        if (address.address.startsWith('busy')) return callback(Object.assign(new Error('4.2.1 稍后再试'), { responseCode: 451 }));
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => picky.listen(0, '127.0.0.1', () => resolve()));
    const port = (picky.server.address() as AddressInfo).port;
    const picked = createEmailSender({ mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: FROM, logger }), from: FROM, ratePerSecond: 5 });
    try {
      const gone = await picked.send(notice({ address: 'gone@example.com' }), context);
      expect(gone).toMatchObject({ ok: false, retry: false });
      const busy = await picked.send(notice({ address: 'busy@example.com' }), context);
      expect(busy).toMatchObject({ ok: false, retry: true });
      expect(await picked.send(notice({ address: 'fine@example.com' }), context)).toMatchObject({ ok: true });
    } finally {
      await new Promise<void>((resolve) => picky.close(() => resolve()));
    }
    const dead = createEmailSender({ mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: FROM, logger }), from: FROM, ratePerSecond: 5 });
    expect(await dead.send(notice(), context)).toMatchObject({ ok: false, retry: true });
  });
});
