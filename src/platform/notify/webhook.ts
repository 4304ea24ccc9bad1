import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/*
 * Signing and POSTing a webhook. The signature covers "timestamp.body" so a captured request
 * cannot be replayed later with a new timestamp. Private and loopback addresses are refused
 * (unless configured otherwise) at connect time, inside the DNS lookup, so a host name that
 * resolves to 127.0.0.1 — or changes to it after registration — is refused as well.
 */

export const SIGNATURE_HEADER = 'X-Gongkai-Signature';

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const blocked = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    return mapped ? blocked.check(mapped, 'ipv4') : blocked.check(address, 'ipv6');
  }
  return false;
}

/** Why a URL cannot be a webhook target, judged from its text alone (registration); undefined when fine. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '请填写完整网址，如 https://example.com/hooks/gongkai';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '只支持 http:// 或 https:// 开头的网址';
  if (url.username || url.password) return '网址中不能包含用户名或密码';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))) return '不能使用内网、本机或保留地址';
  return undefined;
}

export class PrivateAddressError extends Error {
  constructor(address: string) {
    super(`拒绝连接内网或本机地址 ${address}`);
    this.name = 'PrivateAddressError';
  }
}

const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(new PrivateAddressError(bad.address), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

export type PostResult = { status: number; body: string } | { error: string; refused: boolean };

/** One POST; never throws. A response body is read only up to a few kilobytes (for the log). */
export function postJson(target: string, body: string, headers: Record<string, string>, options: { timeoutMs: number; allowPrivate: boolean; signal: AbortSignal }): Promise<PostResult> {
  return new Promise((resolve) => {
    const problem = webhookUrlProblem(target, options.allowPrivate);
    if (problem) return resolve({ error: problem, refused: true });
    const url = new URL(target);
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Gongkai-Webhook/1', ...headers },
      lookup: options.allowPrivate ? undefined : guardedLookup,
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < 4096) chunks.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 4096) }));
      response.on('error', (error) => resolve({ error: error.message, refused: false }));
    });
    request.on('error', (error) => {
      const refused = error instanceof PrivateAddressError || (error as { cause?: unknown }).cause instanceof PrivateAddressError;
      const message = error.name === 'AbortError' || error.name === 'TimeoutError' ? `超时（${options.timeoutMs} 毫秒内无应答）` : error.message;
      resolve({ error: message, refused });
    });
    request.end(body);
  });
}
