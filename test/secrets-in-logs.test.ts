/** Secrets and personal data never reach the log or the printed configuration. */
import { describe, expect, it } from 'vitest';
import { REDACTED_KEYS } from '../src/core/log.js';
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
