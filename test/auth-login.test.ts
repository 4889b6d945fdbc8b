/** The two-step sign-in: password, then a one-time code; and what it refuses. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../src/core/log.js';
import { addUser, TEST_PASSWORD } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { captureLog } from './helpers/log.js';

describe('sign-in', () => {
  const running: TestCivitas[] = [];
  afterEach(async () => {
    for (const civitas of running.splice(0)) await civitas.close();
  });

  async function start(flags: Record<string, string> = {}, log?: Logger) {
    const civitas = await startTestCivitas(
      { services: 'config,auth,notify', 'notify.pollIntervalMs': '50', 'outbox.pollIntervalMs': '50', ...flags },
      log ? { log } : {},
    );
    running.push(civitas);
    return civitas;
  }
  const post = (civitas: TestCivitas, url: string, payload: object) =>
    civitas.app.inject({ method: 'POST', url: `/api/v1/auth/${url}`, payload });

  it('sends a one-time code by SMS through notify, and the code gives a token for the role’s scopes', async () => {
    const captured = captureLog();
    const civitas = await start({}, captured.log);
    await addUser(civitas, { username: 'amara', role: 'local-sysadmin', phone: '+260977000111' });
    const step1 = await post(civitas, 'login', { username: 'amara', password: TEST_PASSWORD });
    expect(step1.statusCode).toBe(200);
    expect(step1.json()).toMatchObject({ channel: 'sms' });

    const outbox = join(civitas.location.dataDir, 'notify-outbox');
    const sms = await eventually('the SMS with the code', async () => {
      const files = readdirSync(outbox, { withFileTypes: true }).filter((entry) => entry.name.endsWith('.json'));
      return files.length > 0 ? JSON.parse(readFileSync(join(outbox, files[0]!.name), 'utf8')) : undefined;
    });
    expect(sms).toMatchObject({ channel: 'sms', to: '+260977000111' });
    const code = /(\d{6})/.exec(sms.body)![1]!;

    const step2 = await post(civitas, 'verify', { challengeId: step1.json().challengeId, code });
    expect(step2.statusCode).toBe(200);
    const token = step2.json();
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const scopes = token.scope.split(' ');
    expect(scopes).toEqual(expect.arrayContaining(['config.read', 'config.area.create', 'account.self']));
    expect(scopes.find((scope: string) => scope.startsWith('user.create'))).toMatch(/area=my-jurisdiction/);
    expect(scopes).not.toContain('client.manage');
    expect(token.refreshToken).toMatch(/^[\w-]{40,}$/);
    const areas = await civitas.app.inject({
      url: '/api/v1/areas',
      headers: { authorization: `Bearer ${token.accessToken}` },
    });
    expect(areas.statusCode).toBe(200);

    // Single use.
    expect((await post(civitas, 'verify', { challengeId: step1.json().challengeId, code })).json().code).toBe(
      'AUTH_CHALLENGE_INVALID',
    );
    for (const secret of [code, TEST_PASSWORD, token.accessToken]) expect(captured.text()).not.toContain(secret);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const civitas = await start();
    await addUser(civitas, { username: 'amara', role: 'field-agent', phone: '+260977000111' });
    const wrong = await post(civitas, 'login', { username: 'amara', password: 'not the password' });
    const unknown = await post(civitas, 'login', { username: 'nobody', password: 'not the password' });
    const inactiveId = await addUser(civitas, { username: 'gone', role: 'field-agent', phone: '+260977000112' });
    await sql`update auth.users set active = false where id = ${inactiveId}`.execute(civitas.database.root);
    const inactive = await post(civitas, 'login', { username: 'gone', password: TEST_PASSWORD });
    for (const response of [wrong, unknown, inactive]) {
      expect(response.statusCode).toBe(401);
      const { requestId: _requestId, ...body } = response.json();
      expect(body).toEqual({
        type: 'urn:civitas:problem:AUTH_INVALID_CREDENTIALS',
        title: 'Wrong username or password',
        status: 401,
        detail: 'The username or password is wrong, or the account is locked for a while after repeated failures.',
        code: 'AUTH_INVALID_CREDENTIALS',
        instance: '/api/v1/auth/login',
      });
    }
  });

  it('locks an account after five refused passwords in a row, answering as for any wrong password, and audits it', async () => {
    const civitas = await start();
    const id = await addUser(civitas, { username: 'amara', role: 'field-agent', phone: '+260977000111' });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await post(civitas, 'login', { username: 'amara', password: `guess ${attempt}` })).statusCode).toBe(401);
    }
    const locked = await post(civitas, 'login', { username: 'amara', password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    const trail = await sql<{ action: string; username: string }>`select action, username from auth.audit
      where user_id = ${id} order by id`.execute(civitas.database.root);
    expect(trail.rows.map((row) => row.action)).toEqual([
      ...Array(4).fill('login.password-refused'),
      'login.locked',
      'login.locked',
    ]);
    // The lock ends; then the right password works and the count starts again.
    await sql`update auth.users set locked_until = now() - interval '1 second'`.execute(civitas.database.root);
    expect((await post(civitas, 'login', { username: 'amara', password: TEST_PASSWORD })).statusCode).toBe(200);
    const user = await sql<{ failed_logins: number }>`select failed_logins from auth.users where id = ${id}`.execute(
      civitas.database.root,
    );
    expect(user.rows[0]!.failed_logins).toBe(0);
  });

  it('counts wrong codes, and ends the sign-in after the last try even for the right code', async () => {
    const civitas = await start({ 'auth.maxCodeAttempts': '2' });
    await addUser(civitas, { username: 'amara', role: 'field-agent', email: 'amara@example.org' });
    const { challengeId, channel } = (
      await post(civitas, 'login', { username: 'amara', password: TEST_PASSWORD })
    ).json();
    expect(channel).toBe('email');
    const first = await post(civitas, 'verify', { challengeId, code: '000001' });
    expect(first.json()).toMatchObject({ code: 'AUTH_CODE_WRONG', field: 'code', detail: 'Wrong code; 1 tries left.' });
    await post(civitas, 'verify', { challengeId, code: '000002' });
    const stored = await sql<{ code_hash: string }>`select code_hash from auth.login_challenges`.execute(
      civitas.database.root,
    );
    expect(stored.rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/); // kept hashed, never in clear
    const afterwards = await post(civitas, 'verify', { challengeId, code: '000003' });
    expect(afterwards.json().code).toBe('AUTH_CHALLENGE_INVALID');
    const trail = await sql<{ action: string }>`select action from auth.audit order by id`.execute(
      civitas.database.root,
    );
    expect(trail.rows.map((row) => row.action)).toEqual([
      'login.password-accepted',
      'login.code-refused',
      'login.code-refused',
    ]);
  });

  it('refuses an expired code', async () => {
    const civitas = await start();
    await addUser(civitas, { username: 'amara', role: 'field-agent', phone: '+260977000111' });
    const { challengeId } = (await post(civitas, 'login', { username: 'amara', password: TEST_PASSWORD })).json();
    await sql`update auth.login_challenges set expires_at = now() - interval '1 second'`.execute(civitas.database.root);
    expect((await post(civitas, 'verify', { challengeId, code: '123456' })).json().code).toBe('AUTH_CHALLENGE_INVALID');
  });

  it('accepts the fixed development code only where it is configured', async () => {
    const civitas = await start({ 'auth.developmentCode': '000000' });
    await addUser(civitas, { username: 'amara', role: 'field-agent' });
    const step1 = (await post(civitas, 'login', { username: 'amara', password: TEST_PASSWORD })).json();
    expect(step1.channel).toBe('development');
    expect((await post(civitas, 'verify', { challengeId: step1.challengeId, code: '000000' })).statusCode).toBe(200);
  });
});
