/**
 * What is kept on the device is encrypted: each user has a random data key (AES-GCM, 256 bits) that encrypts their
 * session and their unsent declarations, and that is itself stored wrapped by a key drawn from their PIN (PBKDF2).
 * While the screen is locked the app holds no key, so nothing can be read without the PIN.
 *
 * A 4-to-6-digit PIN is weak against someone who copies the browser's storage and tries every PIN offline; it stops
 * the person who picks up a shared device. The session it guards also ends on the server (sign-out, expiry).
 */
import { store } from './idb';

const ITERATIONS = 310_000;

export interface VaultRecord {
  readonly userId: string;
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly wrappedKey: ArrayBuffer;
  readonly iv: Uint8Array;
  /** Wrong PINs in a row; after MAX_PIN_ATTEMPTS the user must sign in with their password. */
  readonly failedAttempts: number;
}

export interface Sealed {
  readonly iv: Uint8Array;
  readonly data: ArrayBuffer;
}

export const MAX_PIN_ATTEMPTS = 5;
const vaults = store<VaultRecord>('vaults');

async function pinKey(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt: salt as BufferSource, iterations, hash: 'SHA-256' },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

export const findVault = (userId: string) => vaults.get(userId);

/** A new data key for the user, wrapped by their PIN; answers the key for this session. */
export async function createVault(userId: string, pin: string): Promise<CryptoKey> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  await storeWrapped(userId, pin, key);
  // Used from now on as a key that cannot be exported.
  return crypto.subtle.importKey('raw', await crypto.subtle.exportKey('raw', key), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
}

async function storeWrapped(userId: string, pin: string, key: CryptoKey): Promise<void> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapping = await pinKey(pin, salt, ITERATIONS);
  const wrappedKey = await crypto.subtle.wrapKey('raw', key, wrapping, { name: 'AES-GCM', iv });
  await vaults.put({ userId, salt, iterations: ITERATIONS, wrappedKey, iv, failedAttempts: 0 });
}

export type UnlockResult =
  { readonly ok: true; readonly key: CryptoKey } | { readonly ok: false; readonly attemptsLeft: number };

/** The user's data key, if the PIN is right; counts wrong PINs. */
export async function unlockVault(userId: string, pin: string): Promise<UnlockResult> {
  const vault = await vaults.get(userId);
  if (!vault) return { ok: false, attemptsLeft: 0 };
  if (vault.failedAttempts >= MAX_PIN_ATTEMPTS) return { ok: false, attemptsLeft: 0 };
  try {
    const wrapping = await pinKey(pin, vault.salt, vault.iterations);
    const key = await crypto.subtle.unwrapKey(
      'raw',
      vault.wrappedKey,
      wrapping,
      { name: 'AES-GCM', iv: vault.iv as BufferSource },
      'AES-GCM',
      false,
      ['encrypt', 'decrypt'],
    );
    if (vault.failedAttempts > 0) await vaults.put({ ...vault, failedAttempts: 0 });
    return { ok: true, key };
  } catch {
    const failedAttempts = vault.failedAttempts + 1;
    await vaults.put({ ...vault, failedAttempts });
    return { ok: false, attemptsLeft: Math.max(0, MAX_PIN_ATTEMPTS - failedAttempts) };
  }
}

/** After signing in again with the password, the PIN may be tried again. */
export async function resetPinAttempts(userId: string): Promise<void> {
  const vault = await vaults.get(userId);
  if (vault && vault.failedAttempts > 0) await vaults.put({ ...vault, failedAttempts: 0 });
}

export const forgetVault = (userId: string) => vaults.delete(userId);

export async function seal(key: CryptoKey, plain: ArrayBuffer | Uint8Array): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain as BufferSource);
  return { iv, data };
}

export async function open(key: CryptoKey, sealed: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as BufferSource }, key, sealed.data);
}

export const sealJson = (key: CryptoKey, value: unknown) => seal(key, new TextEncoder().encode(JSON.stringify(value)));

export async function openJson<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await open(key, sealed))) as T;
}
