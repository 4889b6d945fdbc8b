/**
 * civitas serving HTTPS (http.tls): what HA and scaled mode render, so that the hop from HAProxy to a civitas on
 * another machine is encrypted too. A certificate made with openssl for the test; a client that trusts its CA gets
 * answers, plain HTTP gets none, and a missing file is an error that names the key.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCivitas, type Civitas } from '../src/main.js';
import { testConfig } from './helpers/config.js';
import { createTestDatabase, type TestDatabaseLocation } from './helpers/database.js';

function selfSignedCertificate(folder: string): { certFile: string; keyFile: string } {
  const certFile = join(folder, 'node.crt');
  const keyFile = join(folder, 'node.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-nodes',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-days',
      '2',
      '-subj',
      '/CN=civitas-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
}

function get(url: string, ca?: string): Promise<{ status: number; body: string }> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { ca, timeout: 5000 }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.end();
  });
}

describe('civitas over HTTPS', () => {
  const folder = mkdtempSync(join(tmpdir(), 'civitas-https-'));
  let location: TestDatabaseLocation;
  let civitas: Civitas;
  let files: { certFile: string; keyFile: string };

  beforeAll(async () => {
    files = selfSignedCertificate(folder);
    location = await createTestDatabase();
    civitas = await startCivitas(
      testConfig(location, {
        services: 'config,metrics',
        'http.tls.certFile': files.certFile,
        'http.tls.keyFile': files.keyFile,
      }),
    );
  });
  afterAll(async () => {
    await civitas?.stop();
    await location?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers over HTTPS to a client that trusts its certificate, and says so in its address', async () => {
    expect(civitas.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = execFileSync('cat', [files.certFile], { encoding: 'utf8' });
    const answer = await get(`${civitas.url}/health/live`, ca);
    expect(answer.status).toBe(200);
  });

  it('refuses a client that does not trust the certificate, and speaks no plain HTTP', async () => {
    await expect(get(`${civitas.url}/health/live`)).rejects.toThrow(/self-signed|certificate/);
    const plain = civitas.url.replace('https:', 'http:');
    await expect(get(`${plain}/health/live`)).rejects.toThrow();
  });

  it('names the key and the file when a certificate cannot be read', async () => {
    const other = await createTestDatabase();
    try {
      await expect(
        startCivitas(
          testConfig(other, {
            services: 'config',
            'http.tls.certFile': join(folder, 'missing.crt'),
            'http.tls.keyFile': files.keyFile,
          }),
        ),
      ).rejects.toThrow(/http\.tls\.certFile: cannot read .*missing\.crt \(ENOENT\)/);
    } finally {
      await other.drop();
    }
  });
});
