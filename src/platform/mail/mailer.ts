import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** e.g. <delivery-12@host>: lets the receiving side drop a copy sent twice. */
  messageId?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Messages sent through the development log transport (no SMTP_URL), newest last. */
  readonly outbox: MailMessage[];
}

/** SMTP when SMTP_URL is set; otherwise a log transport so a demo install works with no mail server. */
export function createMailer(options: { smtpUrl: string | undefined; from: string; logger: Logger }): Mailer {
  const outbox: MailMessage[] = [];
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : nodemailer.createTransport({ jsonTransport: true });
  return {
    outbox,
    async send(message) {
      await transport.sendMail({ from: options.from, ...message });
      if (!options.smtpUrl) {
        outbox.push(message);
        if (outbox.length > 100) outbox.shift();
        options.logger.info({ to: message.to, subject: message.subject, text: message.text }, '邮件（未配置 SMTP_URL，仅记录日志）');
      }
    },
  };
}
