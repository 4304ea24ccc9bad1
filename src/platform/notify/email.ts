import type { Mailer } from '../mail/mailer.js';
import type { ChannelSender, SendOutcome } from './channel.js';
import { renderNoticeEmail } from './email-message.js';

/*
 * E-mail through the installation's mailer (nodemailer). The Message-ID is derived from the
 * delivery id, so a resend after a crash carries the same id and receiving systems can drop
 * the copy. A recipient the server refuses with a 5xx is a bad address (permanent); anything
 * else — connection trouble, 4xx greylisting, a 5xx on authentication — is worth retrying.
 */

export function messageIdFor(deliveryId: number, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return `<delivery-${deliveryId}@${domain}>`;
}

export function classifySmtpError(error: unknown): SendOutcome {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const detail = (e.response ?? e.message ?? String(error)).slice(0, 500);
  const recipientRefused = e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500;
  return { ok: false, retry: !recipientRefused, error: `SMTP ${e.responseCode ?? e.code ?? ''} ${detail}`.trim() };
}

export function createEmailSender(options: { mailer: Mailer; from: string; ratePerSecond: number }): ChannelSender {
  return {
    channel: 'email',
    ratePerSecond: options.ratePerSecond,
    async send(notice) {
      const { subject, text, html } = renderNoticeEmail(notice);
      const headers: Record<string, string> = { 'X-Gongkai-Delivery': String(notice.deliveryId) };
      if (notice.unsubscribeUrl) {
        headers['List-Unsubscribe'] = `<${notice.unsubscribeUrl}>`;
        headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
      }
      const messageId = messageIdFor(notice.deliveryId, options.from);
      try {
        await options.mailer.send({ to: notice.address, subject, text, html, headers, messageId });
      } catch (error) {
        return classifySmtpError(error);
      }
      return { ok: true, providerMessageId: messageId };
    },
  };
}
