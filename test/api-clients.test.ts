/**
 * API clients for integrations: created by an administrator with their own scopes, a secret shown once and stored
 * hashed, client-credentials tokens, rotation and revocation.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';

describe('API clients', () => {
  let civitas: TestCivitas;
  let admin: string;

  beforeAll(async () => {
    civitas = await startTestCivitas({ services: 'config,auth,metrics' });
    admin = await tokenWith(civitas, ['client.manage', 'config.read']);
  });
  afterAll(async () => {
    await civitas.close();
  });

  const manage = (method: 'GET' | 'POST', url: string, payload?: object, token = admin) =>
    civitas.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const tokenByForm = (id: string, secret: string) =>
    civitas.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: id,
        client_secret: secret,
      }).toString(),
    });
  const tokenByBasic = (id: string, secret: string) =>
    civitas.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
      payload: { grant_type: 'client_credentials' },
    });
  const get = (url: string, token: string) =>
    civitas.app.inject({ url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });

  it('creates a client whose secret is shown once and kept only as a hash', async () => {
    const created = await manage('POST', '/clients', { name: 'Statistics office', scope: ['statistics.read'] });
    expect(created.statusCode).toBe(201);
    const { id, clientSecret } = created.json();
    expect(clientSecret).toMatch(/^cvs_[\w-]{40,}$/);
    const listed = (await manage('GET', '/clients')).json();
    expect(listed).toEqual([expect.objectContaining({ id, name: 'Statistics office', scope: ['statistics.read'] })]);
    expect(JSON.stringify(listed)).not.toContain(clientSecret);
    const { rows } = await sql<{ secret_hash: string }>`select secret_hash from auth.api_clients`.execute(
      civitas.database.root,
    );
    expect(rows[0]!.secret_hash).not.toContain(clientSecret);
  });

  it('issues tokens with the client’s scopes only, by form body or Basic auth', async () => {
    const { id, clientSecret } = (
      await manage('POST', '/clients', { name: 'Pull statistics', scope: ['statistics.read'] })
    ).json();
    const byForm = await tokenByForm(id, clientSecret);
    expect(byForm.statusCode, byForm.body).toBe(200);
    expect(byForm.json()).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'statistics.read' });
    const byBasic = await tokenByBasic(id, clientSecret);
    expect(byBasic.statusCode).toBe(200);
    const token = byForm.json().access_token;
    expect((await get('/statistics/events', token)).statusCode).toBe(200);
    expect((await get('/areas', token)).statusCode).toBe(403);

    const wrong = await tokenByForm(id, `${clientSecret}x`);
    const unknown = await tokenByForm('01a21635-2c6d-7001-a134-ebe84e8d1520', clientSecret);
    for (const refused of [wrong, unknown]) {
      expect(refused.json()).toMatchObject({ status: 401, code: 'AUTH_CLIENT_INVALID' });
    }
  });

  it('rotates the secret (the old one stops working) and revokes (live tokens stop too)', async () => {
    const { id, clientSecret } = (
      await manage('POST', '/clients', { name: 'Hospital', scope: ['statistics.read'] })
    ).json();
    const rotated = await manage('POST', `/clients/${id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().clientSecret;
    expect(fresh).not.toBe(clientSecret);
    expect((await tokenByForm(id, clientSecret)).statusCode).toBe(401);
    const token = (await tokenByForm(id, fresh)).json().access_token;
    expect((await get('/statistics/events', token)).statusCode).toBe(200);

    const revoked = await manage('POST', `/clients/${id}/revoke`);
    expect(revoked.json()).toMatchObject({ revokedAt: expect.any(String) });
    expect((await get('/statistics/events', token)).statusCode).toBe(401);
    expect((await tokenByForm(id, fresh)).statusCode).toBe(401);
    expect((await manage('POST', `/clients/${id}/rotate-secret`)).json()).toMatchObject({ code: 'CLIENT_REVOKED' });

    const { rows } = await sql<{
      action: string;
    }>`select action from auth.audit where user_id = ${id} order by id`.execute(civitas.database.root);
    expect(rows.map((row) => row.action)).toEqual([
      'client.created',
      'client.secret-rotated',
      'client.token-refused',
      'client.token-issued',
      'client.revoked',
      'client.token-refused',
    ]);
  });

  it('refuses scopes the administrator may not give, and malformed ones, creating nothing', async () => {
    const before = (await manage('GET', '/clients')).json().length;
    const escalate = await manage('POST', '/clients', { name: 'Too much', scope: ['user.create'] });
    expect(escalate.statusCode).toBe(403);
    const malformed = await manage('POST', '/clients', { name: 'Typo', scope: ['statistics.read', 'Bad Scope'] });
    expect(malformed.json()).toMatchObject({ status: 400, field: 'scope.1' });
    const nameless = await manage('POST', '/clients', { name: '', scope: ['statistics.read'] });
    expect(nameless.json()).toMatchObject({ status: 400, field: 'name' });
    expect((await manage('GET', '/clients')).json()).toHaveLength(before);
  });
});
