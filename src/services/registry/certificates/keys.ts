/**
 * The Ed25519 key pair that signs certificate codes: made on first use, its private half kept sealed in the registry's
 * schema, its public half published at /.well-known/certificate-keys.json so anyone can check a code offline. Keys
 * are never retired: a certificate stays verifiable as long as the record stays registered.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { RegistryDb } from '../repository.js';
import {
  insertCertificateKey,
  listCertificateKeys,
  lockCertificateKeys,
  type CertificateKeyRow,
} from './repository.js';
import { seal, unseal } from './seal.js';

export interface CertificateSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** A JSON Web Key Set of the public keys (RFC 7517). */
export interface CertificateKeySet {
  readonly keys: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

export interface CertificateKeys {
  /** The key that signs new certificates; the first call makes one when there is none yet. */
  signing(): Promise<CertificateSigningKey>;
  /** The public key named `kid`; an unknown kid is looked up again (another node may have made it), at most every 5 s. */
  publicKey(kid: string): Promise<KeyObject | undefined>;
  keySet(): Promise<CertificateKeySet>;
}

const RELOAD_AFTER_MS = 5000;

interface Loaded {
  readonly rows: readonly CertificateKeyRow[];
  readonly publicKeys: ReadonlyMap<string, KeyObject>;
  readonly at: number;
}

export function certificateKeys(db: RegistryDb, secretKey: string): CertificateKeys {
  let loaded: Promise<Loaded> | undefined;
  let signing: Promise<CertificateSigningKey> | undefined;

  const load = async (): Promise<Loaded> => {
    const rows = await listCertificateKeys(db);
    const publicKeys = new Map(
      rows.map((row) => [row.kid, createPublicKey({ key: row.public_jwk as never, format: 'jwk' })] as const),
    );
    return { rows, publicKeys, at: Date.now() };
  };
  const forget = (error: unknown): never => {
    loaded = undefined;
    throw error;
  };
  const current = () => (loaded ??= load().catch(forget));

  return {
    signing() {
      signing ??= (async () => {
        let { rows } = await current();
        if (rows.length === 0) {
          await createFirstKey(db, secretKey);
          loaded = undefined;
          ({ rows } = await current());
        }
        const newest = rows[rows.length - 1]!;
        return { kid: newest.kid, privateKey: createPrivateKey(unseal(secretKey, newest.private_key)) };
      })().catch((error: unknown) => {
        signing = undefined;
        throw error;
      });
      return signing;
    },
    async publicKey(kid) {
      let known = await current();
      if (!known.publicKeys.has(kid) && Date.now() - known.at > RELOAD_AFTER_MS) {
        loaded = undefined;
        known = await current();
      }
      return known.publicKeys.get(kid);
    },
    async keySet() {
      const { rows } = await current();
      return { keys: rows.map((row) => row.public_jwk) };
    },
  };
}

/** Makes the first key, unless another node just did: the advisory lock lets one node at a time look and insert. */
async function createFirstKey(db: RegistryDb, secretKey: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockCertificateKeys(tx);
    if ((await listCertificateKeys(tx)).length > 0) return;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = publicKey.export({ format: 'jwk' });
    const kid = thumbprint(jwk);
    await insertCertificateKey(tx, {
      kid,
      publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' },
      privateKey: seal(secretKey, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    });
  });
}

/**
 * The key's RFC 7638 thumbprint, cut to 12 characters (72 bits): the kid travels in every QR code, where each
 * character makes the code denser, and it only has to tell a handful of keys apart.
 */
function thumbprint(jwk: { crv?: string; x?: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: 'OKP', x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}
