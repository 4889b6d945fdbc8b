/**
 * The verification API of relying parties: partners authenticate with their API key (not staff tokens), within
 * their policy and rate limit; demographic answers say yes or no per field and never the stored values; codes go to
 * the person's contact on record, expire and allow few attempts; e-KYC returns only what the policy allows; VIDs
 * stand for the UIN; and every verification is logged for the person and staff to see.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVid } from '../src/services/identity/numbers/check.js';
import { identityDb } from '../src/services/identity/tables.js';
import { sentMessages, tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';

const RATE = 40;

describe('identity verification by relying parties', () => {
  let civitas: TestCivitas;
  let staff: string;
  let admin: string;
  let person: { uin: string; identityId: string };

  beforeAll(async () => {
    civitas = await startTestCivitas({
      env: 'development',
      services: 'config,auth,identity,notify',
      'outbox.pollIntervalMs': '50',
      'notify.pollIntervalMs': '50',
      'identity.poolSize': '200',
      'identity.poolRefillBelow': '50',
      'identity.partnerRatePerMinute': String(RATE),
    });
    staff = await tokenWith(civitas, ['identity.enrol', 'identity.read', 'identity.vid.manage', 'identity.review']);
    admin = await tokenWith(civitas, ['identity.partner.manage']);
    person = await enrol({
      givenNames: 'Mutinta Grace',
      familyName: 'Hamoonga',
      birthDate: '1988-06-14',
      sex: 'female',
      phone: '+260977123456',
    });
  });
  afterAll(async () => {
    await civitas.close();
  });

  const staffCall = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = staff) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const partnerCall = (
    url: string,
    payload: object,
    key?: string,
    header: 'x-api-key' | 'authorization' = 'x-api-key',
  ) =>
    civitas.app.inject({
      method: 'POST',
      url: `/api/v1/identity${url}`,
      headers:
        key === undefined ? {} : header === 'x-api-key' ? { 'x-api-key': key } : { authorization: `ApiKey ${key}` },
      payload,
    });

  async function enrol(body: object): Promise<{ uin: string; identityId: string }> {
    const enrolled = await staffCall('POST', '/identities', body);
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    return enrolled.json();
  }

  async function partner(policy: object, name = 'Bank of Demoland') {
    const registered = await staffCall('POST', '/identity/partners', { name, policy }, admin);
    expect(registered.statusCode, registered.body).toBe(201);
    return registered.json<{ id: string; apiKey: string }>();
  }

  async function codeSentTo(phone: string, after: number): Promise<string> {
    return eventually(`a code sent to ${phone}`, async () => {
      const messages = sentMessages(civitas).filter((message) => message.to === phone);
      const body = messages.length > after ? messages.at(-1)!.body : undefined;
      return body?.match(/\b(\d{6})\b/)?.[1];
    });
  }

  it('documents the partner routes in OpenAPI with their API-key scheme', async () => {
    const response = await civitas.app.inject({ url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.components.securitySchemes.apiKey).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(document.paths['/api/v1/identity/verify/demographic'].post.security).toEqual([{ apiKey: [] }]);
  });

  it('refuses calls without a key, with a wrong, rotated or revoked key, and outside the policy', async () => {
    const question = { individualId: person.uin, familyName: 'Hamoonga' };
    const none = await partnerCall('/verify/demographic', question);
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('IDENTITY_PARTNER_UNAUTHENTICATED');
    // A staff token is not a partner key.
    const staffToken = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/identity/verify/demographic',
      headers: { authorization: `Bearer ${staff}` },
      payload: question,
    });
    expect(staffToken.statusCode).toBe(401);
    expect((await partnerCall('/verify/demographic', question, 'cvp_not-a-key')).statusCode).toBe(401);

    const bank = await partner({ verificationTypes: ['demographic'] });
    expect((await partnerCall('/verify/demographic', question, bank.apiKey)).statusCode).toBe(200);
    expect((await partnerCall('/verify/demographic', question, bank.apiKey, 'authorization')).statusCode).toBe(200);
    const forbidden = await partnerCall('/otp', { individualId: person.uin }, bank.apiKey);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('IDENTITY_VERIFICATION_NOT_ALLOWED');
    const lenient = await partnerCall('/verify/demographic', { ...question, matchType: 'phonetic' }, bank.apiKey);
    expect(lenient.statusCode).toBe(403);

    const rotated = (await staffCall('POST', `/identity/partners/${bank.id}/rotate-key`, undefined, admin)).json();
    expect((await partnerCall('/verify/demographic', question, bank.apiKey)).statusCode).toBe(401);
    expect((await partnerCall('/verify/demographic', question, rotated.apiKey)).statusCode).toBe(200);
    await staffCall('POST', `/identity/partners/${bank.id}/revoke`, undefined, admin);
    expect((await partnerCall('/verify/demographic', question, rotated.apiKey)).statusCode).toBe(401);

    const listed = (await staffCall('GET', '/identity/partners', undefined, admin)).body;
    expect(listed).not.toContain(rotated.apiKey);
    const { rows } = await sql<{ key_hash: string }>`select key_hash from identity.partners`.execute(
      civitas.database.root,
    );
    expect(rows.map((row) => row.key_hash).join()).not.toContain(rotated.apiKey);
  });

  it('limits each partner to its requests per minute, with Retry-After', async () => {
    const busy = await partner({ verificationTypes: ['demographic'] }, 'Busy telco');
    const calm = await partner({ verificationTypes: ['demographic'] }, 'Calm clinic');
    const question = { individualId: person.uin, sex: 'female' };
    for (let call = 0; call < RATE; call++) {
      expect((await partnerCall('/verify/demographic', question, busy.apiKey)).statusCode).toBe(200);
    }
    const limited = await partnerCall('/verify/demographic', question, busy.apiKey);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await partnerCall('/verify/demographic', question, calm.apiKey)).statusCode).toBe(200);
  });

  it('answers yes or no per field with the match type used, never the stored values', async () => {
    const bank = await partner({ verificationTypes: ['demographic'], matchTypes: ['partial', 'phonetic'] });
    const exact = await partnerCall(
      '/verify/demographic',
      { individualId: person.uin, name: 'Mutinta Grace Hamoonga', birthDate: '1988-06-14', sex: 'female' },
      bank.apiKey,
    );
    expect(exact.json()).toMatchObject({
      match: true,
      fields: {
        name: { match: true, matchType: 'exact' },
        birthDate: { match: true, matchType: 'exact' },
        sex: { match: true, matchType: 'exact' },
      },
    });

    const wrong = await partnerCall(
      '/verify/demographic',
      { individualId: person.uin, givenNames: 'Mutinta', familyName: 'Banda', birthDate: '1990-01-01' },
      bank.apiKey,
    );
    expect(wrong.json()).toMatchObject({
      match: false,
      fields: {
        givenNames: { match: false, matchType: null },
        familyName: { match: false, matchType: null },
        birthDate: { match: false, matchType: null },
      },
    });
    for (const stored of ['Hamoonga', 'Grace', '1988', '+260977123456', person.identityId]) {
      expect(wrong.body).not.toContain(stored);
    }

    const partial = await partnerCall(
      '/verify/demographic',
      { individualId: person.uin, givenNames: 'Mutinta', familyName: 'Hamonga', matchType: 'partial' },
      bank.apiKey,
    );
    expect(partial.json()).toMatchObject({
      match: true,
      fields: { givenNames: { match: true, matchType: 'partial' }, familyName: { match: true, matchType: 'partial' } },
    });
    const exactOnly = await partnerCall(
      '/verify/demographic',
      { individualId: person.uin, givenNames: 'Mutinta' },
      bank.apiKey,
    );
    expect(exactOnly.json()).toMatchObject({ match: false });
    const phonetic = await partnerCall(
      '/verify/demographic',
      { individualId: person.uin, familyName: 'Hamunga', matchType: 'phonetic' },
      bank.apiKey,
    );
    expect(phonetic.json().fields.familyName.match).toBe(true);

    const unknown = await partnerCall(
      '/verify/demographic',
      { individualId: '2345678912', sex: 'female' },
      bank.apiKey,
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'IDENTITY_NUMBER_INVALID', field: 'individualId' });
  });

  it('sends a code to the contact on record, which expires and allows few attempts', async () => {
    const clinic = await partner({ verificationTypes: ['otp'] }, 'Demo clinic');
    const phone = '+260977123456';
    const request = async () => {
      const before = sentMessages(civitas).filter((message) => message.to === phone).length;
      const asked = await partnerCall('/otp', { individualId: person.uin }, clinic.apiKey);
      expect(asked.json(), asked.body).toMatchObject({ sent: true, channel: 'sms' });
      expect(asked.body).not.toContain(phone);
      return { transactionId: asked.json().transactionId as string, code: await codeSentTo(phone, before) };
    };
    const check = (transactionId: string, otp: string) =>
      partnerCall('/verify/otp', { individualId: person.uin, transactionId, otp }, clinic.apiKey);
    const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    const first = await request();
    expect((await check(first.transactionId, wrongOf(first.code))).json()).toMatchObject({
      verified: false,
      reason: 'otp-wrong',
    });
    expect((await check(first.transactionId, first.code)).json()).toMatchObject({ verified: true });
    expect((await check(first.transactionId, first.code)).json()).toMatchObject({
      verified: false,
      reason: 'otp-used',
    });
    const { rows } = await sql<{ code_hash: string }>`select code_hash from identity.otps
      where id = ${first.transactionId}`.execute(civitas.database.root);
    expect(rows[0]!.code_hash).not.toContain(first.code);

    const guessed = await request();
    for (let attempt = 0; attempt < 3; attempt++) await check(guessed.transactionId, wrongOf(guessed.code));
    expect((await check(guessed.transactionId, guessed.code)).json()).toMatchObject({
      verified: false,
      reason: 'otp-attempts',
    });

    const late = await request();
    await sql`update identity.otps set expires_at = now() - interval '1 second'
      where id = ${late.transactionId}`.execute(civitas.database.root);
    expect((await check(late.transactionId, late.code)).json()).toMatchObject({
      verified: false,
      reason: 'otp-expired',
    });
  });

  it('returns with e-KYC, the person’s code as consent, only the attributes the policy allows', async () => {
    const telco = await partner(
      { verificationTypes: ['ekyc'], ekycAttributes: ['givenNames', 'familyName', 'birthDate'] },
      'Demo telco',
    );
    const phone = '+260977123456';
    const before = sentMessages(civitas).filter((message) => message.to === phone).length;
    const { transactionId } = (await partnerCall('/otp', { individualId: person.uin }, telco.apiKey)).json();
    const code = await codeSentTo(phone, before);
    const refused = await partnerCall(
      '/verify/ekyc',
      { individualId: person.uin, transactionId, otp: code === '000000' ? '000001' : '000000' },
      telco.apiKey,
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('IDENTITY_OTP_INVALID');
    const kyc = await partnerCall(
      '/verify/ekyc',
      { individualId: person.uin, transactionId, otp: code, attributes: ['givenNames', 'birthDate', 'phone', 'sex'] },
      telco.apiKey,
    );
    expect(kyc.json()).toEqual({
      transactionId: expect.any(String),
      verified: true,
      attributes: { givenNames: 'Mutinta Grace', birthDate: '1988-06-14' },
    });
  });

  it('verifies with virtual IDs that never reveal the UIN: one-time, revoked and expired ones refused', async () => {
    const bank = await partner({ verificationTypes: ['demographic'] }, 'VID bank');
    const make = async (type: string, extra: object = {}) => {
      const made = await staffCall('POST', `/identities/${person.uin}/vids`, { type, ...extra });
      expect(made.statusCode, made.body).toBe(201);
      return made.json<{ vid: string }>().vid;
    };
    const ask = (vid: string) => partnerCall('/verify/demographic', { individualId: vid, sex: 'female' }, bank.apiKey);

    const oneTime = await make('one-time');
    expect(checkVid(oneTime)).toEqual({ valid: true });
    const first = await ask(oneTime);
    expect(first.json()).toMatchObject({ match: true });
    expect(first.body).not.toContain(person.uin);
    expect((await ask(oneTime)).json()).toMatchObject({ match: false, reason: 'vid-used' });

    const perpetual = await make('perpetual');
    expect((await ask(perpetual)).json()).toMatchObject({ match: true });
    expect((await ask(perpetual)).json()).toMatchObject({ match: true });
    await staffCall('POST', `/identities/${person.uin}/vids/${perpetual}/revoke`);
    expect((await ask(perpetual)).json()).toMatchObject({ match: false, reason: 'vid-revoked' });

    const temporary = await make('temporary', { expiresInMinutes: 5 });
    expect((await ask(temporary)).json()).toMatchObject({ match: true });
    await sql`update identity.vids set expires_at = now() - interval '1 second' where vid = ${temporary}`.execute(
      civitas.database.root,
    );
    expect((await ask(temporary)).json()).toMatchObject({ match: false, reason: 'vid-expired' });
  });

  it('shows staff and the person who verified them, without personal data in the log', async () => {
    const other = await enrol({
      givenNames: 'Bwalya',
      familyName: 'Zulu',
      birthDate: '1975-02-03',
      sex: 'male',
      phone: '+260966555444',
    });
    const bank = await partner({ verificationTypes: ['demographic'] }, 'Zulu bank');
    await partnerCall('/verify/demographic', { individualId: other.uin, familyName: 'Zulu' }, bank.apiKey);
    await partnerCall('/verify/demographic', { individualId: other.uin, familyName: 'Banda' }, bank.apiKey);

    const listed = await staffCall('GET', `/identities/${other.uin}/verifications`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ type: 'demographic', result: 'no', partner: { id: bank.id, name: 'Zulu bank' } }),
      expect.objectContaining({ type: 'demographic', result: 'yes', partner: { id: bank.id, name: 'Zulu bank' } }),
    ]);
    const log = await identityDb(civitas.database).selectFrom('transactions').selectAll().execute();
    expect(JSON.stringify(log)).not.toContain(other.uin);
    expect(JSON.stringify(log)).not.toContain('Zulu');
    const audit = await sql<{ action: string }>`select action from identity.audit_log
      where subject = ${other.identityId} and action = 'identity.verifications.read'`.execute(civitas.database.root);
    expect(audit.rows).toHaveLength(1);

    // The person themselves, with a code sent to their own phone.
    const before = sentMessages(civitas).filter((message) => message.to === '+260966555444').length;
    const asked = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/identity/self/otp',
      payload: { individualId: other.uin },
    });
    expect(asked.json()).toMatchObject({ sent: true });
    const code = await codeSentTo('+260966555444', before);
    const own = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/identity/self/verifications',
      payload: { individualId: other.uin, transactionId: asked.json().transactionId, otp: code },
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().items.filter((item: { partner: unknown }) => item.partner !== null)).toHaveLength(2);
  });
});
