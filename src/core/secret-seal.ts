/**
 * Secrets at rest (private signing keys, authenticator-app secrets): AES-256-GCM under a key derived (HKDF-SHA256)
 * from the configured secretKey, one key per purpose, so that a value sealed for one use cannot be opened for another.
 * Each service names its own purposes.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

function keyFor(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'civitas', purpose, 32));
}

/** `iv.tag.ciphertext`, each base64url. */
export function seal(secretKey: string, purpose: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secretKey, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
}

/** Throws when the value was sealed with another secretKey or purpose, or was altered. */
export function unseal(secretKey: string, purpose: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secretKey, purpose), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
