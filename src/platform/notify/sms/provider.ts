import type { Logger } from 'pino';

/** What every SMS provider adapter does: send one text to one mobile number. */
export interface SmsMessage {
  phone: string;
  /** The whole text, as the log provider shows it; template providers use params instead. */
  text: string;
  /** Template variables for providers that only send approved templates (Alibaba Cloud, Tencent Cloud). */
  params: Record<string, string>;
  /** The delivery id: the provider's out-id, so a report can be matched back and duplicates spotted. */
  outId: string;
}

export type SmsResult = { ok: true; messageId?: string } | { ok: false; retry: boolean; error: string };

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage, signal: AbortSignal): Promise<SmsResult>;
}

/** Development: no provider account needed; messages go to the log and a bounded outbox. */
export function createLogSmsProvider(logger: Logger): SmsProvider & { outbox: SmsMessage[] } {
  const outbox: SmsMessage[] = [];
  return {
    name: 'log',
    outbox,
    async send(message) {
      outbox.push(message);
      if (outbox.length > 100) outbox.shift();
      logger.info({ phone: message.phone, text: message.text, outId: message.outId }, '短信（SMS_PROVIDER=log，仅记录日志）');
      return { ok: true, messageId: `log-${message.outId}` };
    },
  };
}
