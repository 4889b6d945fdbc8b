/**
 * The certificate code: what the QR code carries, signed so that anyone holding the published key can tell a genuine
 * certificate from a forged or altered one, offline. It says only what a verifier needs and nothing personal.
 *
 * Format: `base64url(JSON payload) + "." + base64url(Ed25519 signature of the first part's ASCII)`, where the payload
 * is `{ v: 1, k: kid, n: registration number, t: event type, d: registration date YYYY-MM-DD, o?: office code,
 * r: record id }`. Both parts must be canonical base64url, so no two codes carry the same signature.
 *
 * @example
 * const code = signCertificateCode(key, claims); // 'eyJ2IjoxLCJrIjoi…'
 * const read = readCertificateCode(code); // { ok: true, kid, claims, signed, signature }
 * read.ok && verifyCertificateSignature(read, publicKey); // true
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** What a certificate code states. */
export interface CertificateClaims {
  readonly eventType: string;
  readonly registrationNumber: string;
  /** YYYY-MM-DD (UTC day) */
  readonly registeredOn: string;
  /** Code of the registering office; null when the registrar has none (national staff). */
  readonly office: string | null;
  readonly recordId: string;
}

const Payload = z.strictObject({
  v: z.literal(1),
  k: z.string().min(1).max(100),
  n: z.string().min(1).max(100),
  t: z.string().min(1).max(32),
  d: z.iso.date(),
  o: z.string().min(1).max(100).optional(),
  r: z.uuid(),
});

const SIGNATURE_BYTES = 64;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function signCertificateCode(key: { kid: string; privateKey: KeyObject }, claims: CertificateClaims): string {
  const payload: z.infer<typeof Payload> = {
    v: 1,
    k: key.kid,
    n: claims.registrationNumber,
    t: claims.eventType,
    d: claims.registeredOn,
    ...(claims.office ? { o: claims.office } : {}),
    r: claims.recordId,
  };
  const signed = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${signed}.${sign(null, Buffer.from(signed), key.privateKey).toString('base64url')}`;
}

export type ReadCode =
  | {
      readonly ok: true;
      readonly kid: string;
      readonly claims: CertificateClaims;
      readonly signed: string;
      readonly signature: Buffer;
    }
  /** malformed: not shaped like a code at all; tampered: shaped like one, but no genuine code reads like this. */
  | { readonly ok: false; readonly reason: 'malformed' | 'tampered' };

/** Reads a code without checking its signature (see `verifyCertificateSignature`). */
export function readCertificateCode(code: string): ReadCode {
  const parts = code.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [signed, signatureText] = parts as [string, string];
  const payloadBytes = canonical(signed);
  const signature = canonical(signatureText);
  if (!payloadBytes || signature?.length !== SIGNATURE_BYTES) return { ok: false, reason: 'malformed' };
  let json: unknown;
  try {
    json = JSON.parse(payloadBytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'tampered' };
  }
  const payload = Payload.safeParse(json);
  if (!payload.success) return { ok: false, reason: 'tampered' };
  const { k, n, t, d, o, r } = payload.data;
  return {
    ok: true,
    kid: k,
    signed,
    signature,
    claims: { eventType: t, registrationNumber: n, registeredOn: d, office: o ?? null, recordId: r },
  };
}

export function verifyCertificateSignature(read: { signed: string; signature: Buffer }, publicKey: KeyObject): boolean {
  return verify(null, Buffer.from(read.signed), publicKey, read.signature);
}

/** The bytes of canonical base64url text; undefined for anything else (Node's decoder skips what it cannot read). */
function canonical(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/** The address the QR code opens: `<base>/verify/<code>`. */
export function verificationUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/verify/${code}`;
}
