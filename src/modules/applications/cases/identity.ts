import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { toHalfWidth } from '../../../platform/text/scanner/normalize.js';

/*
 * The applicant's identity document number (身份证号 / 统一社会信用代码): kept encrypted
 * (AES-256-GCM, key derived from the installation secret) and shown only masked.
 *
 * The IV is synthetic (an HMAC of the number), so the same number always encrypts to the same
 * text: equal numbers can be matched (applications per applicant per month, 按件计收) without
 * ever being decrypted. It reveals equality only, which is exactly what counting needs.
 */

const VERSION = 'v1';

function keys(secret: string): { enc: Buffer; mac: Buffer } {
  const material = Buffer.from(hkdfSync('sha256', secret, 'gongkai.applications', 'applicant-id', 64));
  return { enc: material.subarray(0, 32), mac: material.subarray(32) };
}

/** Upper-case, half-width, no spaces: the form both encryption and masking start from. */
export function normalizeIdNumber(value: string): string {
  return toHalfWidth(value).replace(/[\s-]/g, '').toUpperCase();
}

export function encryptIdNumber(secret: string, idNumber: string): string {
  const plain = normalizeIdNumber(idNumber);
  const { enc, mac } = keys(secret);
  const iv = createHmac('sha256', mac).update(plain).digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', enc, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The number, or undefined when the text was not made with this secret (or was altered). */
export function decryptIdNumber(secret: string, stored: string): string | undefined {
  const [version, iv, data, tag] = stored.split('.');
  if (version !== VERSION || !iv || !data || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys(secret).enc, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** First 4 and last 4 kept (as the scanner masks ID numbers): 310101199003073218 → 3101**********3218. */
export function maskIdNumber(idNumber: string): string {
  const plain = normalizeIdNumber(idNumber);
  if (plain.length <= 8) return '*'.repeat(plain.length);
  return `${plain.slice(0, 4)}${'*'.repeat(plain.length - 8)}${plain.slice(-4)}`;
}
