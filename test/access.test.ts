/**
 * Generated from the routes themselves: every route under /api/v1 answers 401 without a token, 403 with a token that
 * lacks its scope, and neither with a token that has it. A new route is covered the day it is added.
 */
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC } from '../src/core/http/access.js';
import { AUDIENCE, ISSUER } from '../src/services/auth/tokens.js';
import { addUser, tokenWith } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';

describe('access control on every route', () => {
  let civitas: TestCivitas;
  beforeAll(async () => {
    civitas = await startTestCivitas({ services: 'all' });
  });
  afterAll(async () => {
    await civitas.close();
  });

  const concrete = (url: string) =>
    url.replace(/:id\b/g, '01a21635-2c6d-7001-a134-ebe84e8d1520').replace(/:(\w+)/g, 'SAMPLE');
  const call = (route: { method: string; url: string }, token?: string) =>
    civitas.app.inject({
      method: route.method as 'GET',
      url: concrete(route.url),
      ...(route.method === 'GET' ? {} : { payload: {} }),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('has scoped routes to walk', () => {
    expect(civitas.app.apiRoutes.filter((route) => route.scope !== PUBLIC).length).toBeGreaterThanOrEqual(5);
  });

  it('answers 401 without a token, 403 without the scope, and lets the right scope through', async () => {
    const none = await tokenWith(civitas, []);
    // Routes about one's own account need the token's subject to be a real, active user.
    const sub = await addUser(civitas, { username: 'route-walker', role: 'field-agent', phone: '+260977000199' });
    for (const route of civitas.app.apiRoutes) {
      if (route.scope === PUBLIC) continue;
      const label = `${route.method} ${route.url} (${route.scope})`;
      const anonymous = await call(route);
      expect(anonymous.statusCode, label).toBe(401);
      expect(anonymous.json().code, label).toBe('UNAUTHENTICATED');
      expect((await call(route, none)).statusCode, label).toBe(403);
      const allowed = await call(route, await tokenWith(civitas, [route.scope], 300, { sub }));
      expect([401, 403], `${label}: ${allowed.body}`).not.toContain(allowed.statusCode);
    }
  });

  it('refuses expired tokens and tokens signed with another key', async () => {
    const route = { method: 'GET', url: '/api/v1/areas' };
    const expired = await tokenWith(civitas, ['config.read'], -10);
    expect((await call(route, expired)).statusCode).toBe(401);
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = await new SignJWT({ scope: 'config.read' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'not-ours' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('intruder')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await call(route, forged)).statusCode).toBe(401);
    expect((await call(route, 'not.a.token')).statusCode).toBe(401);
  });

  it('publishes the public signing keys, and no private part', async () => {
    const response = await civitas.app.inject({ url: '/.well-known/jwks.json' });
    expect(response.statusCode).toBe(200);
    const { keys } = response.json<{ keys: Array<Record<string, string>> }>();
    expect(keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })]);
    expect(keys[0]).not.toHaveProperty('d');
  });
});
