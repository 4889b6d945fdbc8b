/**
 * Private issuer keys at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the configured secretKey, for this
 * purpose only. Services share no internals, so the registry's and the auth service's sealing stay theirs.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PURPOSE = 'identity credential issuer keys';

const keyFor = (secretKey: string) => Buffer.from(hkdfSync('sha256', secretKey, 'civitas', PURPOSE, 32));

/** `iv.tag.ciphertext`, each base64url. */
export function seal(secretKey: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secretKey), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** Throws when the value was sealed with another secretKey or was altered. */
export function unseal(secretKey: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secretKey), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
