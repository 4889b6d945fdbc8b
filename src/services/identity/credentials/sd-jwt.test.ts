import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, exportJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { conceal, disclosable, reveal } from './disclosures.js';
import { issueSdJwt, parseSdJwt, presentSdJwt, readSdJwt, verifySdJwt, type SdJwtSigner } from './sd-jwt.js';

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const issuer = keyPair();
const holder = keyPair();
const signer: SdJwtSigner = { alg: 'ES256', kid: 'issuer-1', privateKey: issuer.privateKey };
const holderKey = { alg: 'ES256' as const, privateKey: holder.privateKey };
const binding = { nonce: 'nonce-1', audience: 'https://bank.example' };

let sdJwt: string;
beforeAll(async () => {
  const jwk = await exportJWK(holder.publicKey);
  sdJwt = await issueSdJwt({
    signer,
    typ: 'dc+sd-jwt',
    decoys: 2,
    claims: {
      iss: 'https://id.example',
      vct: 'https://id.example/vct/national-identity',
      exp: Math.floor(Date.now() / 1000) + 3600,
      cnf: { jwk },
      given_name: disclosable('Ada'),
      birthdate: disclosable('2001-02-03'),
      place_of_birth: disclosable({ district: disclosable('CEN-IBO'), province: disclosable('CEN') }),
      age_equal_or_over: disclosable({ '18': disclosable(true), '65': disclosable(false) }),
      nationalities: [disclosable('XDM'), 'XYZ'],
    },
  });
});

const verify = (text: string, keyBinding: typeof binding | false = binding) =>
  verifySdJwt(text, { issuerKey: issuer.publicKey, typ: ['dc+sd-jwt'], keyBinding });

describe('disclosures', () => {
  it('hide each marked claim behind a digest, with decoys, and come back whole', () => {
    const { payload, disclosures } = conceal(
      { a: 1, b: disclosable({ c: disclosable(2), d: 3 }), list: [disclosable('x')] },
      { decoys: 3 },
    );
    expect(payload).toMatchObject({ a: 1, list: [{ '...': expect.any(String) }] });
    expect(payload).not.toHaveProperty('b');
    expect((payload._sd as string[]).length).toBe(4);
    expect(
      reveal(
        payload,
        disclosures.map((d) => d.encoded),
      ),
    ).toEqual({ a: 1, b: { c: 2, d: 3 }, list: ['x'] });
    expect(reveal(payload, [])).toEqual({ a: 1, list: [] });
  });
});

