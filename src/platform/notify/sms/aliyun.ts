import { createHmac, randomUUID } from 'node:crypto';
import type { SmsMessage, SmsProvider, SmsResult } from './provider.js';

/*
 * Alibaba Cloud SMS (dysmsapi, API version 2017-05-25), action SendSms, RPC style, signed with
 * signature version 1.0 (HMAC-SHA1 over the percent-encoded canonical query string).
 *
 * Written by hand on purpose: the official SDK (@alicloud/dysmsapi20170525 + tea runtime) is a
 * dozen generated packages for one signed GET, and the algorithm is short and documented:
 *   canonical   = sorted params, each percentEncode(key)=percentEncode(value), joined by &
 *   stringToSign = "GET&" + percentEncode("/") + "&" + percentEncode(canonical)
 *   Signature    = Base64(HMAC-SHA1(AccessKeySecret + "&", stringToSign))
 * percentEncode is RFC 3986: only A–Z a–z 0–9 - _ . ~ stay as they are.
 */

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

export const percentEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join('&');
}

export function aliyunSignature(accessKeySecret: string, method: string, params: Record<string, string>): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Provider codes that mean this number can never receive it; anything else may pass on retry. */
const PERMANENT = new Set(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.MOBILE_COUNT_OVER_LIMIT', 'isv.DOMESTIC_NUMBER_NOT_SUPPORTED']);

export function classifyAliyunCode(code: string, message: string): SmsResult {
  return { ok: false, retry: !PERMANENT.has(code), error: `阿里云短信 ${code}：${message}`.slice(0, 500) };
}

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  endpoint?: string;
  timeoutMs: number;
}

export function createAliyunSmsProvider(options: AliyunSmsOptions): SmsProvider {
  const endpoint = options.endpoint ?? ALIYUN_SMS_ENDPOINT;
  return {
    name: 'aliyun',
    async send(message: SmsMessage, signal: AbortSignal): Promise<SmsResult> {
      const params: Record<string, string> = {
        AccessKeyId: options.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        RegionId: 'cn-hangzhou',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
        PhoneNumbers: message.phone,
        SignName: options.signName,
        TemplateCode: options.templateCode,
        TemplateParam: JSON.stringify(message.params),
        OutId: message.outId,
      };
      const signature = aliyunSignature(options.accessKeySecret, 'GET', params);
      const url = `${endpoint}${endpoint.includes('?') ? '&' : '?'}Signature=${percentEncode(signature)}&${canonicalQuery(params)}`;
      let body: { Code?: string; Message?: string; BizId?: string };
      try {
        const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs)]) });
        const text = await response.text();
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          return { ok: false, retry: true, error: `阿里云短信 HTTP ${response.status}：${text.slice(0, 200)}` };
        }
      } catch (error) {
        return { ok: false, retry: true, error: `阿里云短信连接失败：${(error as Error).message}` };
      }
      if (body.Code === 'OK') return { ok: true, messageId: body.BizId };
      return classifyAliyunCode(body.Code ?? 'Unknown', body.Message ?? '');
    },
  };
}
