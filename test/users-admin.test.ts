/**
 * Staff administration: an office places a user in an area, and a local administrator's scopes reach only the
 * users of that area and the local roles; a national administrator's reach everyone. Invitations, role changes and
 * deactivation, each audited, each ending sessions where it changes what a user may do.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/services/auth/seed.js';
import { sentMessages, signIn, type SignedIn } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';

describe('staff administration', () => {
  let civitas: TestCivitas;
  let local: SignedIn;
  let national: SignedIn;

  beforeAll(async () => {
    // Development mode seeds the demo country: areas, offices and staff. l.admin works at OFF-IBO, the office of
    // Ibombo district (CEN-IBO): their jurisdiction is that district.
    civitas = await startTestCivitas({
      env: 'development',
      services: 'config,auth,notify',
      'auth.developmentCode': '000000',
      'outbox.pollIntervalMs': '50',
      'notify.pollIntervalMs': '50',
    });
    // auth learns the offices from config's events.
    await eventually('auth knows the offices', async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from auth.offices`.execute(
        civitas.database.root,
      );
      return rows[0]!.n >= 10 ? true : undefined;
    });
    local = await signIn(civitas, 'l.admin', DEMO_PASSWORD);
    national = await signIn(civitas, 'n.admin', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await civitas.close();
  });

  const api = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const newUser = (username: string, office: string | null, role = 'field-agent') => ({
    username,
    name: `User ${username}`,
    role,
    office,
    phone: `+2609770${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`,
  });

  it('lets a local administrator create users of their own area and local roles only', async () => {
    const created = await api(local.accessToken, 'POST', '/users', newUser('k.banda', 'OFF-IBO'));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ username: 'k.banda', office: 'OFF-IBO', passwordSet: false, active: true });
    expect(created.json()).not.toHaveProperty('password_hash');

    // Another district's office (even in the same province), and a national role, are out of reach.
    const elsewhere = await api(local.accessToken, 'POST', '/users', newUser('z.phiri', 'OFF-ISA'));
    expect(elsewhere.statusCode).toBe(403);
    const promoted = await api(local.accessToken, 'POST', '/users', newUser('z.mwale', 'OFF-IBO', 'national-sysadmin'));
    expect(promoted.statusCode).toBe(403);
    const national_ = await api(local.accessToken, 'POST', '/users', newUser('z.tembo', null));
    expect(national_.statusCode).toBe(403);
    // The national administrator may do all three.
    expect((await api(national.accessToken, 'POST', '/users', newUser('z.phiri', 'OFF-ISA'))).statusCode).toBe(201);

    const { rows } = await sql<{ username: string }>`select username from auth.users where username like 'z.%'`.execute(
      civitas.database.root,
    );
    expect(rows.map((row) => row.username)).toEqual(['z.phiri']);
  });

  it('refuses bad input with the field that is wrong, and changes nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from auth.users`.execute(civitas.database.root);
    const unknownOffice = await api(national.accessToken, 'POST', '/users', newUser('q.one', 'OFF-NOPE'));
    expect(unknownOffice.json()).toMatchObject({ status: 400, field: 'office' });
    const unknownRole = await api(national.accessToken, 'POST', '/users', newUser('q.two', 'OFF-IBO', 'king'));
    expect(unknownRole.json()).toMatchObject({ status: 400, field: 'role' });
    const badPhone = await api(national.accessToken, 'POST', '/users', { ...newUser('q.three', null), phone: '0977' });
    expect(badPhone.json()).toMatchObject({ status: 400, field: 'phone' });
    const noContact = await api(national.accessToken, 'POST', '/users', { ...newUser('q.four', null), phone: null });
    expect(noContact.json()).toMatchObject({ status: 400, field: 'phone' });
    const taken = await api(national.accessToken, 'POST', '/users', newUser('l.admin', null));
    expect(taken.json()).toMatchObject({ status: 409, code: 'USER_EXISTS', field: 'username' });
    const after = await sql<{ n: number }>`select count(*)::int as n from auth.users`.execute(civitas.database.root);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('sends the new user a code with which they choose a password and sign in', async () => {
    const user = newUser('m.zulu', 'OFF-IBO');
    expect((await api(local.accessToken, 'POST', '/users', user)).statusCode).toBe(201);
    const message = await eventually('the invitation SMS', async () =>
      sentMessages(civitas).find((sent) => sent.to === user.phone),
    );
    const code = /code ([a-z0-9]{4}-[a-z0-9]{4})/.exec(message.body)![1]!;
    const complete = (newPassword: string, withCode = code) =>
      civitas.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset/complete',
        payload: { username: 'm.zulu', code: withCode, newPassword },
      });
    expect((await complete('short')).json()).toMatchObject({ status: 400, field: 'newPassword' });
    expect((await complete('a fine long password', 'aaaa-aaaa')).json()).toMatchObject({ code: 'AUTH_CODE_WRONG' });
    expect((await complete('a fine long password')).statusCode).toBe(204);
    expect((await complete('another long password')).statusCode).toBe(401); // single use
    const session = await signIn(civitas, 'm.zulu', 'a fine long password');
    expect(session.scope.split(' ')).toContain('config.read');
  });

  it('shows each administrator only the users within reach', async () => {
    const listed = async (token: string) =>
      (await api(token, 'GET', '/users?limit=1000')).json<{ items: Array<{ username: string; office: string }> }>();
    const mine = await listed(local.accessToken);
    expect(mine.items.map((user) => user.username)).toContain('k.banda');
    expect(mine.items.map((user) => user.username)).not.toContain('z.phiri');
    expect(mine.items.map((user) => user.username)).not.toContain('n.admin');
    const all = await listed(national.accessToken);
    expect(all.items.map((user) => user.username)).toEqual(expect.arrayContaining(['k.banda', 'z.phiri', 'n.admin']));
    const phiri = all.items.find((user) => user.username === 'z.phiri') as unknown as { id: string };
    // Out of reach reads as not found: nothing to learn about other areas' staff.
    expect((await api(local.accessToken, 'GET', `/users/${phiri.id}`)).statusCode).toBe(404);
  });

  it('changes a role and deactivates, ending the user’s sessions at once, and audits both', async () => {
    const created = (await api(national.accessToken, 'POST', '/users', newUser('r.lungu', 'OFF-IBO'))).json();
    await sql`update auth.users set password_hash = (select password_hash from auth.users where username = 'l.admin')
      where id = ${created.id}`.execute(civitas.database.root);
    const session = await signIn(civitas, 'r.lungu', DEMO_PASSWORD);
    const read = () => api(session.accessToken, 'GET', '/areas');
    expect((await read()).statusCode).toBe(200);

    const toRegistrar = await api(local.accessToken, 'PUT', `/users/${created.id}/role`, { role: 'local-registrar' });
    expect(toRegistrar.json()).toMatchObject({ role: 'local-registrar' });
    expect((await read()).statusCode).toBe(401);
    const tooHigh = await api(local.accessToken, 'PUT', `/users/${created.id}/role`, { role: 'national-registrar' });
    expect(tooHigh.statusCode).toBe(403);

    const again = await signIn(civitas, 'r.lungu', DEMO_PASSWORD);
    expect(again.scope.split(' ')).toContain('user.read[office=mine]');
    expect((await api(local.accessToken, 'POST', `/users/${created.id}/deactivate`)).json()).toMatchObject({
      active: false,
    });
    expect((await api(again.accessToken, 'GET', '/areas')).statusCode).toBe(401);
    const refused = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'r.lungu', password: DEMO_PASSWORD },
    });
    expect(refused.statusCode).toBe(401);

    const { rows } = await sql<{ action: string; detail: string }>`select action, detail from auth.audit
      where user_id = ${created.id} and action like 'user.%' order by id`.execute(civitas.database.root);
    expect(rows.map((row) => row.action)).toEqual(['user.created', 'user.role-changed', 'user.deactivated']);
    expect(rows[1]!.detail).toContain('field-agent → local-registrar');
  });

  it('moves a user to another office only with reach over both', async () => {
    const created = (await api(local.accessToken, 'POST', '/users', newUser('t.moyo', 'OFF-IBO'))).json();
    const away = await api(local.accessToken, 'PATCH', `/users/${created.id}`, { office: 'OFF-ILA' });
    expect(away.statusCode).toBe(403);
    const edited = await api(local.accessToken, 'PATCH', `/users/${created.id}`, { language: 'fr' });
    expect(edited.json()).toMatchObject({ office: 'OFF-IBO', language: 'fr' });
    const moved = await api(national.accessToken, 'PATCH', `/users/${created.id}`, { office: 'OFF-ILA' });
    expect(moved.json()).toMatchObject({ office: 'OFF-ILA', language: 'fr' });
    // Now out of the local administrator's reach.
    expect((await api(local.accessToken, 'GET', `/users/${created.id}`)).statusCode).toBe(404);
  });
});