describe('an SD-JWT presentation', () => {
  it('shows the district of birth and nothing else that was hidden', async () => {
    const shown = await presentSdJwt(sdJwt, { disclose: [['place_of_birth', 'district']], holderKey, ...binding });
    expect(parseSdJwt(shown).disclosures).toHaveLength(2);
    const { claims } = await verify(shown);
    expect(claims).toEqual({
      iss: 'https://id.example',
      vct: 'https://id.example/vct/national-identity',
      exp: expect.any(Number),
      cnf: expect.any(Object),
      place_of_birth: { district: 'CEN-IBO' },
      nationalities: ['XYZ'],
    });
  });

  it('proves 18 or over without the birth date or the other thresholds', async () => {
    const shown = await presentSdJwt(sdJwt, { disclose: [['age_equal_or_over', '18']], holderKey, ...binding });
    const { claims } = await verify(shown);
    expect(claims.age_equal_or_over).toEqual({ '18': true });
    expect(claims).not.toHaveProperty('birthdate');
  });

  it('shows a whole object when its path is chosen, and can be checked against a published key set', async () => {
    const shown = await presentSdJwt(sdJwt, {
      disclose: [['place_of_birth'], ['nationalities', 0]],
      holderKey,
      ...binding,
    });
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(issuer.publicKey)), kid: 'issuer-1' }] });
    const { claims } = await verifySdJwt(shown, { issuerKey: jwks, keyBinding: binding });
    expect(claims.place_of_birth).toEqual({ district: 'CEN-IBO', province: 'CEN' });
    expect(claims.nationalities).toEqual(['XDM', 'XYZ']);
  });

  it('is refused when a disclosure was changed', async () => {
    const shown = await presentSdJwt(sdJwt, { disclose: [['given_name']], holderKey, ...binding });
    const parts = shown.split('~');
    const [salt, ,] = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as [string];
    parts[1] = Buffer.from(JSON.stringify([salt, 'given_name', 'Eve'])).toString('base64url');
    await expect(verify(parts.join('~'))).rejects.toMatchObject({ reason: 'disclosure' });
  });

  it('is refused when a disclosure of another credential is slipped in, even under a fresh key binding', async () => {
    const other = await issueSdJwt({ signer, typ: 'dc+sd-jwt', claims: { given_name: disclosable('Eve') } });
    const foreign = parseSdJwt(other).disclosures[0]!;
    const { jwt } = parseSdJwt(sdJwt);
    const forged = await presentSdJwt(`${jwt}~${foreign}~`, { disclose: [], holderKey, ...binding });
    const parts = forged.split('~');
    await expect(verify(`${parts[0]}~${foreign}~${parts[1]}`)).rejects.toMatchObject({ reason: 'disclosure' });
  });

  it('is refused without key binding, with the wrong nonce or audience, or signed by another key', async () => {
    const shown = await presentSdJwt(sdJwt, { disclose: [['given_name']], holderKey, ...binding });
    const withoutKb = shown.slice(0, shown.lastIndexOf('~') + 1);
    await expect(verify(withoutKb)).rejects.toMatchObject({ reason: 'key-binding-missing' });
    await expect(verify(withoutKb, false)).resolves.toMatchObject({ claims: { given_name: 'Ada' } });
    await expect(verify(shown, { ...binding, nonce: 'nonce-2' })).rejects.toMatchObject({ reason: 'nonce' });
    await expect(verify(shown, { ...binding, audience: 'https://other.example' })).rejects.toMatchObject({
      reason: 'audience',
    });
    const thief = { alg: 'ES256' as const, privateKey: keyPair().privateKey };
    const stolen = await presentSdJwt(sdJwt, { disclose: [['given_name']], holderKey: thief, ...binding });
    await expect(verify(stolen)).rejects.toMatchObject({ reason: 'key-binding' });
  });

  it('is refused when disclosures are added after the key binding was signed', async () => {
    const shown = await presentSdJwt(sdJwt, { disclose: [['given_name']], holderKey, ...binding });
    const all = parseSdJwt(sdJwt).disclosures;
    const kb = shown.slice(shown.lastIndexOf('~') + 1);
    const extended = `${parseSdJwt(sdJwt).jwt}~${all.join('~')}~${kb}`;
    await expect(verify(extended)).rejects.toMatchObject({ reason: 'key-binding' });
  });

  it('is refused when the issuer signature is not genuine or the credential has expired', async () => {
    const { jwt } = parseSdJwt(sdJwt);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, vct: 'other' })).toString('base64url');
    const tampered = await presentSdJwt(`${header}.${altered}.${signature}~`, { disclose: [], holderKey, ...binding });
    await expect(verify(tampered)).rejects.toMatchObject({ reason: 'signature' });

    const shown = await presentSdJwt(sdJwt, { disclose: [], holderKey, ...binding });
    const later = new Date(Date.now() + 2 * 3600_000);
    await expect(
      verifySdJwt(shown, { issuerKey: issuer.publicKey, keyBinding: false, now: later }),
    ).rejects.toMatchObject({ reason: 'expired' });
  });

  it('lets its holder read everything it holds', () => {
    expect(readSdJwt(sdJwt).claims).toMatchObject({
      given_name: 'Ada',
      age_equal_or_over: { '18': true, '65': false },
    });
  });
});
