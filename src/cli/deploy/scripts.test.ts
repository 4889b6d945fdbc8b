import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInventory, parseSets } from './load-inventory.js';
import { renderDeployment, writeDeployment } from './render.js';
import { inventoryText } from './test-inventories.js';
import { findTool, missing } from './tools.js';

const openssl = findTool('openssl');
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Renders an inventory into `<root>/out` and returns both. */
function renderInto(text: string, sets = {}): { root: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'civitas-deploy-scripts-'));
  roots.push(root);
  const result = loadInventory(text, 'inventory', sets);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const out = join(root, 'out');
  writeDeployment(out, renderDeployment(result.topology), false);
  return { root, out };
}

function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

function certificateText(path: string): string {
  return execFileSync(openssl!, ['x509', '-in', path, '-noout', '-text'], { encoding: 'utf8' });
}

describe('the scripts the renderer writes', () => {
  it('are shell scripts sh can read, for every inventory and with TLS on and off', () => {
    for (const [name, sets] of [
      ['ha', {}],
      ['scaled', {}],
      ['lab', { tls: true }],
      ['lab', { tls: false }],
    ] as const) {
      const { out } = renderInto(inventoryText(name), sets);
      for (const script of [
        'certs/make-certs.sh',
        'secrets/make-secrets.sh',
        ...(name === 'scaled' ? ['civitas-4/install.sh'] : []),
        'civitas-1/install.sh',
        'lab-1/install.sh',
        'civitas-1/post-bootstrap.sh',
      ]) {
        if (!existsSync(join(out, script))) continue;
        const check = spawnSync('sh', ['-n', join(out, script)], { encoding: 'utf8' });
        expect(check.stderr, `${name} ${script}`).toBe('');
        expect(check.status, `${name} ${script}`).toBe(0);
      }
    }
  });

  it.skipIf(!openssl)(
    `make-secrets.sh draws each secret once, shares the ones two files need${openssl ? '' : ` (${missing('openssl')})`}`,
    () => {
      const { root, out } = renderInto(inventoryText('ha'));
      const secrets = join(root, 'secrets');
      execFileSync('sh', [join(out, 'secrets/make-secrets.sh'), secrets]);
      const civitas = envFile(join(secrets, 'civitas.env'));
      const patroni = envFile(join(secrets, 'patroni.env'));
      const nats = envFile(join(secrets, 'nats.env'));
      expect(Object.keys(civitas)).toEqual(['CIVITAS_SECRET_KEY', 'PGPASSWORD', 'NATS_TOKEN']);
      expect(civitas.CIVITAS_SECRET_KEY).toMatch(/^[0-9a-f]{64}$/);
      expect(civitas.PGPASSWORD).toBe(patroni.CIVITAS_DATABASE_PASSWORD);
      expect(civitas.NATS_TOKEN).toBe(nats.NATS_TOKEN);
      expect(new Set([civitas.CIVITAS_SECRET_KEY, civitas.PGPASSWORD, patroni.PATRONI_SUPERUSER_PASSWORD]).size).toBe(
        3,
      );
      expect(statSync(join(secrets, 'patroni.env')).mode & 0o777).toBe(0o600);
      const again = spawnSync('sh', [join(out, 'secrets/make-secrets.sh'), secrets], { encoding: 'utf8' });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('civitas.env exists: not replaced');
      expect(envFile(join(secrets, 'civitas.env'))).toEqual(civitas);
    },
  );

  it.skipIf(!openssl)(
    `make-certs.sh makes a CA and a certificate per node that names it and its address${openssl ? '' : ` (${missing('openssl')})`}`,
    () => {
      const { out } = renderInto(inventoryText('ha'));
      execFileSync('sh', [join(out, 'certs/make-certs.sh')], { encoding: 'utf8' });
      for (const [node, address] of [
        ['civitas-1', '10.0.0.11'],
        ['civitas-3', '10.0.0.13'],
      ]) {
        const cert = join(out, node!, 'certs/node.crt');
        expect(
          execFileSync(openssl!, ['verify', '-CAfile', join(out, 'certs/ca.crt'), cert], { encoding: 'utf8' }),
        ).toContain(': OK');
        const text = certificateText(cert);
        // PostgreSQL nodes are reached through HAProxy too, so they also carry its names.
        expect(text).toContain(`DNS:${node}, IP Address:${address}, DNS:haproxy, IP Address:10.0.0.10, DNS:localhost`);
        expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
        expect(existsSync(join(out, node!, 'certs/ca.crt'))).toBe(true);
      }
      const haproxy = certificateText(join(out, 'haproxy/certs/haproxy.crt'));
      expect(haproxy).toContain('DNS:haproxy, IP Address:10.0.0.10, DNS:civitas.example.gov');
      const pem = readFileSync(join(out, 'haproxy/certs/haproxy.pem'), 'utf8');
      expect(pem).toContain('BEGIN CERTIFICATE');
      expect(pem).toContain('PRIVATE KEY');

      const key = readFileSync(join(out, 'civitas-2/certs/node.key'), 'utf8');
      execFileSync('sh', [join(out, 'certs/make-certs.sh')]);
      expect(readFileSync(join(out, 'civitas-2/certs/node.key'), 'utf8')).toBe(key);
    },
  );

  it.skipIf(!openssl)(
    `make-certs.sh --install puts each node's files where its configuration names them${openssl ? '' : ` (${missing('openssl')})`}`,
    () => {
      // The lab's own layout: its config folders are <dataRoot>/config/<node>, and this render goes elsewhere.
      const root = mkdtempSync(join(tmpdir(), 'civitas-deploy-lab-'));
      roots.push(root);
      const { out } = renderInto(inventoryText('lab'), parseSets(`dataRoot=${root},tls=true`));
      execFileSync('sh', [join(out, 'certs/make-certs.sh'), '--install']);
      for (const node of ['lab-1', 'lab-2', 'lab-3']) {
        for (const file of ['ca.crt', 'node.crt', 'node.key']) {
          expect(existsSync(join(root, 'config', node, 'certs', file)), `${node} ${file}`).toBe(true);
        }
      }
      expect(existsSync(join(root, 'config/haproxy/certs/haproxy.pem'))).toBe(true);
      const patroni = readFileSync(join(out, 'lab-2/patroni.yml'), 'utf8');
      expect(patroni).toContain(`certfile: ${root}/config/lab-2/certs/node.crt`);
    },
  );
});
