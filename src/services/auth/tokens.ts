/**
 * Access tokens: JWTs signed with Ed25519 (EdDSA) and a key id. The private key is kept sealed in the database; the
 * public keys are served at /.well-known/jwks.json so any node or partner can verify without asking us.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { sql } from 'kysely';
import { uuidv7 } from '../../core/events/uuidv7.js';
import type { Caller } from '../../core/http/scopes.js';
import { activeSigningKeys, insertSigningKey, retireSigningKeys, type AuthDb } from './repository.js';
import { seal, unseal } from './seal.js';

export const ISSUER = 'civitas';
/** A key set to verify with: local (the auth service's own keys) or remote (its JWKS URL, on other nodes). */
type KeySet = ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
export const AUDIENCE = 'civitas-api';
const SEAL_PURPOSE = 'auth signing keys';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** What an access token says about its holder (a `Caller`), and the session it belongs to. */
export type AccessClaims = Omit<Caller, 'unrestricted'>;

export interface VerifiedToken extends AccessClaims {
  readonly expiresAt: number;
}

/** The current signing key and the public key set, created on first use. */
export async function loadKeys(
  db: AuthDb,
  secretKey: string,
): Promise<{ current: SigningKey; jwks: JSONWebKeySet; currentSince: Date }> {
  let rows = await activeSigningKeys(db);
  if (rows.length === 0) {
    await rotateSigningKey(db, secretKey);
    rows = await activeSigningKeys(db);
  }
  const newest = rows[0]!;
  return {
    current: { kid: newest.kid, privateKey: createPrivateKey(unseal(secretKey, SEAL_PURPOSE, newest.private_key)) },
    currentSince: newest.created_at,
    jwks: { keys: rows.map((row) => row.public_jwk as JWK) },
  };
}

/**
 * Adds a new signing key; new tokens are signed with it. The older keys stay in the key set, so tokens they signed
 * keep working: nobody is logged out. `retireReplacedKeys` removes them once such tokens can no longer be alive.
 */
export async function rotateSigningKey(db: AuthDb, secretKey: string): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = uuidv7();
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await insertSigningKey(db, { kid, public_jwk: publicJwk, private_key: seal(secretKey, SEAL_PURPOSE, pem) });
  return kid;
}

/**
 * The scheduled rotation: a new key only if the newest is older than `maxAgeMs`, decided under a transaction-scoped
 * advisory lock, so that nodes whose timers fire in the same minute make one key between them, not one each.
 * Answers the new key's id, or undefined when another node rotated first.
 */
export async function rotateSigningKeyIfOlderThan(
  db: AuthDb,
  secretKey: string,
  maxAgeMs: number,
): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('civitas.auth.signing-key-rotation'))`.execute(trx);
    const [newest] = await activeSigningKeys(trx);
    if (newest && Date.now() - newest.created_at.getTime() <= maxAgeMs) return undefined;
    return rotateSigningKey(trx, secretKey);
  });
}

/** Retires every key that was replaced longer ago than a token lives (plus a minute of clock skew). */
export async function retireReplacedKeys(db: AuthDb, tokenTtlSeconds: number, now = Date.now()): Promise<number> {
  const rows = await activeSigningKeys(db);
  const cutoff = now - (tokenTtlSeconds + 60) * 1000;
  // rows are newest first: key i was replaced when key i-1 was created.
  const replaced = rows.filter((_, index) => index > 0 && rows[index - 1]!.created_at.getTime() < cutoff);
  await retireSigningKeys(
    db,
    replaced.map((row) => row.kid),
  );
  return replaced.length;
}

export async function issueAccessToken(key: SigningKey, claims: AccessClaims, ttlSeconds: number): Promise<string> {
  const jwt = new SignJWT({
    kind: claims.kind,
    role: claims.role,
    scope: claims.scope.join(' '),
    office: claims.office,
    jur: claims.jurisdiction,
    ...(claims.sid ? { sid: claims.sid } : {}),
  });
  return jwt
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(uuidv7())
    .sign(key.privateKey);
}

/**
 * A verifier over a fixed key set; throws when the token is malformed, forged, expired or not for us. A client sends
 * the same token many times, so a verified token is remembered until it expires (up to `cacheSize` tokens): the
 * signature check (~0.3 ms) is then done once per token, not once per request.
 */
export function tokenVerifier(
  jwks: JSONWebKeySet | KeySet,
  cacheSize = 10_000,
): (token: string) => Promise<VerifiedToken> {
  const keys = typeof jwks === 'function' ? jwks : createLocalJWKSet(jwks);
  const verified = new Map<string, VerifiedToken>();
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt * 1000 > Date.now()) return known;
    verified.delete(token);
    const result = await verifyOnce(keys, token);
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, result);
    return result;
  };
}

async function verifyOnce(keys: KeySet, token: string): Promise<VerifiedToken> {
  const { payload } = await jwtVerify(token, keys, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'] });
  return {
    sub: String(payload.sub),
    kind: payload.kind === 'client' ? 'client' : 'user',
    role: String(payload.role),
    scope: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
    office: typeof payload.office === 'string' ? payload.office : null,
    jurisdiction: Array.isArray(payload.jur) ? payload.jur.filter((area) => typeof area === 'string') : [],
    ...(typeof payload.sid === 'string' ? { sid: payload.sid } : {}),
    expiresAt: Number(payload.exp),
  };
}
