/** Secrets and personal data never reach the log or the printed configuration. */
import { describe, expect, it } from 'vitest';
import { REDACTED_KEYS } from '../src/core/log.js';
import { totpCode } from '../src/services/auth/totp.js';
import { addUser, sentMessages, TEST_PASSWORD } from './helpers/auth.js';
import { startTestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { captureLog } from './helpers/log.js';
import { runCivitas } from './helpers/process.js';

describe('redaction', () => {
  it('redacts secret and personal fields wherever they sit in a logged object', () => {
    const captured = captureLog('info');
    const log = captured.log;
    log.info(
      {
        password: 'hunter2',
        body: { firstName: 'Ada', familyName: 'Lovelace', token: 'tok-123' },
        req: { headers: { authorization: 'Bearer abc.def', cookie: 'sid=s3cr3t' } },
        nested: { deeper: { secret: 'deep-secret' } },
      },
      'hello',
    );
    for (const value of ['hunter2', 'Ada', 'Lovelace', 'tok-123', 'abc.def', 's3cr3t', 'deep-secret']) {
      expect(captured.text()).not.toContain(value);
    }
    expect(captured.text()).toContain('[redacted]');
    expect(REDACTED_KEYS).toContain('password');
  });

  it('`civitas config check` masks the database password and the secret key', async () => {
    const result = await runCivitas(['config', 'check'], {
      DATABASE_URL: 'postgres://civitas:hunter2@db.internal:5432/civitas',
      CIVITAS_SECRET_KEY: 'k'.repeat(48),
      NATS_TOKEN: 'nats-token-value',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('postgres://civitas:********@db.internal:5432/civitas');
    for (const secret of ['hunter2', 'k'.repeat(48), 'nats-token-value']) expect(result.stdout).not.toContain(secret);
  });
});

describe('a whole run of sign-ins and account work, logged at trace level', () => {
  it('never writes a password, code, token, secret or recovery code to the log', async () => {
    const captured = captureLog('trace');
    const civitas = await startTestCivitas(
      { services: 'config,auth,notify', 'outbox.pollIntervalMs': '50', 'notify.pollIntervalMs': '50' },
      { log: captured.log },
    );
    try {
      const secrets: string[] = [TEST_PASSWORD];
      const post = (url: string, payload: object, token?: string) =>
        civitas.app.inject({
          method: 'POST',
          url: `/api/v1${url}`,
          payload,
          ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
        });
      const phone = '+260977000111';
      await addUser(civitas, { username: 'amara', role: 'national-sysadmin', phone });
      const codeFrom = async (pattern: RegExp, seen: number) => {
        const message = await eventually(
          'a message',
          async () => sentMessages(civitas).filter((sent) => sent.to === phone)[seen],
        );
        return pattern.exec(message.body)![1]!;
      };

      const step1 = (await post('/auth/login', { username: 'amara', password: TEST_PASSWORD })).json();
      const code = await codeFrom(/(\d{6})/, 0);
      const tokens = (await post('/auth/verify', { challengeId: step1.challengeId, code })).json();
      const renewed = (await post('/auth/refresh', { refreshToken: tokens.refreshToken })).json();
      secrets.push(code, tokens.accessToken, tokens.refreshToken, renewed.accessToken, renewed.refreshToken);

      const totp = (await post('/auth/totp', {}, renewed.accessToken)).json();
      const { recoveryCodes } = (
        await post('/auth/totp/confirm', { code: totpCode(totp.secret) }, renewed.accessToken)
      ).json();
      secrets.push(totp.secret, ...recoveryCodes);

      const client = (
        await post('/clients', { name: 'Statistics', scope: ['statistics.read'] }, renewed.accessToken)
      ).json();
      const clientToken = (
        await post('/auth/token', {
          grant_type: 'client_credentials',
          client_id: client.id,
          client_secret: client.clientSecret,
        })
      ).json();
      secrets.push(client.clientSecret, clientToken.access_token);

      await post('/auth/password-reset', { username: 'amara' });
      const resetCode = await codeFrom(/code ([a-z0-9]{4}-[a-z0-9]{4})/, 1);
      const newPassword = 'a brand new long password';
      await post('/auth/password-reset/complete', { username: 'amara', code: resetCode, newPassword });
      await post('/auth/logout', { refreshToken: renewed.refreshToken });
      secrets.push(resetCode, newPassword);

      expect(captured.text().length).toBeGreaterThan(1000); // the run did log, at every level
      expect(secrets.every((secret) => typeof secret === 'string' && secret.length >= 6)).toBe(true);
      for (const secret of secrets) expect(captured.text()).not.toContain(secret);
    } finally {
      await civitas.close();
    }
  }, 60_000);
});
