/**
 * SD-JWT (RFC 9901) with key binding: issuing, presenting and verifying, on `jose` and node:crypto.
 *
 * An issued SD-JWT is `<issuer-signed JWT>~<disclosure>~…~`; a presentation keeps only the disclosures the holder
 * chose and ends with a key-binding JWT (`typ: kb+jwt`) signed with the key the credential names in `cnf.jwk`, over
 * the verifier's `nonce` and `aud` and `sd_hash`, the digest of everything before it. A verifier needs nothing but
 * the issuer's public key: the credential, its disclosures and the key binding are checked offline.
 *
 * @example
 * const sdJwt = await issueSdJwt({ claims: { vct, cnf: { jwk }, age: disclosable(40) }, signer, typ: 'dc+sd-jwt' });
 * const shown = await presentSdJwt(sdJwt, { disclose: [['age']], holderKey, nonce: 'n-1', audience: 'https://rp' });
 * const { claims } = await verifySdJwt(shown, { issuerKey, keyBinding: { nonce: 'n-1', audience: 'https://rp' } });
 */
import type { KeyObject } from 'node:crypto';
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import {
  conceal,
  digestOf,
  DisclosureError,
  locateDisclosures,
  reveal,
  SD_ALG,
  type JsonObject,
} from './disclosures.js';

/** Signature algorithms accepted from issuers and holders. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'ES384', 'EdDSA'] as const;

export type ClaimPath = readonly (string | number)[];

export interface SdJwtSigner {
  readonly alg: (typeof ACCEPTED_ALGORITHMS)[number];
  readonly kid: string;
  readonly privateKey: KeyObject | CryptoKey;
}

/** Why an SD-JWT was refused; `detail` says it in words. */
export const SD_JWT_FAILURES = [
  'malformed',
  'signature',
  'expired',
  'disclosure',
  'key-binding-missing',
  'key-binding',
  'nonce',
  'audience',
] as const;
export type SdJwtFailure = (typeof SD_JWT_FAILURES)[number];

export class SdJwtError extends Error {
  override readonly name = 'SdJwtError';
  constructor(
    readonly reason: SdJwtFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** Signs `claims` (with `disclosable(...)` values) as an SD-JWT carrying every disclosure. */
export async function issueSdJwt(input: {
  readonly claims: JsonObject;
  readonly signer: SdJwtSigner;
  readonly typ: string;
  readonly decoys?: number;
}): Promise<string> {
  const { payload, disclosures } = conceal(input.claims, { decoys: input.decoys ?? 0 });
  const jwt = await new SignJWT({ ...payload, _sd_alg: SD_ALG })
    .setProtectedHeader({ alg: input.signer.alg, typ: input.typ, kid: input.signer.kid })
    .sign(input.signer.privateKey);
  return [jwt, ...disclosures.map((disclosure) => disclosure.encoded), ''].join('~');
}

export interface ParsedSdJwt {
  readonly jwt: string;
  readonly disclosures: readonly string[];
  /** The key-binding JWT, when the text ends with one. */
  readonly keyBinding: string | undefined;
  /** What comes before the key-binding JWT, the last `~` included: what `sd_hash` is taken over. */
  readonly signedPart: string;
}

/** Splits the compact form, checking its shape only. */
export function parseSdJwt(text: string): ParsedSdJwt {
  const parts = text.split('~');
  if (parts.length < 2) throw new SdJwtError('malformed', 'This is not an SD-JWT: it has no "~".');
  const jwt = parts[0]!;
  const last = parts[parts.length - 1]!;
  const disclosures = parts.slice(1, -1);
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt) || disclosures.some((part) => part === '')) {
    throw new SdJwtError('malformed', 'This is not an SD-JWT: its parts are not base64url.');
  }
  return {
    jwt,
    disclosures,
    keyBinding: last === '' ? undefined : last,
    signedPart: text.slice(0, text.length - last.length),
  };
}

/** The issuer-signed claims of an SD-JWT, unverified: for a holder that reads what it holds. */
export function readSdJwt(text: string): { header: JWTHeaderParameters; payload: JsonObject; claims: JsonObject } {
  const parsed = parseSdJwt(text);
  const payload = decodeJwt(parsed.jwt) as JsonObject;
  return {
    header: decodeProtectedHeader(parsed.jwt) as JWTHeaderParameters,
    payload,
    claims: reveal(payload, parsed.disclosures),
  };
}

/**
 * A presentation: the credential with only the disclosures that `disclose` needs (a path reveals the claims along it
 * and everything beneath it), bound to the verifier's nonce and audience by a KB-JWT signed with the holder's key.
 */
export async function presentSdJwt(
  sdJwt: string,
  options: {
    readonly disclose: readonly ClaimPath[];
    readonly holderKey: { readonly alg: SdJwtSigner['alg']; readonly privateKey: KeyObject | CryptoKey };
    readonly nonce: string;
    readonly audience: string;
    readonly now?: Date;
  },
): Promise<string> {
  const parsed = parseSdJwt(sdJwt);
  const payload = decodeJwt(parsed.jwt) as JsonObject;
  const wanted = (path: ClaimPath) =>
    options.disclose.some((chosen) => startsWith(chosen, path) || startsWith(path, chosen));
  const chosen = locateDisclosures(payload, parsed.disclosures).filter((disclosure) => wanted(disclosure.path));
  const signedPart = [parsed.jwt, ...chosen.map((disclosure) => disclosure.encoded), ''].join('~');
  const keyBinding = await new SignJWT({
    nonce: options.nonce,
    aud: options.audience,
    sd_hash: digestOf(signedPart),
  })
    .setProtectedHeader({ alg: options.holderKey.alg, typ: 'kb+jwt' })
    .setIssuedAt(Math.floor((options.now ?? new Date()).getTime() / 1000))
    .sign(options.holderKey.privateKey);
  return signedPart + keyBinding;
}

