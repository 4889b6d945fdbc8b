/**
 * Sessions: refresh tokens rotate, a reused one ends the whole session, signing out ends it, and an ended session's
 * access tokens stop working at once. Also the per-address and per-user limits on the sign-in routes, and "forgot
 * password".
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { addUser, sentMessages, signIn, TEST_PASSWORD } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';

describe('sessions', () => {
  const running: TestCivitas[] = [];
  afterEach(async () => {
    for (const civitas of running.splice(0)) await civitas.close();
  });
  async function start(flags: Record<string, string> = {}) {
    const civitas = await startTestCivitas({
      services: 'config,auth,notify',
      'auth.developmentCode': '000000',
      'outbox.pollIntervalMs': '50',
      'notify.pollIntervalMs': '50',
      ...flags,
    });
    running.push(civitas);
    await addUser(civitas, { username: 'amara', role: 'field-agent', phone: '+260977000111' });
    return civitas;
  }
  const post = (civitas: TestCivitas, url: string, payload: object) =>
    civitas.app.inject({ method: 'POST', url: `/api/v1/auth/${url}`, payload });
  const areas = (civitas: TestCivitas, token: string) =>
    civitas.app.inject({ url: '/api/v1/areas', headers: { authorization: `Bearer ${token}` } });

  it('rotates refresh tokens, and ends the whole session when a spent one comes back', async () => {
    const civitas = await start();
    const first = await signIn(civitas, 'amara');
    const second = await post(civitas, 'refresh', { refreshToken: first.refreshToken });
    expect(second.statusCode).toBe(200);
    const renewed = second.json();
    expect(renewed.refreshToken).not.toBe(first.refreshToken);
    expect((await areas(civitas, renewed.accessToken)).statusCode).toBe(200);

    // Someone replays the first (spent) refresh token: refused, and every token of the session dies with it.
    const replay = await post(civitas, 'refresh', { refreshToken: first.refreshToken });
    expect(replay.json()).toMatchObject({ status: 401, code: 'AUTH_REFRESH_INVALID' });
    expect((await post(civitas, 'refresh', { refreshToken: renewed.refreshToken })).statusCode).toBe(401);
    expect((await areas(civitas, renewed.accessToken)).statusCode).toBe(401);
    expect((await areas(civitas, first.accessToken)).statusCode).toBe(401);

    // Another sign-in of the same user is a separate session and still works.
    const other = await signIn(civitas, 'amara');
    expect((await areas(civitas, other.accessToken)).statusCode).toBe(200);
    const { rows } = await sql<{ action: string }>`select action from auth.audit where action like 'token.%'
      order by id`.execute(civitas.database.root);
    expect(rows.map((row) => row.action)).toEqual(['token.refreshed', 'token.reuse-detected']);
  });

  it('signs out: the refresh token and the access tokens of that session stop working', async () => {
    const civitas = await start();
    const session = await signIn(civitas, 'amara');
    const logout = await post(civitas, 'logout', { refreshToken: session.refreshToken });
    expect(logout.statusCode).toBe(204);
    expect((await areas(civitas, session.accessToken)).json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect((await post(civitas, 'refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
    expect((await post(civitas, 'logout', { refreshToken: session.refreshToken })).statusCode).toBe(204);
  });

  it('refuses an expired refresh token', async () => {
    const civitas = await start();
    const session = await signIn(civitas, 'amara');
    await sql`update auth.refresh_tokens set expires_at = now() - interval '1 second'`.execute(civitas.database.root);
    expect((await post(civitas, 'refresh', { refreshToken: session.refreshToken })).statusCode).toBe(401);
  });

  it('sees a session ended on another node within seconds', async () => {
    const civitas = await start();
    const session = await signIn(civitas, 'amara');
    expect((await areas(civitas, session.accessToken)).statusCode).toBe(200);
    // As another node would: straight in the database, not through this node's memory.
    await sql`update auth.sessions set revoked_at = now(), revoked_reason = 'test'`.execute(civitas.database.root);
    await eventually('the revocation is seen', async () =>
      (await areas(civitas, session.accessToken)).statusCode === 401 ? true : undefined,
    );
  });

  it('limits attempts per user and per address, with Retry-After', async () => {
    const civitas = await start({ 'auth.attemptsPerMinutePerUser': '3', 'auth.attemptsPerMinutePerAddress': '4' });
    const wrong = () => post(civitas, 'login', { username: 'amara', password: 'not the password' });
    for (let i = 0; i < 3; i++) expect((await wrong()).statusCode).toBe(401);
    const limited = await wrong();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other usernames from the same address run into the address limit.
    expect((await post(civitas, 'login', { username: 'bongani', password: 'x' })).statusCode).toBe(429);
  });

  it('resets a forgotten password with a code, the same answer for unknown users', async () => {
    const civitas = await start();
    const before = await signIn(civitas, 'amara');
    const unknown = await post(civitas, 'password-reset', { username: 'nobody' });
    const known = await post(civitas, 'password-reset', { username: 'amara' });
    expect([unknown.statusCode, known.statusCode]).toEqual([202, 202]);
    expect(unknown.body).toBe(known.body);
    const message = await eventually('the reset SMS', async () =>
      sentMessages(civitas).find((sent) => sent.to === '+260977000111' && /reset/.test(sent.body)),
    );
    const code = /code ([a-z0-9]{4}-[a-z0-9]{4})/.exec(message.body)![1]!;
    const done = await post(civitas, 'password-reset/complete', {
      username: 'amara',
      code,
      newPassword: 'my new long password',
    });
    expect(done.statusCode).toBe(204);
    // The old password and the old session are gone; the new password works.
    expect((await post(civitas, 'login', { username: 'amara', password: TEST_PASSWORD })).statusCode).toBe(401);
    expect((await areas(civitas, before.accessToken)).statusCode).toBe(401);
    await signIn(civitas, 'amara', 'my new long password');
  });
});
