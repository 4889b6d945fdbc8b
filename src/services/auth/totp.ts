/**
 * Second factor building blocks, pure and without storage: TOTP codes (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, the
 * only algorithm every authenticator app supports), the otpauth:// URI and its QR code, and recovery codes.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_BYTES = 20; // RFC 4226 recommends 160 bits, the length of an SHA-1 output
const STEP_SECONDS = 30;
const CODE_DIGITS = 6;
const DEFAULT_WINDOW = 1;

/** RFC 4648 base32, upper case, without padding (what authenticator apps expect in the URI). */
function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff; // at most 12 bits are ever pending, so 16 suffice
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 as people and other systems write it: any case, spaces, with or without padding. */
function decodeBase32(text: string): Buffer {
  const cleaned = text.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of cleaned) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value === -1) throw new Error(`invalid base32 character ${JSON.stringify(char)}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** A new shared secret for an authenticator app: 160 random bits in base32. */
export function newTotpSecret(): string {
  return encodeBase32(randomBytes(SECRET_BYTES));
}

function secretKey(secret: string): Buffer {
  const key = decodeBase32(secret);
  // An empty key would make codes anyone can compute; it can only come from a bug or a damaged row.
  if (key.length === 0) throw new Error('the TOTP secret is empty');
  return key;
}

/** RFC 4226 HOTP: HMAC-SHA1 of the 8-byte big-endian counter, dynamically truncated to `digits` decimal digits. */
function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const truncated = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(truncated % 10 ** digits).padStart(digits, '0');
}

function timeStep(atMs: number, stepSeconds: number): number {
  return Math.floor(atMs / 1000 / stepSeconds);
}

/**
 * The TOTP code for a base32 secret at a moment (milliseconds since the epoch).
 *
 * @example totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000, 8) // '94287082' (RFC 6238 appendix B)
 */
export function totpCode(
  secret: string,
  at: number = Date.now(),
  digits = CODE_DIGITS,
  stepSeconds = STEP_SECONDS,
): string {
  // 31 bits of truncated HMAC hold at most 10 digits; fewer than 6 is too easy to guess (RFC 4226 §5.3).
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new RangeError('digits must be 6 to 10');
  if (!(stepSeconds > 0)) throw new RangeError('stepSeconds must be positive');
  return hotp(secretKey(secret), timeStep(at, stepSeconds), digits);
}

/**
 * The time step (unix seconds / 30, floored) that `code` belongs to, or undefined when it is wrong, malformed, outside
 * the window or not newer than `lastUsedStep`. The caller stores the returned step as the next `lastUsedStep`.
 *
 * @example
 * const step = checkTotp(user.totpSecret, body.code, { lastUsedStep: user.totpLastStep });
 * if (step === undefined) return refuse(); // wrong, reused or malformed: one answer for all
 * await saveLastUsedStep(user.id, step);
 */
export function checkTotp(
  secret: string,
  code: string,
  options: {
    /** Milliseconds since the epoch; defaults to now. */
    now?: number;
    /** How many 30-second steps before and after now are accepted, for clock drift and typing time. Default 1. */
    window?: number;
    /** The step of the last code this secret accepted; it and earlier steps are refused, so a code works once. */
    lastUsedStep?: number | null;
  },
): number | undefined {
  const window = options.window ?? DEFAULT_WINDOW;
  if (!Number.isInteger(window) || window < 0) throw new RangeError('window must be a non-negative integer');
  const key = secretKey(secret);
  if (!/^\d{6}$/.test(code)) return undefined;
  const given = Buffer.from(code);
  const lastUsedStep = options.lastUsedStep ?? -1;
  const current = timeStep(options.now ?? Date.now(), STEP_SECONDS);
  let matched: number | undefined;
  // Every step in the window is computed and compared, match or not, so the time taken does not tell which one hit.
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const equal = timingSafeEqual(given, Buffer.from(hotp(key, step, CODE_DIGITS)));
    if (equal && step > lastUsedStep && matched === undefined) matched = step;
  }
  return matched;
}

/**
 * The key URI an authenticator app reads from a QR code (Google's "Key Uri Format").
 *
 * @example otpauthUri({ secret, account: 'ana@example.org', issuer: 'Civitas' })
 * // 'otpauth://totp/Civitas:ana%40example.org?secret=…&issuer=Civitas&algorithm=SHA1&digits=6&period=30'
 */
export function otpauthUri(input: { secret: string; account: string; issuer: string }): string {
  // The colon separates issuer from account in the label, so neither may contain one (the format forbids it).
  if (input.issuer.includes(':') || input.account.includes(':')) {
    throw new RangeError('the issuer and account of an otpauth URI may not contain ":"');
  }
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  // Re-encoding checks the secret and gives apps the canonical form (upper case, no spaces or padding).
  const secret = encodeBase32(secretKey(input.secret));
  // encodeURIComponent rather than URLSearchParams: some apps show a '+' from a form-encoded space literally.
  const params = [
    ['secret', secret],
    ['issuer', input.issuer],
    ['algorithm', 'SHA1'],
    ['digits', String(CODE_DIGITS)],
    ['period', String(STEP_SECONDS)],
  ]
    .map(([name, value]) => `${name}=${encodeURIComponent(value!)}`)
    .join('&');
  return `otpauth://totp/${label}?${params}`;
}

/** An SVG image of a QR code for `text`. The qrcode package is loaded with the first image, not at start. */
export async function qrCodeSvg(text: string): Promise<string> {
  const QRCode = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

// Lower case letters and digits without 0/o, 1/l/i, which are misread on paper: 31 characters. Twelve of them give
// 12 × log2(31) ≈ 59.4 bits per code, the most this length and alphabet can hold.
const RECOVERY_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const RECOVERY_LENGTH = 12;
const RECOVERY_GROUP = 4;
const RECOVERY_PATTERN = new RegExp(`^[${RECOVERY_ALPHABET}]{${RECOVERY_LENGTH}}$`);

/** One-time recovery codes, shown to the user once, like `k7qm-2xwd-9fhr`. Store only their hashes. */
export function newRecoveryCodes(count = 10): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const groups: string[] = [];
    for (let g = 0; g < RECOVERY_LENGTH / RECOVERY_GROUP; g++) {
      let group = '';
      // randomInt draws without modulo bias, so every character is equally likely.
      for (let i = 0; i < RECOVERY_GROUP; i++) group += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
      groups.push(group);
    }
    codes.add(groups.join('-'));
  }
  return [...codes];
}

/** The form a recovery code is hashed and compared in: lower case, without spaces or dashes. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]+/g, '');
}

/**
 * SHA-256 hex of the normalised code. A fast hash is right here, unlike for passwords: a recovery code is ~59 random
 * bits, so there is no small space of likely values for a slow hash to protect, and lookups stay cheap.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}

/** Whether input could be a recovery code (rather than a TOTP code), before any lookup. */
export function looksLikeRecoveryCode(input: string): boolean {
  return RECOVERY_PATTERN.test(normaliseRecoveryCode(input));
}
