import type { Services } from '../../app/services.js';
import type { ChannelSender } from './channel.js';

export type { ChannelSender, OutgoingNotice, SendOutcome } from './channel.js';

export type ChannelSenders = Partial<Record<ChannelSender['channel'], ChannelSender>>;

/** Scaffold: the channels part (e-mail, SMS, webhooks) fills this in from the config. */
export function createChannelSenders(_services: Services): ChannelSenders {
  return {};
}
