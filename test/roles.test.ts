/**
 * Roles are the country's configuration (roles.csv): the demo country's hospital clerk declares births and deaths of
 * their district only; a role a country defines can be given to staff; and a role whose scopes change reaches its
 * users at once, their sessions ended so their next token carries the new scopes.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoles, parseRolesCsv } from '../src/services/auth/api.js';
import type { AuthDb } from '../src/services/auth/repository.js';
import { ROLES } from '../src/services/auth/roles.js';
import { DEMO_PASSWORD } from '../src/services/auth/seed.js';
import { addUser, signIn, TEST_PASSWORD } from './helpers/auth.js';
import { type TestCivitas } from './helpers/civitas.js';
import { eventually } from './helpers/http.js';
import { birthDeclaration, startDemoCountry } from './helpers/records.js';

describe('roles from the country configuration', () => {
  let civitas: TestCivitas;
  let tokens: Record<string, string> = {};

  beforeAll(async () => {
    // Development mode seeds the demo country, its roles.csv included. k.mumba is a hospital clerk of OFF-IBO, in
    // Ibombo district (CEN-IBO).
    ({ civitas, tokens } = await startDemoCountry(['n.admin', 'k.mumba']));
  });
  afterAll(async () => {
    await civitas.close();
  });

  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const db = () => civitas.database.forSchema('auth') as AuthDb;
  const defineRoles = async (csv: string) => {
    const { roles, problems } = parseRolesCsv(`role,label_en,label_fr,scopes\n${csv}`, 'roles.csv');
    expect(problems).toEqual([]);
    return importRoles(db(), roles, { file: 'roles.csv', traceId: 'test' });
  };

  it('answers the country’s roles, each with its names in the country’s languages', async () => {
    const answer = await call(tokens['n.admin']!, 'GET', '/roles');
    expect(answer.statusCode).toBe(200);
    const roles = answer.json<Array<{ role: string; label: Record<string, string>; scopes: string[] }>>();
    expect(roles.map((role) => role.role).sort()).toEqual([...Object.keys(ROLES), 'hospital-clerk'].sort());
    expect(roles.find((role) => role.role === 'hospital-clerk')).toEqual({
      role: 'hospital-clerk',
      label: { en: 'Hospital clerk', fr: 'Agent hospitalier' },
      scopes: [
        'config.read',
        'record.read[event=birth|death,area=my-jurisdiction]',
        'record.declare[event=birth|death,area=my-jurisdiction]',
      ],
    });
    expect(roles.find((role) => role.role === 'field-agent')?.scopes).toEqual(ROLES['field-agent']);
  });

  it('lets a hospital clerk declare a birth in their district, but not a marriage, nor a birth elsewhere', async () => {
    const clerk = tokens['k.mumba']!;
    const created = await call(clerk, 'POST', '/records', { eventType: 'birth' });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    const declared = await call(clerk, 'POST', `/records/${id}/declare`, { version: 1, data: birthDeclaration() });
    expect(declared.json()).toMatchObject({ status: 'DECLARED', area: 'CEN-IBO' });
    expect((await call(clerk, 'GET', `/records/${id}`)).statusCode).toBe(200);
    // Declaring is all: a clerk does not validate.
    expect((await call(clerk, 'POST', `/records/${id}/validate`, { version: 2 })).statusCode).toBe(403);

    expect((await call(clerk, 'POST', '/records', { eventType: 'marriage' })).statusCode).toBe(403);
    const other = (await call(clerk, 'POST', '/records', { eventType: 'birth' })).json();
    const elsewhere = await call(clerk, 'POST', `/records/${other.id}/declare`, {
      version: 1,
      data: birthDeclaration('NTH-OSE'),
    });
    expect(elsewhere.statusCode).toBe(403);
  });

  it('lets an administrator give a role the country defines, and the user’s token carries its scopes', async () => {
    expect(await defineRoles('archivist,Archivist,Archiviste,config.read record.read\n')).toMatchObject({ created: 1 });
    const created = await call(tokens['n.admin']!, 'POST', '/users', {
      username: 't.archivist',
      name: 'Tom Archivist',
      role: 'archivist',
      office: 'OFF-IBO',
      phone: '+260977000301',
    });
    expect(created.statusCode, created.body).toBe(201);
    await sql`update auth.users set password_hash = (select password_hash from auth.users where username = 'k.mumba')
      where username = 't.archivist'`.execute(civitas.database.root);
    const session = await signIn(civitas, 't.archivist', DEMO_PASSWORD);
    expect(session.scope.split(' ')).toEqual(['config.read', 'record.read', 'account.self']);
    expect((await call(session.accessToken, 'GET', '/areas')).statusCode).toBe(200);
    expect((await call(session.accessToken, 'POST', '/records', { eventType: 'birth' })).statusCode).toBe(403);
  });

  it('ends the sessions of a role’s users when its scopes change: their next token carries the new scopes', async () => {
    const before = 'records-clerk,Records clerk,Commis aux actes,config.read record.read[area=my-jurisdiction]\n';
    await defineRoles(before);
    await addUser(civitas, { username: 't.clerk', role: 'records-clerk', phone: '+260977000302' });
    const old = await signIn(civitas, 't.clerk');
    expect(old.scope).not.toContain('record.print');
    expect((await call(old.accessToken, 'GET', '/areas')).statusCode).toBe(200);

    const after = before.replace('record.read[area=my-jurisdiction]', '$& record.print[area=my-jurisdiction]');
    expect(await defineRoles(after)).toMatchObject({ updated: 1 });
    const refreshed = await civitas.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: old.refreshToken },
    });
    expect(refreshed.json()).toMatchObject({ status: 401, code: 'AUTH_REFRESH_INVALID' });
    // Every node re-reads ended sessions within 5 seconds.
    await eventually('the old access token is refused', async () =>
      (await call(old.accessToken, 'GET', '/areas')).statusCode === 401 ? true : undefined,
    );
    const renewed = await signIn(civitas, 't.clerk', TEST_PASSWORD);
    expect(renewed.scope.split(' ')).toContain('record.print[area=my-jurisdiction]');
    const { rows } = await sql<{ detail: string }>`select detail from auth.audit where action = 'role.changed'`.execute(
      civitas.database.root,
    );
    expect(rows.map((row) => row.detail)).toEqual([
      'by country import: records-clerk: added record.print[area=my-jurisdiction]; 1 session(s) ended (roles.csv)',
    ]);
  });
});
