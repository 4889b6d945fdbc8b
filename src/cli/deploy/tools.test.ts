/**
 * The rendered files checked by the programs that will read them: haproxy -c, nats-server -t, patroni
 * --validate-config, systemd-analyze verify, and etcd's settings read the way etcd reads them. Each example
 * inventory and the lab, with TLS on and off. A program that is missing skips its test only, saying how to install it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadInventory } from './load-inventory.js';
import { renderDeployment, writeDeployment } from './render.js';
import { movedInventory, type InventoryName } from './test-inventories.js';
import { canIsolateNetwork, findTool, missing, type Tool } from './tools.js';
import type { Topology } from './topology.js';

const found = Object.fromEntries(
  (['haproxy', 'nats-server', 'patroni', 'etcd', 'openssl', 'systemd-analyze'] as Tool[]).map((tool) => [
    tool,
    findTool(tool),
  ]),
) as Record<Tool, string | undefined>;
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Shell-style KEY=value lines, as systemd's EnvironmentFile= and the lab read them. */
export function readEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

interface Rendered {
  readonly out: string;
  readonly topology: Topology;
}

function renderMoved(name: InventoryName, tls: boolean): Rendered {
  const root = mkdtempSync(join(tmpdir(), `civitas-deploy-${name}-`));
  roots.push(root);
  const result = loadInventory(movedInventory(name, root, { tls }), `${name} inventory`);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  const out = join(root, 'out');
  writeDeployment(out, renderDeployment(result.topology), false);
  if (tls) execFileSync('sh', [join(out, 'certs/make-certs.sh')], { stdio: 'ignore' });
  return { out, topology: result.topology };
}

/**
 * Patroni's validator also tries the network: it wants the etcd hosts reachable and the ports it will listen on
 * free, and refuses loopback addresses, which a lab on one machine must use. Those answers depend on the machine,
 * not on the file; everything else must pass.
 */
const ENVIRONMENT_DEPENDENT = [
  /^etcd3?\.hosts\.\d+ \S+ didn't pass validation: '\S+ is not reachable'$/,
  /^(restapi|postgresql)\.connect_address 127\.0\.0\.1:\d+ didn't pass validation: 'must not contain "127\.0\.0\.1"/,
  // Only outside a network of its own: something on this machine (a lab running) holds the port.
  /^(restapi|postgresql)\.listen \S+ didn't pass validation: 'Port \d+ is already in use\.'$/,
];

/** In a network of its own nothing is reachable and nothing listens: the same answers on every machine. */
const ISOLATED = canIsolateNetwork();

/** Patroni's validator's complaints about a file, one a line. */
function validatePatroni(file: string): string[] {
  const [command, args] = ISOLATED
    ? ['unshare', ['-rn', found.patroni!, '--validate-config', file]]
    : [found.patroni!, ['--validate-config', file]];
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  return result.stderr.split('\n').filter((line) => line.trim() !== '');
}

const VARIANTS: [InventoryName, boolean][] = [
  ['ha', true],
  ['ha', false],
  ['scaled', true],
  ['scaled', false],
  ['lab', true],
  ['lab', false],
  ['scaledLab', true],
  ['scaledLab', false],
];

