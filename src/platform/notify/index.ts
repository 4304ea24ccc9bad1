import type { Services } from '../../app/services.js';
import type { ChannelSender } from './channel.js';
export { createEmailSender } from './email.js';
export { createSmsSender } from './sms.js';
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
