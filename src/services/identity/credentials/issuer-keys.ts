/**
 * The ES256 key pairs that sign credentials and status lists: made on first use, the private half sealed in the
 * identity schema, the public half published at /.well-known/jwt-vc-issuer so that anyone can verify offline. Keys are
 * never retired: every credential a key signed stays verifiable until it expires.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { insertIssuerKey, listIssuerKeys, lockIssuer, type CredentialsDb, type IssuerKeyRow } from './repository.js';
import type { SdJwtSigner } from './sd-jwt.js';
import { seal, unseal } from './seal.js';

export interface IssuerKeys {
  /** The newest key, which signs; the first call makes one when there is none yet. */
  signing(): Promise<SdJwtSigner>;
  /** Every public key, as a JSON Web Key Set. */
  keySet(): Promise<{ keys: JWK[] }>;
}

export function issuerKeys(db: CredentialsDb, secretKey: string): IssuerKeys {
  let signing: Promise<SdJwtSigner> | undefined;
  return {
    signing() {
      signing ??= (async () => {
        let rows = await listIssuerKeys(db);
        if (rows.length === 0) {
          await createFirstKey(db, secretKey);
          rows = await listIssuerKeys(db);
        }
        return signerOf(rows[rows.length - 1]!, secretKey);
      })().catch((error: unknown) => {
        signing = undefined;
        throw error;
      });
      return signing;
    },
    async keySet() {
      await this.signing(); // a key set is never empty: verifiers fetch it before the first credential exists
      return { keys: (await listIssuerKeys(db)).map((row) => row.public_jwk as JWK) };
    },
  };
}

const signerOf = (row: IssuerKeyRow, secretKey: string): SdJwtSigner => ({
  alg: 'ES256',
  kid: row.kid,
  privateKey: createPrivateKey(unseal(secretKey, row.private_key)),
});

/** Makes the first key, unless another node just did (the issuer lock lets one node at a time look and insert). */
async function createFirstKey(db: CredentialsDb, secretKey: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await lockIssuer(tx);
    if ((await listIssuerKeys(tx)).length > 0) return;
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint({ kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y });
    await insertIssuerKey(tx, {
      kid,
      publicJwk: { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y, kid, alg: 'ES256', use: 'sig' },
      privateKey: seal(secretKey, privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    });
  });
}
