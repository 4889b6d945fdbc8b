import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { createMetrics } from '../metrics.js';
import { defaultAccessPolicy, PUBLIC } from './access.js';
import { createHttpServer } from './server.js';

async function server(env = 'test') {
  return createHttpServer({
    log: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    bodyLimitBytes: 1024,
    trustProxy: false,
    version: 'test',
    access: () => defaultAccessPolicy(env),
  });
}

describe('the HTTP server', () => {
  it('refuses to register an API route that declares no scope', async () => {
    const app = await server();
    await expect(
      app.register(
        async (scoped) => {
          scoped.get('/open', async () => ({}));
        },
        { prefix: '/api/v1' },
      ),
    ).rejects.toThrow(/GET \/api\/v1\/open declares no scope/);
  });

  it('hides the cause of an unexpected error behind an opaque 500 with the request id', async () => {
    const app = await server();
    await app.register(
      async (scoped) => {
        scoped.get('/boom', { config: { scope: PUBLIC } }, async () => {
          throw new Error('password=hunter2 at /srv/secret/path');
        });
      },
      { prefix: '/api/v1' },
    );
    const response = await app.inject({ url: '/api/v1/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/hunter2|secret|at /);
    expect(response.json()).toMatchObject({ code: 'INTERNAL', requestId: response.headers['x-request-id'] });
  });

  it('answers a body over the limit with 413', async () => {
    const app = await server();
    await app.register(
      async (scoped) => {
        scoped.post('/echo', { config: { scope: PUBLIC } }, async (request) => request.body);
      },
      { prefix: '/api/v1' },
    );
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/echo',
      payload: JSON.stringify({ text: 'x'.repeat(2000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('BODY_TOO_LARGE');
  });

  it('outside development mode, refuses scoped routes while no auth service is installed', async () => {
    const app = await server('production');
    await app.register(
      async (scoped) => {
        scoped.get('/private', { config: { scope: 'record.read' } }, async () => ({ secret: true }));
        scoped.get('/public', { config: { scope: PUBLIC } }, async () => ({ open: true }));
      },
      { prefix: '/api/v1' },
    );
    expect((await app.inject({ url: '/api/v1/private' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/public' })).statusCode).toBe(200);
  });
});
