import type { Services } from '../../app/services.js';
// The webhook channel needs the endpoint registry (a subscriptions table) and the owner's inbox,
// so it lives with the registry; this factory is the one place that wires all channels together.
import { createWebhookSender } from '../../modules/subscriptions/webhooks/webhook-channel.js';
import type { ChannelSender } from './channel.js';
import { createEmailSender } from './email.js';
import { createSmsSender } from './sms.js';
import { createAliyunSmsProvider } from './sms/aliyun.js';
import { createLogSmsProvider, type SmsProvider } from './sms/provider.js';

export type { ChannelSender, OutgoingNotice, SendOutcome } from './channel.js';

export type ChannelSenders = Partial<Record<ChannelSender['channel'], ChannelSender>>;

export function createSmsProvider(services: Pick<Services, 'config' | 'logger'>): SmsProvider {
  const sms = services.config.sms;
  if (sms.provider === 'aliyun') {
    // loadConfig refuses SMS_PROVIDER=aliyun without these, so they are present here.
    return createAliyunSmsProvider({
      accessKeyId: sms.accessKeyId!, accessKeySecret: sms.accessKeySecret!, signName: sms.signName!, templateCode: sms.templateCode!, endpoint: sms.endpoint, timeoutMs: sms.timeoutMs,
    });
  }
  return createLogSmsProvider(services.logger);
}

/** The channels that leave the building (e-mail, SMS, webhooks), configured from the environment. */
export function createChannelSenders(services: Services, overrides: { smsProvider?: SmsProvider } = {}): ChannelSenders {
  const { config } = services;
  return {
    email: createEmailSender({ mailer: services.mailer, from: config.mail.from, ratePerSecond: config.mail.ratePerSecond }),
    sms: createSmsSender({
      provider: overrides.smsProvider ?? createSmsProvider(services), dailyCap: config.sms.dailyCap, ratePerSecond: config.sms.ratePerSecond,
      signName: config.sms.provider === 'log' ? undefined : config.sms.signName,
    }),
    webhook: createWebhookSender({
      secret: services.secret, mailer: services.mailer, logger: services.logger, timeoutMs: config.webhooks.timeoutMs, maxFailures: config.webhooks.maxFailures,
      allowPrivate: config.webhooks.allowPrivate, ratePerSecond: config.webhooks.ratePerSecond, publicUrl: config.publicUrl,
    }),
  };
}
