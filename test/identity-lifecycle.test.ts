/**
 * The identity of a person through the whole program, as the country runs it: a registered birth gets a UIN, which
 * the registry shows on the record and prints on the certificate; the person takes a credential into a wallet; a
 * registered death deactivates the identity and revokes the credential, which a verifier then sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUin } from '../src/services/identity/numbers/check.js';
import { readPdf } from '../src/services/registry/certificates/test-pdf.js';
import { type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { birthDeclaration, daysAgo, startDemoCountry } from './helpers/records.js';
import { createTestWallet, injectFetch, trustIssuer } from './helpers/wallet.js';

const ISSUER = 'https://id.civitas.test';

describe('an identity from birth to death', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    ({ civitas, tokens } = await startDemoCountry(['f.agent', 'l.registrar', 'n.registrar'], {
      services: 'config,auth,registry,identity,search',
      'identity.poolSize': '200',
      'identity.poolRefillBelow': '50',
      'identity.credentials.issuerUrl': ISSUER,
    }));
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload ? { payload } : {}),
    });

  async function register(eventType: 'birth' | 'death', data: object) {
    const { id } = (await call('f.agent', 'POST', '/records', { eventType })).json();
    const declared = await call('f.agent', 'POST', `/records/${id}/declare`, { version: 1, data });
    expect(declared.statusCode, declared.body).toBe(200);
    const registered = await call('l.registrar', 'POST', `/records/${id}/register`, { version: 2 });
    expect(registered.json(), registered.body).toMatchObject({ status: 'REGISTERED' });
    return registered.json() as { id: string; version: number };
  }

  it('issues a UIN at birth, shown on the record and printed on the certificate; a death revokes the wallet credential', async () => {
    const birth = await register('birth', birthDeclaration('CEN-IBO', daysAgo(2)));
    const uin = await eventually('the registry shows the UIN', async () => {
      const record = (await call('l.registrar', 'GET', `/records/${birth.id}`)).json();
      return (record.identityNumber as string | null) ?? undefined;
    });
    expect(checkUin(uin)).toEqual({ valid: true });
    // Linking the UIN is not an action: the record's version is the one the registrar holds.
    const printed = await call('l.registrar', 'POST', `/records/${birth.id}/certificate`, { version: birth.version });
    expect(printed.statusCode, printed.body).toBe(200);
    const page = (await readPdf(printed.rawPayload)).pages[0]!;
    expect(page.text).toContain(uin);

    // The person (here: the parent for the child) takes a credential into a wallet.
    const fetch = injectFetch(civitas.app);
    const offer = await call('l.registrar', 'POST', '/identity/credential-offers', { uin });
    expect(offer.statusCode, offer.body).toBe(201);
    const wallet = createTestWallet(fetch);
    await wallet.receive(offer.json().credentialOfferUri, offer.json().txCode);
    const claims = wallet.read();
    expect(claims).toMatchObject({ uin, given_name: 'Ada', place_of_birth: { district: 'CEN-IBO' } });
    expect(claims.iss).toBe(ISSUER);
    const verifier = await trustIssuer(fetch, ISSUER);
    const nonce = verifier.newNonce();
    const seen = await verifier.verify(
      await wallet.present({ disclose: [['age_equal_or_over', '18']], nonce, audience: verifier.audience }),
      nonce,
    );
    expect(seen.age_equal_or_over).toEqual({ '18': false });
    expect(await verifier.status(claims)).toBe('valid');

    // A registered death: the identity is deactivated and the credential revoked.
    await register('death', {
      deceased: { firstNames: 'Ada', familyName: 'Mwale', sex: 'female', nationalId: uin, maritalStatus: 'single' },
      death: {
        dateOfDeath: daysAgo(1),
        placeOfDeathType: 'other',
        placeOfDeathArea: 'CEN-IBO',
        placeOfDeathAddress: 'Plot 12, Ibombo',
        manner: 'natural',
      },
      informant: { type: 'other-family', relationship: 'Aunt', firstNames: 'Grace', familyName: 'Mwale' },
    });
    await eventually('the credential is revoked', async () =>
      (await verifier.status(claims)) === 'revoked' ? true : undefined,
    );
    const identity = (await call('n.registrar', 'GET', `/identities/${uin}`)).json();
    expect(identity.status).toBe('deactivated');
    const again = await call('l.registrar', 'POST', '/identity/credential-offers', { uin });
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
  });
});
