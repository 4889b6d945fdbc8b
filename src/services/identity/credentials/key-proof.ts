/**
 * The wallet's proof of possession of the key a credential will be bound to (OpenID4VCI 1.0 Appendix F.1): a JWT of
 * `typ: openid4vci-proof+jwt` carrying its public key in the `jwk` header, signed with it, for this issuer (`aud`),
 * recently (`iat`), over a `nonce` this issuer made.
 */
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type JWK } from 'jose';
import { DomainError } from '../../../core/errors.js';
import { ACCEPTED_ALGORITHMS } from './sd-jwt.js';
import { isFreshNonce } from './secrets.js';

export const PROOF_TYPE = 'openid4vci-proof+jwt';
const PROOF_MAX_AGE_SECONDS = 300;

/** The public members of each key type: nothing else of the wallet's JWK goes into the credential. */
const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = { EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] };

const invalidProof = (detail: string) => new DomainError('IDENTITY_CREDENTIAL_INVALID_PROOF', detail);

/** The holder's public key and its RFC 7638 thumbprint, once the proof checks out. */
export async function verifyKeyProof(
  proof: string | undefined,
  expected: { readonly issuer: string; readonly secretKey: string },
): Promise<{ jwk: JWK; thumbprint: string }> {
  if (!proof) throw invalidProof('Send a key proof: proofs: { jwt: [<proof JWT>] }.');
  let header;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw invalidProof('The key proof is not a JWT.');
  }
  const jwk = header.jwk;
  const members = jwk?.kty ? PUBLIC_MEMBERS[jwk.kty] : undefined;
  if (!jwk || !members || 'd' in jwk) throw invalidProof('The key proof must carry a public EC or OKP key as `jwk`.');
  let payload;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: PROOF_TYPE,
      audience: expected.issuer,
      algorithms: [...ACCEPTED_ALGORITHMS],
      maxTokenAge: PROOF_MAX_AGE_SECONDS,
    }));
  } catch (error) {
    throw invalidProof(`The key proof does not hold: ${(error as Error).message}.`);
  }
  if (!isFreshNonce(expected.secretKey, payload.nonce)) {
    throw new DomainError(
      'IDENTITY_CREDENTIAL_INVALID_NONCE',
      'The key proof carries no nonce of ours, or an expired one: get a new c_nonce from the nonce endpoint.',
    );
  }
  const publicJwk = Object.fromEntries(
    ['kty', ...members].map((name) => [name, (jwk as Record<string, unknown>)[name]]),
  ) as JWK;
  return { jwk: publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk) };
}
