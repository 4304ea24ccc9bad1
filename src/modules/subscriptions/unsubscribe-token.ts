import { hmac, safeEqual } from '../../platform/tokens.js';

/*
 * One-click unsubscribe (RFC 8058) needs a link that works without signing in and cannot be
 * forged or enumerated: the subscription id (or a whole recipient) signed with the installation
 * secret. It never expires: an old e-mail must still unsubscribe.
 */

export type UnsubscribeTarget = { subscriptionId: number } | { recipientKey: string };

const encode = (target: UnsubscribeTarget) => ('subscriptionId' in target ? `s.${target.subscriptionId}` : `r.${Buffer.from(target.recipientKey).toString('base64url')}`);

export function unsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  const body = encode(target);
  return `${body}.${hmac(secret, `unsubscribe:${body}`)}`;
}

export function readUnsubscribeToken(secret: string, token: string): UnsubscribeTarget | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [kind, value, signature] = parts as [string, string, string];
  const body = `${kind}.${value}`;
  if (!safeEqual(signature, hmac(secret, `unsubscribe:${body}`))) return undefined;
  if (kind === 's' && /^\d{1,12}$/.test(value)) return { subscriptionId: Number(value) };
  if (kind === 'r') return { recipientKey: Buffer.from(value, 'base64url').toString() };
  return undefined;
}

/** /unsubscribe/<token>: GET shows a confirm button, POST (also the List-Unsubscribe-Post one-click) ends it. */
export const unsubscribePath = (secret: string, target: UnsubscribeTarget) => `/unsubscribe/${unsubscribeToken(secret, target)}`;
