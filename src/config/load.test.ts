import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET_KEY, loadConfig } from './load.js';
import { maskSecrets } from './mask.js';
import { SERVICE_NAMES } from './schema.js';

function folderWith(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'civitas-config-'));
  writeFileSync(join(dir, file), text);
  return dir;
}

describe('loadConfig', () => {
  it('has development defaults for every key', () => {
    const result = loadConfig({ env: {}, cwd: tmpdir() });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.env).toBe('development');
    expect(result.config.http.port).toBe(8080);
    expect(result.config.dataDir).toBe('./data');
    expect(result.config.services).toEqual([]);
    expect(result.config.seed.enabled).toBe(true);
    expect(result.config.secretKey).toBe(DEVELOPMENT_SECRET_KEY);
  });

  it('reads defaults < config file < environment < flags', () => {
    const cwd = folderWith(
      'civitas.yaml',
      'services: [registry]\nhttp:\n  port: 9001\n  host: 127.0.0.1\nlog:\n  level: warn\n',
    );
    const result = loadConfig({
      cwd,
      env: { CIVITAS_HTTP_PORT: '9002', LOG_LEVEL: 'error' },
      flags: { port: '9003' },
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.services).toEqual(['registry']);
    expect(result.config.http.host).toBe('127.0.0.1');
    expect(result.config.log.level).toBe('error');
    expect(result.config.http.port).toBe(9003);
    expect(result.sources.get('http.port')).toBe('flag --port');
    expect(result.sources.get('log.level')).toBe('environment LOG_LEVEL');
  });

  it('expands "all" to every service', () => {
    const result = loadConfig({ env: { CIVITAS_SERVICES: 'all' }, cwd: tmpdir() });
    expect(result.ok && result.config.services).toEqual([...SERVICE_NAMES]);
  });

  it('lists every problem at once, with where each value came from', () => {
    const result = loadConfig({
      cwd: tmpdir(),
      env: { CIVITAS_HTTP_PORT: 'eighty', DATABASE_URL: 'mysql://x' },
      flags: { 'log.level': 'loud', 'no.such.key': '1' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(4);
    expect(result.problems.join('\n')).toMatch(/http\.port: .*from environment CIVITAS_HTTP_PORT/);
    expect(result.problems.join('\n')).toMatch(
      /database\.url: must be a postgres:\/\/ URL \(from environment DATABASE_URL\)/,
    );
    expect(result.problems.join('\n')).toMatch(/log\.level: .*from flag --log\.level/);
    expect(result.problems.join('\n')).toMatch(/--no\.such\.key: unknown option/);
  });

  it('rejects unknown keys in the config file', () => {
    const cwd = folderWith('civitas.yaml', 'servces: [registry]\n');
    const result = loadConfig({ cwd, env: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/servces/);
  });

  it('refuses to start production without a secret, or with the development one', () => {
    const missing = loadConfig({ cwd: tmpdir(), env: { CIVITAS_ENV: 'production' } });
    expect(missing.ok).toBe(false);
    if (!missing.ok)
      expect(missing.problems).toEqual([expect.stringMatching(/secretKey: required outside development mode/)]);
    const builtIn = loadConfig({
      cwd: tmpdir(),
      env: { CIVITAS_ENV: 'production', CIVITAS_SECRET_KEY: DEVELOPMENT_SECRET_KEY },
    });
    expect(builtIn.ok).toBe(false);
    const given = loadConfig({ cwd: tmpdir(), env: { CIVITAS_ENV: 'production', CIVITAS_SECRET_KEY: 'x'.repeat(40) } });
    expect(given.ok && given.config.seed.enabled).toBe(false);
  });

  it('refuses development message providers in production when notify runs', () => {
    const env = { CIVITAS_ENV: 'production', CIVITAS_SECRET_KEY: 'x'.repeat(40), CIVITAS_SERVICES: 'notify' };
    const refused = loadConfig({ cwd: tmpdir(), env });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.problems).toEqual([
        expect.stringMatching(/^notify\.email\.provider: development writes e-mail to a folder/),
        expect.stringMatching(/^notify\.sms\.provider: development writes SMS to a folder/),
      ]);
    }
    const configured = loadConfig({
      cwd: tmpdir(),
      env: { ...env, CIVITAS_NOTIFY_EMAIL_PROVIDER: 'smtp', CIVITAS_NOTIFY_SMS_PROVIDER: 'http' },
    });
    expect(configured.ok).toBe(false);
    if (!configured.ok) {
      expect(configured.problems).toEqual([
        'notify.email.smtpUrl: required with provider smtp',
        'notify.sms.url: required with provider http',
      ]);
    }
  });

  it('allows the fixed sign-in code in development mode only', () => {
    const development = loadConfig({ cwd: tmpdir(), env: {} });
    expect(development.ok && development.config.auth.developmentCode).toBe('000000');
    const production = loadConfig({
      cwd: tmpdir(),
      env: { CIVITAS_ENV: 'production', CIVITAS_SECRET_KEY: 'x'.repeat(40), CIVITAS_AUTH_DEVELOPMENT_CODE: '123456' },
    });
    expect(production.ok).toBe(false);
    if (!production.ok) expect(production.problems).toEqual([expect.stringMatching(/^auth\.developmentCode: /)]);
  });

  it('freezes the result deeply', () => {
    const result = loadConfig({ cwd: tmpdir(), env: {} });
    if (!result.ok) throw new Error('unexpected');
    expect(Object.isFrozen(result.config)).toBe(true);
    expect(Object.isFrozen(result.config.http)).toBe(true);
    expect(() => {
      (result.config.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('masks secrets when printed, keeping the rest of a database URL', () => {
    const result = loadConfig({
      cwd: tmpdir(),
      env: { DATABASE_URL: 'postgres://civitas:hunter2@db.example:5432/civitas', CIVITAS_SECRET_KEY: 's'.repeat(40) },
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const printed = JSON.stringify(maskSecrets(result.config));
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain('s'.repeat(40));
    expect(printed).toContain('postgres://civitas:********@db.example:5432/civitas');
  });
});