const startsWith = (path: ClaimPath, prefix: ClaimPath) =>
  prefix.length <= path.length && prefix.every((part, index) => path[index] === part);

export interface VerifySdJwtOptions {
  /** The issuer's public key, or a resolver by `kid` (e.g. `createLocalJWKSet` of its published JWKS). */
  readonly issuerKey: KeyObject | CryptoKey | JWTVerifyGetKey;
  /** Accepted `typ` of the issuer-signed JWT; any when left out. */
  readonly typ?: readonly string[];
  /** The nonce and audience the verifier asked for; `false` accepts a presentation without key binding. */
  readonly keyBinding: { readonly nonce: string; readonly audience: string; readonly maxAgeSeconds?: number } | false;
  readonly now?: Date;
  readonly clockToleranceSeconds?: number;
}

export interface VerifiedSdJwt {
  readonly header: JWTHeaderParameters;
  /** The issuer-signed payload as sent, digests included. */
  readonly payload: JsonObject;
  /** What the verifier learns: the always-visible claims and the disclosed ones. */
  readonly claims: JsonObject;
}

/** Checks an SD-JWT presentation (RFC 9901 §7.1, §7.3); throws SdJwtError saying why it is refused. */
export async function verifySdJwt(text: string, options: VerifySdJwtOptions): Promise<VerifiedSdJwt> {
  const parsed = parseSdJwt(text);
  const now = options.now ?? new Date();
  const clockTolerance = options.clockToleranceSeconds ?? 60;
  let verified: { payload: JWTPayload; protectedHeader: JWTHeaderParameters };
  try {
    verified = await jwtVerify(parsed.jwt, options.issuerKey as JWTVerifyGetKey, {
      algorithms: [...ACCEPTED_ALGORITHMS],
      currentDate: now,
      clockTolerance,
    });
  } catch (error) {
    throw joseFailure(error, 'the credential');
  }
  const { payload, protectedHeader: header } = verified;
  if (options.typ && !options.typ.includes(header.typ ?? '')) {
    throw new SdJwtError('malformed', `The credential's type is ${header.typ ?? 'missing'}, not ${options.typ[0]}.`);
  }
  if (payload._sd_alg !== undefined && payload._sd_alg !== SD_ALG) {
    throw new SdJwtError('malformed', `The digests use ${String(payload._sd_alg)}; only ${SD_ALG} is accepted.`);
  }
  let claims: JsonObject;
  try {
    claims = reveal(payload as JsonObject, parsed.disclosures);
  } catch (error) {
    if (error instanceof DisclosureError)
      throw new SdJwtError('disclosure', `A disclosure is not genuine: ${error.message}.`);
    throw error;
  }
  if (options.keyBinding !== false) await verifyKeyBinding(parsed, payload, options.keyBinding, now, clockTolerance);
  return { header, payload: payload as JsonObject, claims };
}

async function verifyKeyBinding(
  parsed: ParsedSdJwt,
  payload: JWTPayload,
  expected: { nonce: string; audience: string; maxAgeSeconds?: number },
  now: Date,
  clockTolerance: number,
): Promise<void> {
  if (!parsed.keyBinding) throw new SdJwtError('key-binding-missing', 'The presentation carries no key-binding JWT.');
  const jwk = (payload.cnf as { jwk?: JWK } | undefined)?.jwk;
  if (!jwk || typeof jwk !== 'object' || 'd' in jwk) {
    throw new SdJwtError('key-binding', 'The credential names no holder key (cnf.jwk).');
  }
  let kb: JWTPayload;
  try {
    const header = decodeProtectedHeader(parsed.keyBinding);
    if (!ACCEPTED_ALGORITHMS.includes(header.alg as never))
      throw new SdJwtError('key-binding', 'Unaccepted algorithm.');
    const key = await importJWK(jwk, header.alg);
    ({ payload: kb } = await jwtVerify(parsed.keyBinding, key, {
      typ: 'kb+jwt',
      algorithms: [...ACCEPTED_ALGORITHMS],
      currentDate: now,
      clockTolerance,
      maxTokenAge: expected.maxAgeSeconds ?? 300,
    }));
  } catch (error) {
    if (error instanceof SdJwtError) throw error;
    throw joseFailure(error, 'the key binding', 'key-binding');
  }
  if (kb.nonce !== expected.nonce) throw new SdJwtError('nonce', 'The presentation was made for another nonce.');
  if (kb.aud !== expected.audience) throw new SdJwtError('audience', 'The presentation was made for another verifier.');
  if (kb.sd_hash !== digestOf(parsed.signedPart)) {
    throw new SdJwtError('key-binding', 'The key binding covers other disclosures than those sent (sd_hash).');
  }
}

function joseFailure(error: unknown, what: string, signature: SdJwtFailure = 'signature'): SdJwtError {
  if (error instanceof errors.JWTExpired) return new SdJwtError('expired', `${capital(what)} has expired.`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new SdJwtError(signature, `${capital(what)} is not valid: ${error.message}.`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new SdJwtError(signature, `The signature of ${what} is not genuine.`);
  }
  if (error instanceof errors.JOSEError)
    return new SdJwtError('malformed', `${capital(what)} cannot be read: ${error.message}.`);
  throw error;
}

const capital = (text: string) => text[0]!.toUpperCase() + text.slice(1);
