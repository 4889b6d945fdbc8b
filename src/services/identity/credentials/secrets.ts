/**
 * The short-lived secrets of issuance and how they are kept: the pre-authorized code and the access token are long
 * random strings stored as SHA-256 hashes; the PIN (tx_code) is six digits, so its hash is keyed (HMAC with a key
 * derived from secretKey, and the offer id) lest a copy of the database give it away in a million guesses.
 *
 * The c_nonce a wallet signs into its proof is stateless: `expiry (6 bytes) · random (12) · HMAC (16)`, base64url, so
 * any node checks it without a table. It may be used more than once until it expires; replay gains nothing because
 * the access token it goes with gets one credential only.
 */
import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const NONCE_SECONDS = 300;
export const TX_CODE_LENGTH = 6;

const keyFor = (secretKey: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secretKey, 'civitas', `identity credentials ${purpose}`, 32));

export const newSecret = (): string => randomBytes(32).toString('base64url');

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

export function newTxCode(): string {
  return Array.from({ length: TX_CODE_LENGTH }, () => randomInt(10)).join('');
}

export function txCodeHash(secretKey: string, offerId: string, txCode: string): string {
  return createHmac('sha256', keyFor(secretKey, 'tx_code')).update(`${offerId}:${txCode}`).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function newNonce(secretKey: string, now = new Date()): string {
  const head = Buffer.alloc(18);
  head.writeUIntBE(Math.floor(now.getTime() / 1000) + NONCE_SECONDS, 0, 6);
  randomBytes(12).copy(head, 6);
  const tag = createHmac('sha256', keyFor(secretKey, 'c_nonce')).update(head).digest().subarray(0, 16);
  return Buffer.concat([head, tag]).toString('base64url');
}

/** Whether this issuer made the nonce and it has not expired. */
export function isFreshNonce(secretKey: string, nonce: unknown, now = new Date()): boolean {
  if (typeof nonce !== 'string' || !/^[\w-]{46}$/.test(nonce)) return false;
  const bytes = Buffer.from(nonce, 'base64url');
  if (bytes.length !== 34) return false;
  const head = bytes.subarray(0, 18);
  const tag = createHmac('sha256', keyFor(secretKey, 'c_nonce')).update(head).digest().subarray(0, 16);
  if (!timingSafeEqual(tag, bytes.subarray(18))) return false;
  return head.readUIntBE(0, 6) * 1000 > now.getTime();
}
