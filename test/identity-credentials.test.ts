/**
 * Identity credentials end to end: a staff member offers, a test wallet receives an SD-JWT VC over OpenID4VCI, presents
 * chosen claims to a test verifier that checks them offline, and revocation reaches the verifier through the status
 * list. The credential routes run on a real HTTP server over the real identity schema (PGlite or PostgreSQL).
 * The whole program's path (a registered birth's UIN, a death revoking the credential) is test/identity-lifecycle.test.ts.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditMigrations } from '../src/core/audit/tables.js';
import { migrate } from '../src/core/db/migrate.js';
import { coreEventMigrations } from '../src/core/events/tables.js';
import { uuidv7 } from '../src/core/events/uuidv7.js';
import { defaultAccessPolicy } from '../src/core/http/access.js';
import { API_PREFIX, createHttpServer, type HttpApp } from '../src/core/http/server.js';
import { createLogger } from '../src/core/log.js';
import { createMetrics } from '../src/core/metrics.js';
import { makeCredentialDeps, type CredentialSettings } from '../src/services/identity/credentials/deps.js';
import { credentialMigrations, revokeCredentialsOf } from '../src/services/identity/credentials/index.js';
import { credentialPublicRoutes } from '../src/services/identity/credentials/root-routes.js';
import { credentialApiRoutes } from '../src/services/identity/credentials/routes.js';
import { createIdentities } from '../src/services/identity/migrations/0001-create-identities.js';
import { createVerification } from '../src/services/identity/migrations/0002-verification.js';
import { openTestDatabase } from './helpers/database.js';
import { daysAgo } from './helpers/records.js';
import { createTestWallet, injectFetch, trustIssuer, WalletError, type TestVerifier } from './helpers/wallet.js';

const ISSUER = 'https://id.civitas.test';
const SECRET = 'a test secret key of at least thirty-two characters';
const settings: CredentialSettings = {
  issuerUrl: ISSUER,
  validityDays: 365,
  offerMinutes: 60,
  issuingCountry: 'XD',
  ageThresholds: [12, 14, 16, 18, 21, 65],
};

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let app: HttpApp;
const calls: string[] = [];
const fetch = (...args: Parameters<ReturnType<typeof injectFetch>>) => injectFetch(app, calls)(...args);
let verifier: TestVerifier;

beforeAll(async () => {
  database = await openTestDatabase();
  await migrate(database.root, [
    {
      schema: 'identity',
      migrations: [
        ...coreEventMigrations,
        ...auditMigrations,
        createIdentities,
        createVerification,
        ...credentialMigrations,
      ],
    },
  ]);
  const deps = makeCredentialDeps({ db: database.forSchema('identity'), secretKey: SECRET, settings });
  app = await createHttpServer({
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    bodyLimitBytes: 1_048_576,
    trustProxy: false,
    version: 'test',
    access: () => defaultAccessPolicy('test'),
  });
  await app.register(async (scoped) => credentialApiRoutes(scoped as HttpApp, deps), { prefix: API_PREFIX });
  await app.register(async (scoped) => credentialPublicRoutes(scoped as HttpApp, deps));
  await app.ready();
  verifier = await trustIssuer(fetch, ISSUER);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

let nextUin = 5_918_043_600;
/** An identity as the identity core keeps it, born in Ibombo district of Central province. */
async function identity(birthDate = '1990-04-02', status: 'active' | 'deactivated' = 'active') {
  const id = uuidv7();
  const uin = String((nextUin += 7));
  await sql`insert into identity.identities (id, uin, status, given_names, family_name, birth_date, sex, birth_area,
      birth_area_path, source, family_name_code)
    values (${id}, ${uin}, ${status}, 'Ada', 'Mwale', ${birthDate}, 'female', 'CEN-IBO', ${JSON.stringify(['CEN-IBO', 'CEN'])}::jsonb,
      'birth', 'MAL')`.execute(database.root);
  return { id, uin };
}

