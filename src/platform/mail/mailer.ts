import net from 'node:net';
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
  // getSocket is nodemailer's documented hook but missing from its type declarations.
  if (options.smtpUrl) (transport as unknown as { getSocket: typeof connectWithoutNagle }).getSocket = connectWithoutNagle;
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

/*
 * nodemailer writes a message in several small chunks and never sets TCP_NODELAY, so Nagle's
 * algorithm meets the server's delayed ACK: about 40 ms per message, 22 messages a second per
 * connection to a local server (bench/README.md). nodemailer's own hook for supplying the socket
 * is the way in; it upgrades to TLS itself (smtps, STARTTLS) as with a socket it opened.
 */
type SocketCallback = (error: Error | null, socketOptions?: { connection: net.Socket }) => void;
function connectWithoutNagle(options: { host?: string; port?: number | string; secure?: boolean }, callback: SocketCallback): void {
  const socket = net.connect({ host: options.host ?? 'localhost', port: Number(options.port) || (options.secure ? 465 : 587) });
  socket.setNoDelay(true);
  const failed = (error: Error) => callback(error);
  socket.once('error', failed);
  socket.once('connect', () => {
    socket.off('error', failed);
    callback(null, { connection: socket });
  });
}
