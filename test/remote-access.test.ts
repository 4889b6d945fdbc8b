/**
 * A node without the auth service (scaled mode) checks tokens with the auth node's public keys, and stops accepting
 * a session's tokens soon after it ends on the auth node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCivitas, type Civitas } from '../src/main.js';
import { addUser, signIn } from './helpers/auth.js';
import { startTestCivitas, type TestCivitas } from './helpers/civitas.js';
import { testConfig } from './helpers/config.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';
import { eventually } from './helpers/http.js';

describe('access on a node without the auth service', () => {
  let authNode: TestCivitas;
  let configNode: Civitas;
  let configDatabase: TestDatabaseLocation;

  beforeAll(async () => {
    authNode = await startTestCivitas({ services: 'auth', 'auth.developmentCode': '000000' });
    await authNode.app.listen({ host: '127.0.0.1', port: 0 });
    const address = authNode.app.server.address() as { port: number };
    configDatabase = await createTestDatabase();
    configNode = await startCivitas(
      testConfig(configDatabase, {
        env: 'production',
        secretKey: 'a secret key of the config node, long enough',
        services: 'config',
        'auth.jwksUrl': `http://127.0.0.1:${address.port}/.well-known/jwks.json`,
      }),
      { listen: false },
    );
    await addUser(authNode, { username: 'amara', role: 'field-agent', phone: '+260977000111' });
  });
  afterAll(async () => {
    await configNode?.stop();
    await configDatabase?.drop();
    await authNode?.close();
  });

  const areas = (token?: string) =>
    configNode.app.inject({ url: '/api/v1/areas', headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('accepts the auth node’s tokens, refuses others, and follows sign-outs', async () => {
    expect((await areas()).statusCode).toBe(401);
    expect((await areas('not.a.token')).statusCode).toBe(401);
    const session = await signIn(authNode, 'amara');
    expect((await areas(session.accessToken)).statusCode).toBe(200);

    await authNode.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refreshToken: session.refreshToken },
    });
    await eventually('the config node sees the sign-out', async () =>
      (await areas(session.accessToken)).statusCode === 401 ? true : undefined,
    );
  }, 30_000);
});