async function offer(uin: string) {
  const response = await app.inject({ method: 'POST', url: '/api/v1/identity/credential-offers', payload: { uin } });
  return { status: response.statusCode, body: response.json() };
}

async function offered(uin: string): Promise<{ credentialOfferUri: string; txCode: string }> {
  const { status, body } = await offer(uin);
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WalletError);
  return error as WalletError;
};

describe('identity credentials in a wallet', () => {
  it('publish the issuer, authorization server and key metadata wallets and verifiers discover them by', async () => {
    const issuer: unknown = await (await fetch(`${ISSUER}/.well-known/openid-credential-issuer`)).json();
    expect(issuer).toMatchObject({
      credential_issuer: ISSUER,
      authorization_servers: [`${ISSUER}/identity/oid4vci`],
      credential_endpoint: `${ISSUER}/api/v1/identity/oid4vci/credential`,
      nonce_endpoint: `${ISSUER}/api/v1/identity/oid4vci/nonce`,
      credential_configurations_supported: {
        'national-identity': { format: 'dc+sd-jwt', vct: `${ISSUER}/identity/vct/national-identity` },
      },
    });
    const server: unknown = await (
      await fetch(`${ISSUER}/.well-known/oauth-authorization-server/identity/oid4vci`)
    ).json();
    expect(server).toMatchObject({
      issuer: `${ISSUER}/identity/oid4vci`,
      token_endpoint: `${ISSUER}/api/v1/identity/oid4vci/token`,
      'pre-authorized_grant_anonymous_access_supported': true,
    });
    const { jwks } = (await (await fetch(`${ISSUER}/.well-known/jwt-vc-issuer`)).json()) as {
      jwks: { keys: object[] };
    };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256' })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const missing = await fetch(`${ISSUER}/identity/status-lists/999`);
    expect(await missing.json()).toMatchObject({ code: 'IDENTITY_CREDENTIAL_STATUS_LIST_NOT_FOUND' });
  });

  it('issues a credential the holder reads in full, bound to the wallet key, that states age and not a stale one', async () => {
    const person = await identity('1990-04-02');
    const wallet = createTestWallet(fetch);
    const { credentialOfferUri, txCode } = await offered(person.uin);
    expect(txCode).toMatch(/^\d{6}$/);
    await wallet.receive(credentialOfferUri, txCode);
    const claims = wallet.read();
    expect(claims).toMatchObject({
      iss: ISSUER,
      vct: `${ISSUER}/identity/vct/national-identity`,
      uin: person.uin,
      given_name: 'Ada',
      family_name: 'Mwale',
      birthdate: '1990-04-02',
      sex: 'female',
      issuing_country: 'XD',
      place_of_birth: { district: 'CEN-IBO', province: 'CEN' },
      age_equal_or_over: { '12': true, '18': true, '21': true, '65': false },
      status: { status_list: { idx: expect.any(Number), uri: `${ISSUER}/identity/status-lists/1` } },
    });
    expect((claims.cnf as { jwk: object }).jwk).not.toHaveProperty('d');
    // No later than the 65th birthday, when "65 or over: false" would become untrue.
    expect((claims.exp as number) * 1000).toBeLessThanOrEqual(Date.parse('2055-04-02T00:00:00Z'));
  });

  it('lets the holder prove the district of birth alone, checked offline by the verifier', async () => {
    const person = await identity();
    const wallet = createTestWallet(fetch);
    const { credentialOfferUri, txCode } = await offered(person.uin);
    await wallet.receive(credentialOfferUri, txCode);

    const nonce = verifier.newNonce();
    const presentation = await wallet.present({
      disclose: [['place_of_birth', 'district']],
      nonce,
      audience: verifier.audience,
    });
    const before = calls.length;
    const seen = await verifier.verify(presentation, nonce);
    expect(calls.length).toBe(before); // offline: no request to the issuer
    expect(seen.place_of_birth).toEqual({ district: 'CEN-IBO' });
    for (const hidden of ['uin', 'given_name', 'family_name', 'birthdate', 'sex', 'age_equal_or_over']) {
      expect(seen).not.toHaveProperty(hidden);
    }
    expect(presentation).not.toContain(person.uin);
  });

  it('lets the holder prove being 18 or over without the birth date, and a child proves not being 18', async () => {
    const adult = createTestWallet(fetch);
    const offerOfAdult = await offered((await identity('1990-04-02')).uin);
    await adult.receive(offerOfAdult.credentialOfferUri, offerOfAdult.txCode);
    const nonce = verifier.newNonce();
    const seen = await verifier.verify(
      await adult.present({ disclose: [['age_equal_or_over', '18']], nonce, audience: verifier.audience }),
      nonce,
    );
    expect(seen.age_equal_or_over).toEqual({ '18': true });
    expect(seen).not.toHaveProperty('birthdate');
    expect(seen).not.toHaveProperty('place_of_birth');

    const child = createTestWallet(fetch);
    const offerOfChild = await offered((await identity(daysAgo(3))).uin);
    await child.receive(offerOfChild.credentialOfferUri, offerOfChild.txCode);
    const childNonce = verifier.newNonce();
    const childSeen = await verifier.verify(
      await child.present({ disclose: [['age_equal_or_over', '18']], nonce: childNonce, audience: verifier.audience }),
      childNonce,
    );
    expect(childSeen.age_equal_or_over).toEqual({ '18': false });
  });

  it('refuses a presentation with an altered disclosure, for another nonce, or without key binding', async () => {
    const wallet = createTestWallet(fetch);
    const { credentialOfferUri, txCode } = await offered((await identity()).uin);
    await wallet.receive(credentialOfferUri, txCode);
    const nonce = verifier.newNonce();
    const presentation = await wallet.present({ disclose: [['given_name']], nonce, audience: verifier.audience });

    const parts = presentation.split('~');
    const [salt] = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as [string];
    parts[1] = Buffer.from(JSON.stringify([salt, 'given_name', 'Eve'])).toString('base64url');
    await expect(verifier.verify(parts.join('~'), nonce)).rejects.toMatchObject({ reason: 'disclosure' });
    await expect(verifier.verify(presentation, verifier.newNonce())).rejects.toMatchObject({ reason: 'nonce' });
    const withoutKb = presentation.slice(0, presentation.lastIndexOf('~') + 1);
    await expect(verifier.verify(withoutKb, nonce)).rejects.toMatchObject({ reason: 'key-binding-missing' });
    await expect(verifier.verify(presentation, nonce)).resolves.toMatchObject({ given_name: 'Ada' });
  });

  it('revokes: the verifier sees the credential revoked in the status list, and a death revokes them all', async () => {
    const person = await identity();
    const wallet = createTestWallet(fetch);
    const first = await offered(person.uin);
    await wallet.receive(first.credentialOfferUri, first.txCode);
    const second = await offered(person.uin);
    await wallet.receive(second.credentialOfferUri, second.txCode);
    const [one, two] = wallet.credentials.map((credential) => wallet.read(credential));
    expect(await verifier.status(one!)).toBe('valid');

    const listed = await app.inject({ method: 'GET', url: `/api/v1/identity/credentials?uin=${person.uin}` });
    const credentials = listed.json().credentials as Array<{ id: string; statusIndex: number }>;
    expect(credentials).toHaveLength(2);
    const target = credentials.find(
      (credential) => credential.statusIndex === (one!.status as { status_list: { idx: number } }).status_list.idx,
    )!;
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/v1/identity/credentials/${target.id}/revoke`,
      payload: { reason: 'phone lost' },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ revokedReason: 'phone lost', revokedAt: expect.any(String) });
    expect(await verifier.status(one!)).toBe('revoked');
    expect(await verifier.status(two!)).toBe('valid');

    const pending = await offered(person.uin);
    await database
      .forSchema('identity')
      .transaction()
      .execute(async (tx) => {
        await revokeCredentialsOf(tx, person.id, 'death registered');
        await revokeCredentialsOf(tx, person.id, 'death registered'); // twice changes nothing
      });
    expect(await verifier.status(two!)).toBe('revoked');
    const late = await refusal(createTestWallet(fetch).receive(pending.credentialOfferUri, pending.txCode));
    expect(late).toMatchObject({ step: 'token', status: 400, body: { error: 'invalid_grant' } });

    const unknown = await app.inject({
      method: 'POST',
      url: `/api/v1/identity/credentials/${uuidv7()}/revoke`,
      payload: { reason: 'x' },
    });
    expect(unknown.json()).toMatchObject({ code: 'IDENTITY_CREDENTIAL_NOT_FOUND' });
  });

  it('refuses an offer used twice, a wrong PIN (five times spends it), and an expired offer', async () => {
    const person = await identity();
    const used = await offered(person.uin);
    await createTestWallet(fetch).receive(used.credentialOfferUri, used.txCode);
    const twice = await refusal(createTestWallet(fetch).receive(used.credentialOfferUri, used.txCode));
    expect(twice).toMatchObject({ step: 'token', status: 400, body: { error: 'invalid_grant' } });
    expect(twice.body.detail).toMatch(/used already/);

    const guessed = await offered(person.uin);
    const wrong = guessed.txCode === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await refusal(createTestWallet(fetch).receive(guessed.credentialOfferUri, wrong));
      expect(error.body).toMatchObject({ error: 'invalid_grant', code: 'IDENTITY_CREDENTIAL_INVALID_GRANT' });
    }
    const spent = await refusal(createTestWallet(fetch).receive(guessed.credentialOfferUri, guessed.txCode));
    expect(spent.body.detail).toMatch(/spent/);

    const expired = await offered(person.uin);
    await sql`update identity.credential_offers set expires_at = now() - interval '1 second'
      where identity_id = ${person.id} and redeemed_at is null and tx_code_failures = 0`.execute(database.root);
    const late = await refusal(createTestWallet(fetch).receive(expired.credentialOfferUri, expired.txCode));
    expect(late.body.detail).toMatch(/expired/);
  });

  it('refuses a key proof over a nonce the issuer never made, and lets the access token buy one credential only', async () => {
    const { credentialOfferUri, txCode } = await offered((await identity()).uin);
    const error = await refusal(createTestWallet(fetch).receive(credentialOfferUri, txCode, { proofNonce: 'made-up' }));
    expect(error).toMatchObject({ step: 'credential', status: 400, body: { error: 'invalid_nonce' } });

    const noToken = await fetch(`${ISSUER}/api/v1/identity/oid4vci/credential`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ credential_configuration_id: 'national-identity', proofs: { jwt: ['x.y.z'] } }),
    });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await noToken.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('gives a deactivated identity no offer and no credential', async () => {
    const dead = await identity('1950-01-01', 'deactivated');
    expect(await offer(dead.uin)).toMatchObject({
      status: 409,
      body: { code: 'IDENTITY_CREDENTIAL_IDENTITY_NOT_ACTIVE' },
    });
    expect(await offer('5918043672999')).toMatchObject({
      status: 404,
      body: { code: 'IDENTITY_CREDENTIAL_IDENTITY_NOT_FOUND' },
    });

    // Offered while alive, deactivated before the wallet asks for the credential.
    const person = await identity();
    const { credentialOfferUri, txCode } = await offered(person.uin);
    await sql`update identity.identities set status = 'deactivated' where id = ${person.id}`.execute(database.root);
    const error = await refusal(createTestWallet(fetch).receive(credentialOfferUri, txCode));
    expect(error).toMatchObject({ step: 'credential', status: 409, body: { error: 'credential_request_denied' } });
  });
});
