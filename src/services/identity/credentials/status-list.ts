/**
 * Token Status List (draft-ietf-oauth-status-list): the revocation state of many credentials in one signed, compressed
 * bit array. A credential says where its bit is (`status.status_list: { idx, uri }`); the list at `uri` is a JWT of
 * `typ: statuslist+jwt` whose `status_list: { bits, lst }` holds the statuses, `bits` each, index 0 in the least
 * significant bits of the first byte, DEFLATE-compressed in the zlib format and base64url-encoded.
 *
 * @example
 * const token = await signStatusListToken({ signer, uri, statuses: statusBytes(1024, [7]), ttlSeconds: 300 });
 * const list = await verifyStatusListToken(token, { issuerKey, uri });
 * list.statusAt(7); // 1: INVALID (revoked)
 */
import type { KeyObject } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { jwtVerify, SignJWT, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { ACCEPTED_ALGORITHMS, type SdJwtSigner } from './sd-jwt.js';

/** The status values this issuer uses (one bit each). */
export const VALID = 0;
export const INVALID = 1;

export type StatusBits = 1 | 2 | 4 | 8;

/** A decompressed list larger than this is refused: a small token must not inflate into gigabytes. */
const MAX_LIST_BYTES = 16 * 1_048_576;

/** `size` one-bit statuses, those at `invalid` set to INVALID. */
export function statusBytes(size: number, invalid: Iterable<number>): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(size / 8));
  for (const index of invalid) {
    if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`no index ${index} in ${size}`);
    bytes[index >> 3]! |= 1 << (index & 7);
  }
  return bytes;
}

/** The status at `index` of a list of `bits`-bit statuses; undefined past its end. */
export function statusAt(bytes: Uint8Array, index: number, bits: StatusBits = 1): number | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  const bit = index * bits;
  const byte = bytes[bit >> 3];
  if (byte === undefined) return undefined;
  return (byte >> (bit & 7)) & ((1 << bits) - 1);
}

export const compressStatusList = (bytes: Uint8Array): string => deflateSync(bytes, { level: 9 }).toString('base64url');

export function decompressStatusList(lst: string): Uint8Array {
  return new Uint8Array(inflateSync(Buffer.from(lst, 'base64url'), { maxOutputLength: MAX_LIST_BYTES }));
}

export async function signStatusListToken(input: {
  readonly signer: SdJwtSigner;
  /** Where the token is published: its `sub`, and the `uri` credentials name. */
  readonly uri: string;
  readonly statuses: Uint8Array;
  /** How long a verifier may cache it (`ttl`); it expires twice as late. */
  readonly ttlSeconds: number;
  readonly now?: Date;
}): Promise<string> {
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ status_list: { bits: 1, lst: compressStatusList(input.statuses) }, ttl: input.ttlSeconds })
    .setProtectedHeader({ alg: input.signer.alg, typ: 'statuslist+jwt', kid: input.signer.kid })
    .setSubject(input.uri)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 2 * input.ttlSeconds)
    .sign(input.signer.privateKey);
}

export interface StatusList {
  readonly bits: StatusBits;
  /** The status at `index`; undefined when the list has no such index. */
  statusAt(index: number): number | undefined;
}

/** Checks a status list token's type, signature, expiry and subject, and reads its list. */
export async function verifyStatusListToken(
  token: string,
  options: { readonly issuerKey: KeyObject | CryptoKey | JWTVerifyGetKey; readonly uri: string; readonly now?: Date },
): Promise<StatusList> {
  const { payload } = await jwtVerify(token, options.issuerKey as JWTVerifyGetKey, {
    typ: 'statuslist+jwt',
    subject: options.uri,
    algorithms: [...ACCEPTED_ALGORITHMS],
    currentDate: options.now ?? new Date(),
  });
  const list = payload.status_list as { bits?: unknown; lst?: unknown } | undefined;
  const bits = list?.bits;
  if ((bits !== 1 && bits !== 2 && bits !== 4 && bits !== 8) || typeof list?.lst !== 'string') {
    throw new Error('the status list token holds no status_list of bits 1, 2, 4 or 8');
  }
  const bytes = decompressStatusList(list.lst);
  return { bits, statusAt: (index) => statusAt(bytes, index, bits) };
}
