import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueAccessToken, tokenVerifier } from './tokens.js';

function keyPair(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { key: { kid, privateKey }, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' } };
}

const claims = { kind: 'user', role: 'r', office: 'OFF-IBO', jurisdiction: ['CEN-IBO', 'CEN'], sid: 's1' } as const;

describe('access tokens', () => {
  it('carry the subject, role and scopes, and verify against the key set', async () => {
    const { key, jwk } = keyPair('k1');
    const token = await issueAccessToken(
      key,
      { ...claims, sub: 'u1', role: 'local-registrar', scope: ['a.read', 'b.write'] },
      60,
    );
    const verified = await tokenVerifier({ keys: [jwk] })(token);
    expect(verified).toMatchObject({
      sub: 'u1',
      kind: 'user',
      role: 'local-registrar',
      scope: ['a.read', 'b.write'],
      office: 'OFF-IBO',
      jurisdiction: ['CEN-IBO', 'CEN'],
      sid: 's1',
    });
    expect(verified.expiresAt * 1000).toBeGreaterThan(Date.now());
  });

  it('remembers a verified token only until it expires', async () => {
    const { key, jwk } = keyPair('k1');
    const verify = tokenVerifier({ keys: [jwk] });
    // Expiry is in whole seconds: a 2-second token is valid for at least one more second, gone after three.
    const token = await issueAccessToken(key, { ...claims, sub: 'u1', scope: [] }, 2);
    await verify(token);
    await new Promise((resolve) => setTimeout(resolve, 3100));
    await expect(verify(token)).rejects.toThrow(/exp/);
  });

  it('refuses a token signed by a key that is not in the set', async () => {
    const ours = keyPair('ours');
    const theirs = keyPair('ours'); // same kid, other key: the signature must decide
    const token = await issueAccessToken(theirs.key, { ...claims, sub: 'u1', scope: ['all'] }, 60);
    await expect(tokenVerifier({ keys: [ours.jwk] })(token)).rejects.toThrow();
  });
});
