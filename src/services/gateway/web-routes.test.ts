/**
 * The gateway serves the web app: its page for the app's own addresses (never for the server's), each file with the
 * right type, caching and compression, and a clear page while the app is not built.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLog } from '../../../test/helpers/log.js';
import { startTestCivitas } from '../../../test/helpers/civitas.js';
import { defaultAccessPolicy } from '../../core/http/access.js';
import { createHttpServer } from '../../core/http/server.js';
import { createMetrics } from '../../core/metrics.js';
import { webBuild } from './web-build.js';
import { webRoutes } from './web-routes.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A web/dist as `npm run build:web` writes it (without the compressed copies: the gateway makes them). */
function builtApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'civitas-web-'));
  folders.push(dir);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Civitas"}');
  return dir;
}

async function gateway(dir: string, log = captureLog('silent').log) {
  const app = await createHttpServer({
    log,
    metrics: createMetrics(),
    bodyLimitBytes: 1024,
    trustProxy: false,
    version: 'test',
    access: () => defaultAccessPolicy('test'),
  });
  await app.register(async (scoped) => webRoutes(scoped as never, webBuild(dir, log, 0), { offlineQueueLimit: 50 }));
  await app.ready();
  return app;
}

describe('the gateway serving the web app', () => {
  it('answers the app page for / and for the app’s own addresses, checked on every load', async () => {
    const app = await gateway(builtApp());
    for (const url of ['/', '/records/0190a2b4-5d6e-7f00-8a9b-0c1d2e3f4a5b', '/queues/ready-for-review', '/outbox']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('never answers the page for the server’s own addresses: those keep their problem+json 404', async () => {
    const app = await gateway(builtApp());
    for (const url of [
      '/api/v1/nothing',
      '/api',
      '/health/nothing',
      '/.well-known/nothing',
      '/verify/abc',
      '/docs/x',
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
    }
  });

  it('answers 404, not the page, for a file that is not there (an old build’s script must not get HTML)', async () => {
    const app = await gateway(builtApp());
    for (const url of [
      '/assets/index-old999.js',
      '/assets/',
      '/favicon.ico',
      '/../package.json',
      '/..%2fpackage.json',
    ]) {
      expect((await app.inject({ url })).statusCode, url).toBe(404);
    }
  });

  it('serves hashed assets for a year, immutable, and answers 304 to a matching ETag', async () => {
    const app = await gateway(builtApp());
    const response = await app.inject({ url: '/assets/index-abc123.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(SCRIPT);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const again = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'if-none-match': String(response.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('compresses with brotli or gzip as the browser accepts, and says it varies by that', async () => {
    const app = await gateway(builtApp());
    const brotli = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toBe('accept-encoding');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT);
    expect(brotli.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
    const gzip = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);
    const plain = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    // Each form has its own ETag: a cache never mixes them up.
    expect(new Set([brotli.headers.etag, gzip.headers.etag, plain.headers.etag]).size).toBe(3);
  });

  it('serves the service worker and the manifest with their types, checked on every load', async () => {
    const app = await gateway(builtApp());
    const worker = await app.inject({ url: '/sw.js' });
    expect(worker.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(worker.headers['cache-control']).toBe('no-cache');
    const manifest = await app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.headers['content-type']).toBe('application/manifest+json; charset=utf-8');
    expect(manifest.headers['cache-control']).toBe('no-cache');
    const settings = await app.inject({ url: '/settings.json' });
    expect(settings.json()).toEqual({ offlineQueueLimit: 50 });
    expect(settings.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD like GET, without the body', async () => {
    const app = await gateway(builtApp());
    const response = await app.inject({ method: 'HEAD', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
  });

  it('while the app is not built, says how to build it (and logs it once), then serves it once built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civitas-web-'));
    folders.push(dir);
    const { log, text } = captureLog('info');
    const app = await gateway(dir, log);
    for (const url of ['/', '/records/x']) {
      const response = await app.inject({ url });
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('npm run build:web');
    }
    expect((await app.inject({ url: '/assets/index-abc123.js' })).statusCode).toBe(404);
    expect(text().match(/the web app is not built/g)).toHaveLength(1);

    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(dir, 'index.html'), INDEX);
    const built = await app.inject({ url: '/' });
    expect(built.statusCode).toBe(200);
    expect(built.body).toBe(INDEX);
  });
});

describe('the gateway in the program', () => {
  it('leaves the API, health and the OpenAPI document to their routes', async () => {
    const civitas = await startTestCivitas({ services: 'config,gateway' });
    try {
      const missing = await civitas.app.inject({ url: '/api/v1/nothing' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
      expect((await civitas.app.inject({ url: '/health/live' })).json()).toEqual({ live: true });
      expect((await civitas.app.inject({ url: '/openapi.json' })).json()).toMatchObject({ openapi: '3.1.0' });
      expect((await civitas.app.inject({ url: '/api/v1/areas?limit=1' })).statusCode).toBe(200);
      const page = await civitas.app.inject({ url: '/queues/ready-for-review' });
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    } finally {
      await civitas.close();
    }
  });
});
