import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Secrets Gongkai must read back to use (a webhook's signing secret): AES-256-GCM with a key
 * derived (HKDF) from the installation secret and a purpose, so a copy of the database alone
 * does not reveal them. The IV is random: unlike identity numbers, nothing needs to match them.
 */

const VERSION = 'v1';

const keyFor = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'gongkai.notify', purpose, 32));

export function sealSecret(secret: string, purpose: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The plain text, or undefined when it was sealed with another secret or purpose (or altered). */
export function openSecret(secret: string, purpose: string, sealed: string): string | undefined {
  const [version, iv, data, tag] = sealed.split('.');
  if (version !== VERSION || !iv || !data || !tag) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