describe.each(VARIANTS)('the %s inventory rendered with TLS %s', (name, tls) => {
  const needsOpenssl = tls && !found.openssl;
  let rendered: Rendered;
  beforeAll(() => {
    if (!needsOpenssl) rendered = renderMoved(name, tls);
  });
  const skip = (tool: Tool) => !found[tool] || needsOpenssl;
  const why = (tool: Tool) => (!found[tool] ? ` (${missing(tool)})` : needsOpenssl ? ` (${missing('openssl')})` : '');

  it.skipIf(skip('haproxy'))(`passes haproxy -c${why('haproxy')}`, () => {
    const result = spawnSync(found.haproxy!, ['-c', '-f', join(rendered.out, 'haproxy/haproxy.cfg')], {
      encoding: 'utf8',
    });
    expect(`${result.stdout}${result.stderr}`).toContain('Configuration file is valid');
    expect(result.stderr).not.toMatch(/\[WARNING\]|\[ALERT\]/);
    expect(result.status).toBe(0);
  });

  it.skipIf(skip('nats-server'))(`passes nats-server -t on every node${why('nats-server')}`, () => {
    for (const node of rendered.topology.nats) {
      const file = join(rendered.out, node.name, 'nats.conf');
      const result = spawnSync(found['nats-server']!, ['-t', '-c', file], {
        encoding: 'utf8',
        env: { ...process.env, NATS_TOKEN: 'a-token' },
      });
      expect(`${result.stdout}${result.stderr}`, node.name).toContain('is valid');
      expect(result.status, node.name).toBe(0);
    }
  });

  it.skipIf(skip('patroni'))(`passes patroni --validate-config on every PostgreSQL node${why('patroni')}`, () => {
    for (const node of rendered.topology.postgres) {
      const errors = validatePatroni(join(rendered.out, node.name, 'patroni.yml'));
      const real = errors.filter((line) => !ENVIRONMENT_DEPENDENT.some((pattern) => pattern.test(line)));
      expect(real, node.name).toEqual([]);
      if (ISOLATED)
        expect(
          errors.filter((line) => line.includes('not reachable')),
          node.name,
        ).toHaveLength(3);
    }
  });

  it('holds the Patroni keys failover depends on', () => {
    if (needsOpenssl) return;
    for (const node of rendered.topology.postgres) {
      const config = parse(readFileSync(join(rendered.out, node.name, 'patroni.yml'), 'utf8'));
      expect(config.scope).toBe(rendered.topology.cluster);
      expect(config.name).toBe(node.name);
      expect(config.bootstrap.dcs).toMatchObject({ synchronous_mode: true, synchronous_node_count: 1 });
      expect(config.bootstrap.dcs.loop_wait + 2 * config.bootstrap.dcs.retry_timeout).toBeLessThanOrEqual(
        config.bootstrap.dcs.ttl,
      );
      expect(config.etcd.hosts).toEqual(rendered.topology.etcd.map((m) => `${m.address}:${m.ports.etcdClient}`));
      expect(config.restapi.connect_address).toBe(`${node.address}:${node.ports.patroni}`);
      expect(config.postgresql.pg_hba).toContain(
        `${tls ? 'hostssl' : 'host'} replication replicator all scram-sha-256`,
      );
      expect(config.postgresql.authentication.superuser).toEqual({ username: 'postgres' });
      // Without it a new standby waits for a spread checkpoint: minutes on a quiet primary (seen in a trial run).
      expect(config.postgresql.basebackup).toEqual({ checkpoint: 'fast' });
      // PyYAML (YAML 1.1) must read these as strings, not booleans.
      expect(readFileSync(join(rendered.out, node.name, 'patroni.yml'), 'utf8')).toMatch(/hot_standby: "on"/);
      if (tls) expect(existsSync(config.restapi.certfile)).toBe(true);
    }
  });

  it('gives every etcd member the same initial cluster, listing each member at its advertised peer URL', () => {
    if (needsOpenssl) return;
    const members = rendered.topology.etcd.map((node) =>
      readEnvFile(readFileSync(join(rendered.out, node.name, 'etcd.env'), 'utf8')),
    );
    const clusters = new Set(members.map((env) => env.ETCD_INITIAL_CLUSTER));
    expect(clusters.size).toBe(1);
    const listed = new Map([...clusters][0]!.split(',').map((entry) => entry.split('=') as [string, string]));
    expect([...listed.keys()]).toEqual(members.map((env) => env.ETCD_NAME));
    for (const env of members) {
      expect(listed.get(env.ETCD_NAME!)).toBe(env.ETCD_INITIAL_ADVERTISE_PEER_URLS);
      expect(env.ETCD_ADVERTISE_CLIENT_URLS).toMatch(tls ? /^https:/ : /^http:/);
      expect(env.ETCD_INITIAL_CLUSTER_STATE).toBe('new');
      if (tls)
        for (const key of ['ETCD_CERT_FILE', 'ETCD_KEY_FILE', 'ETCD_TRUSTED_CA_FILE'])
          expect(existsSync(env[key]!)).toBe(true);
      else expect(Object.keys(env).filter((key) => key.includes('CERT') || key.includes('KEY_FILE'))).toEqual([]);
    }
    expect(new Set(members.map((env) => env.ETCD_INITIAL_CLUSTER_TOKEN)).size).toBe(1);
  });

  // systemd-analyze also checks that every ExecStart= program exists, so the units' programs must be installed.
  const unitPrograms: Tool[] = ['systemd-analyze', 'etcd', 'patroni', 'haproxy', 'nats-server'];
  const missingProgram = unitPrograms.find((tool) => !found[tool]);
  it.skipIf(missingProgram !== undefined || needsOpenssl)(
    `passes systemd-analyze verify${missingProgram ? ` (${missing(missingProgram)})` : why('systemd-analyze')}`,
    () => {
      const units = mkdtempSync(join(tmpdir(), 'civitas-units-'));
      roots.push(units);
      for (const node of rendered.topology.nodes) {
        const folder = join(rendered.out, node.name, 'systemd');
        mkdirSync(join(units, node.name));
        // A template is verified as one of its instances.
        for (const file of readdirSync(folder)) {
          copyFileSync(join(folder, file), join(units, node.name, file.replace('@.service', '@x.service')));
        }
        const files = readdirSync(join(units, node.name)).map((file) => join(units, node.name, file));
        const result = spawnSync(found['systemd-analyze']!, ['verify', '--man=no', ...files], { encoding: 'utf8' });
        expect(result.stderr, node.name).toBe('');
        expect(result.status, node.name).toBe(0);
      }
    },
  );
});

describe('the checkers fail on a broken file', () => {
  it.skipIf(!found.patroni)(
    `patroni --validate-config names a missing key${found.patroni ? '' : ` (${missing('patroni')})`}`,
    () => {
      const { out, topology } = renderMoved('lab', false);
      const file = join(out, topology.postgres[0]!.name, 'patroni.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^  data_dir: .*$/m, ''));
      const errors = validatePatroni(file);
      expect(errors.filter((line) => !ENVIRONMENT_DEPENDENT.some((pattern) => pattern.test(line)))).toEqual([
        'postgresql.data_dir  is not defined.',
      ]);
    },
  );

  it.skipIf(!found.haproxy)(
    `haproxy -c refuses a broken configuration${found.haproxy ? '' : ` (${missing('haproxy')})`}`,
    () => {
      const root = mkdtempSync(join(tmpdir(), 'civitas-deploy-broken-'));
      roots.push(root);
      writeFileSync(join(root, 'haproxy.cfg'), 'frontend x\n    bind :1\n    use_backend nowhere\n');
      expect(spawnSync(found.haproxy!, ['-c', '-f', join(root, 'haproxy.cfg')]).status).not.toBe(0);
    },
  );
});
