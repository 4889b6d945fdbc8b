/**
 * An authenticator app as second factor: enrolment (secret as QR code, confirmed by a code from the app), sign-in with
 * the app's code (each code good once), recovery codes (each good once), and removal with the password.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/services/auth/totp.js';
import { addUser, signIn, TEST_PASSWORD } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';

describe('authenticator app (TOTP)', () => {
  let civitas: TestCivitas;
  let secret: string;
  let recoveryCodes: string[];

  beforeAll(async () => {
    civitas = await startTestCivitas({ services: 'config,auth', 'auth.developmentCode': '000000' });
    await addUser(civitas, { username: 'amara', role: 'field-agent', phone: '+260977000111' });
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (method: 'POST' | 'DELETE' | 'GET', url: string, token?: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      ...(payload ? { payload } : {}),
    });
  const login = async () => {
    const step1 = await call('POST', '/auth/login', undefined, { username: 'amara', password: TEST_PASSWORD });
    return step1.json<{ challengeId: string; channel: string }>();
  };
  const verify = (challengeId: string, code: string) => call('POST', '/auth/verify', undefined, { challengeId, code });
  // The app's code for a time step other than the current one, as a phone with a slow clock shows it.
  const codeAt = (offsetSteps: number) => totpCode(secret, Date.now() + offsetSteps * 30_000);

  it('enrols: a secret to scan, confirmed by a code from the app, then ten recovery codes', async () => {
    const { accessToken } = await signIn(civitas, 'amara');
    const started = await call('POST', '/auth/totp', accessToken);
    expect(started.statusCode).toBe(200);
    ({ secret } = started.json());
    expect(started.json().otpauthUri).toMatch(/^otpauth:\/\/totp\/Civitas:amara\?secret=[A-Z2-7]+/);
    expect(started.json().qrCodeSvg).toContain('<svg');
    // Until confirmed, sign-in still uses the SMS/development code.
    expect((await login()).channel).toBe('development');

    const wrong = await call('POST', '/auth/totp/confirm', accessToken, { code: codeAt(5) });
    expect(wrong.json()).toMatchObject({ status: 401, code: 'AUTH_CODE_WRONG', field: 'code' });
    const confirmed = await call('POST', '/auth/totp/confirm', accessToken, { code: codeAt(-1) });
    expect(confirmed.statusCode).toBe(200);
    recoveryCodes = confirmed.json().recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await call('GET', '/auth/me', accessToken)).json()).toMatchObject({
      secondFactor: 'totp',
      recoveryCodesLeft: 10,
    });
    // The secret is kept sealed, and the recovery codes only as hashes.
    const { rows } = await sql<{
      totp_secret: string;
    }>`select totp_secret from auth.users where username = 'amara'`.execute(civitas.database.root);
    expect(rows[0]!.totp_secret).not.toContain(secret);
    const stored = await sql<{ code_hash: string }>`select code_hash from auth.recovery_codes`.execute(
      civitas.database.root,
    );
    for (const code of recoveryCodes) expect(stored.rows.map((row) => row.code_hash)).not.toContain(code);
  });

  it('asks for the app’s code at sign-in, and takes each code once', async () => {
    const first = await login();
    expect(first.channel).toBe('totp');
    // The fixed development code does not replace the app.
    expect((await verify(first.challengeId, '000000')).statusCode).toBe(401);
    const code = codeAt(1);
    expect((await verify(first.challengeId, code)).statusCode).toBe(200);
    const second = await login();
    expect((await verify(second.challengeId, code)).json()).toMatchObject({ code: 'AUTH_CODE_WRONG' });
  });

  it('takes a recovery code once instead of the app’s code', async () => {
    const [recovery] = recoveryCodes;
    const first = await login();
    expect((await verify(first.challengeId, recovery!.toUpperCase().replaceAll('-', ' '))).statusCode).toBe(200);
    const second = await login();
    expect((await verify(second.challengeId, recovery!)).statusCode).toBe(401);
    const { rows } = await sql<{ action: string }>`select action from auth.audit
      where action = 'totp.recovery-code-used'`.execute(civitas.database.root);
    expect(rows).toHaveLength(1);
  });

  it('removes the app only with the password', async () => {
    const challenge = await login();
    const { accessToken } = (await verify(challenge.challengeId, recoveryCodes[1]!)).json();
    expect((await call('DELETE', '/auth/totp', accessToken, { password: 'wrong password!' })).statusCode).toBe(401);
    expect((await call('DELETE', '/auth/totp', accessToken, { password: TEST_PASSWORD })).statusCode).toBe(204);
    expect((await login()).channel).toBe('development');
  });
});
