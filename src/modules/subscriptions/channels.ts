import type { Services } from '../../app/services.js';
import { createEmailSender, createSmsProvider, createSmsSender, type ChannelSenders } from '../../platform/notify/index.js';
import type { SmsProvider } from '../../platform/notify/sms/provider.js';
// The webhook channel needs the endpoint registry (a table of this module) and the owner's inbox,
// so it lives with the registry; this factory is the one place that wires all channels together.
import { createWebhookSender } from './webhooks/webhook-channel.js';

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
