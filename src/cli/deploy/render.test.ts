import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCivitas } from '../../../test/helpers/process.js';
import { loadConfig } from '../../config/load.js';
import { SERVICE_NAMES } from '../../config/schema.js';
import { loadInventory, parseSets } from './load-inventory.js';
import { renderDeployment, writeDeployment, type RenderedFile } from './render.js';
import { ownerOf, ROUTE_TABLE } from './route-table.js';
import { inventoryText, movedInventory, type InventoryName } from './test-inventories.js';
import type { Topology } from './topology.js';

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'civitas-deploy-'));
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function topologyOf(text: string, sets = {}): Topology {
  const result = loadInventory(text, 'inventory', sets);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.topology;
}

function render(name: InventoryName, tls?: boolean): { files: Map<string, string>; topology: Topology } {
  const text = tls === undefined ? inventoryText(name) : inventoryText(name).replace(/^tls: true$/m, `tls: ${tls}`);
  const topology = topologyOf(text, tls === undefined ? {} : { tls });
  expect(topology.tls).toBe(tls ?? topology.tls);
  return { files: new Map(renderDeployment(topology).map((file) => [file.path, file.content])), topology };
}

/** HAProxy's choice for a path, read from the rendered haproxy.cfg: the first use_backend whose condition holds. */
function backendFor(haproxy: string, path: string): string {
  for (const match of haproxy.matchAll(/use_backend (\S+) if \{ path (\S+) \} \|\| \{ path_beg (\S+) \}/g)) {
    if (path === match[2] || path.startsWith(match[3]!)) return match[1]!;
  }
  return /default_backend (\S+)/.exec(haproxy)![1]!;
}

function serversOf(haproxy: string, backend: string): string[] {
  const section = haproxy
    .split(/\n(?=backend |listen |frontend )/)
    .find((part) => part.startsWith(`backend ${backend}\n`));
  return [...(section ?? '').matchAll(/server (\S+) (\S+) check/g)].map((match) => `${match[1]} ${match[2]}`);
}

describe('civitas deploy render', () => {
  it('renders the same bytes from the same inventory, in the layout README.txt describes', () => {
    const first = renderDeployment(topologyOf(inventoryText('ha')));
    const second = renderDeployment(topologyOf(inventoryText('ha')));
    expect(second).toEqual(first);
    const paths = first.map((file) => file.path);
    for (const node of ['civitas-1', 'civitas-2', 'civitas-3']) {
      for (const file of ['civitas.yaml', 'patroni.yml', 'etcd.env', 'nats.conf', 'install.sh', 'post-bootstrap.sh']) {
        expect(paths).toContain(`${node}/${file}`);
      }
      for (const unit of ['civitas', 'patroni', 'etcd', 'nats'])
        expect(paths).toContain(`${node}/systemd/${unit}.service`);
    }
    expect(paths).toEqual(expect.arrayContaining(['haproxy/haproxy.cfg', 'certs/make-certs.sh', 'README.txt']));
    const readme = first.find((file) => file.path === 'README.txt')!.content;
    expect(readme).toContain('civitas-2/  (10.0.0.12; copy this folder to the node and run install.sh as root)');
    expect(readme).toContain('haproxy/haproxy.cfg -> /etc/haproxy/haproxy.cfg');
    const other = renderDeployment(topologyOf(inventoryText('lab'), parseSets('dataRoot=/srv/other')));
    const lab = renderDeployment(topologyOf(inventoryText('lab'), parseSets('dataRoot=/srv/lab')));
    expect(other.map((file) => file.path)).toEqual(lab.map((file) => file.path));
    expect(other.find((f) => f.path === 'lab-1/patroni.yml')!.content).toContain('/srv/other/data/lab-1/postgresql');
  });

  it('puts no secret in any file and keeps scripts executable', () => {
    const files = renderDeployment(topologyOf(inventoryText('ha')));
    for (const file of files) {
      expect(file.content, file.path).not.toMatch(
        /(CIVITAS_SECRET_KEY|PGPASSWORD|NATS_TOKEN|PATRONI_\w+_PASSWORD|CIVITAS_DATABASE_PASSWORD)=[^$\s]/,
      );
      expect(file.content, file.path).not.toMatch(/^\s*(password|token|secretKey|smtpUrl):\s*[^$\s]/im);
      expect(file.mode, file.path).toBe(file.path.endsWith('.sh') ? 0o755 : 0o644);
    }
  });

  it('in HA mode, sends all HTTP to one pool and PostgreSQL to the node Patroni calls primary', () => {
    const haproxy = render('ha').files.get('haproxy/haproxy.cfg')!;
    expect(haproxy).not.toContain('use_backend');
    expect(haproxy).toContain('option httpchk GET /health/ready');
    expect(serversOf(haproxy, 'civitas_any')).toEqual([
      'civitas-1 10.0.0.11:8080',
      'civitas-2 10.0.0.12:8080',
      'civitas-3 10.0.0.13:8080',
    ]);
    const primary = haproxy.slice(
      haproxy.indexOf('listen postgres_primary'),
      haproxy.indexOf('listen postgres_replicas'),
    );
    expect(primary).toContain('option httpchk GET /primary');
    expect(primary).toContain('http-check expect status 200');
    expect(primary).toContain('server civitas-2 10.0.0.12:5432 check port 8008 verifyhost civitas-2');
    expect(primary).toContain('check-ssl verify required ca-file /etc/haproxy/certs/ca.crt');
    expect(primary).toContain('on-marked-down shutdown-sessions');
    expect(haproxy).toContain('option httpchk GET /replica');
  });

  it('in scaled mode, routes every path of the route table to a pool whose processes serve it', () => {
    const { files, topology } = render('scaled');
    const haproxy = files.get('haproxy/haproxy.cfg')!;
    const servesAt = new Map(
      topology.processes.map((process) => [
        `${process.instance ? `${process.node}.${process.instance}` : process.node}`,
        process.services,
      ]),
    );
    const samples = [
      ...ROUTE_TABLE.flatMap((route) => [route.prefix, `${route.prefix}/x/y`]),
      '/',
      '/records/123',
      '/settings.json',
    ];
    for (const path of samples) {
      const owner = ownerOf(path);
      const servers = serversOf(haproxy, backendFor(haproxy, path));
      expect(servers.length, path).toBeGreaterThan(0);
      for (const server of servers) {
        const services = servesAt.get(server.split(' ')[0]!)!;
        if (owner !== 'any') expect(services, `${path} → ${server}`).toContain(owner);
      }
    }
    // Two nodes × two copies of registry with identity, each on its own port.
    expect(serversOf(haproxy, 'svc_identity')).toEqual([
      'civitas-4.registry-identity-1 10.0.0.14:8080',
      'civitas-4.registry-identity-2 10.0.0.14:8081',
      'civitas-5.registry-identity-1 10.0.0.15:8080',
      'civitas-5.registry-identity-2 10.0.0.15:8081',
    ]);
    expect(backendFor(haproxy, '/api/v1/identity/verify/otp')).toBe('svc_identity');
    expect(backendFor(haproxy, '/api/v1/identities/123')).toBe('svc_identity');
    expect(backendFor(haproxy, '/health/ready')).toBe('civitas_any');
    expect(backendFor(haproxy, '/')).toBe('svc_gateway');
  });

  it('in the scaled lab, runs every service in two processes on two nodes', () => {
    const { topology, files } = render('scaledLab');
    for (const service of SERVICE_NAMES) {
      const nodes = new Set(topology.processes.filter((p) => p.services.includes(service)).map((p) => p.node));
      expect(nodes.size, service).toBe(2);
    }
    expect(topology.processes.map((p) => `${p.node} ${p.unit} ${p.httpPort}`)).toEqual([
      'lab-1 civitas@front.service 18101',
      'lab-1 civitas@identity.service 18102',
      'lab-2 civitas@front.service 18111',
      'lab-2 civitas@registry.service 18112',
      'lab-3 civitas@registry.service 18121',
      'lab-3 civitas@identity.service 18122',
    ]);
    expect(files.get('lab-3/civitas-registry.yaml')).toContain('jwksUrl: http://127.0.0.1:18100/.well-known/jwks.json');
  });

  it('in scaled mode, gives a node with several processes a template unit and a file per process', () => {
    const { files } = render('scaled');
    expect(files.has('civitas-4/systemd/civitas@.service')).toBe(true);
    expect(files.has('civitas-4/systemd/civitas.service')).toBe(false);
    expect(files.get('civitas-4/systemd/civitas@.service')).toContain(
      '/opt/civitas/bin/civitas.js serve --config /etc/civitas/civitas-%i.yaml',
    );
    expect(files.has('civitas-4/patroni.yml')).toBe(false);
    expect([...files.keys()].filter((path) => path.startsWith('civitas-4/civitas-'))).toEqual([
      'civitas-4/civitas-registry-identity-1.yaml',
      'civitas-4/civitas-registry-identity-2.yaml',
      'civitas-4/civitas-search.yaml',
    ]);
    expect(files.get('civitas-4/install.sh')).toContain(
      'install -d -o civitas -g civitas -m 0750 /var/lib/civitas/civitas/search',
    );
  });

  it('makes every civitas.yaml one civitas reads as meant, with its secrets from the environment', () => {
    const env = {
      CIVITAS_SECRET_KEY: 'k'.repeat(40),
      PGPASSWORD: 'p',
      NATS_TOKEN: 't',
      CIVITAS_NOTIFY_EMAIL_SMTP_URL: 'smtps://u:p@mail.example.org:465',
    };
    const root = tempRoot();
    for (const name of ['ha', 'scaled', 'lab', 'scaledLab'] as const) {
      const { files } = render(name);
      for (const [path, content] of files) {
        if (!/\/civitas(-[a-z-0-9]+)?\.yaml$/.test(path)) continue;
        const file = join(root, path.replaceAll('/', '_'));
        writeFileSync(file, content);
        const result = loadConfig({ configFile: file, env, flags: {} });
        if (!result.ok) throw new Error(`${name} ${path}: ${result.problems.join('; ')}`);
        const { config } = result;
        expect(config.http.trustProxy).toBe(true);
        expect(config.nats.replicas).toBe(3);
        expect(config.nats.url!.split(',')).toHaveLength(3);
        expect(config.database.url).toMatch(
          name.endsWith('ab') ? /@127\.0\.0\.1:15430\/civitas$/ : /@10\.0\.0\.10:5000\//,
        );
        expect(config.services.includes('auth') || config.auth.jwksUrl?.endsWith('/.well-known/jwks.json')).toBe(true);
      }
    }
    const lab = render('lab').files.get('lab-2/civitas.yaml')!;
    expect(lab).toContain('port: 18102');
    expect(lab).toContain('url: nats://127.0.0.1:14222,nats://127.0.0.1:14223,nats://127.0.0.1:14224');
  });

  it('with TLS on, HAProxy reaches every civitas over HTTPS and checks its certificate', () => {
    const { files, topology } = render('scaled', true);
    const servers = (files.get('haproxy/haproxy.cfg') ?? '')
      .split('\n')
      .filter((line) => /^ {4}server /.test(line) && !line.includes('check port'));
    expect(servers.length).toBeGreaterThan(0);
    for (const line of servers) {
      const node = topology.nodes.find((candidate) => line.includes(` ${candidate.address}:`))!;
      expect(line).toContain(` ssl verify required ca-file ${topology.haproxy.certs.ca} verifyhost ${node.name}`);
    }
    for (const node of topology.nodes.filter((candidate) => candidate.processes.length > 0)) {
      const yaml = [...files].find(([path]) => path.startsWith(`${node.name}/civitas`) && path.endsWith('.yaml'))![1];
      expect(yaml).toContain(`certFile: ${node.certs.cert}`);
      expect(yaml).toContain(`keyFile: ${node.certs.key}`);
      expect(files.get(`${node.name}/install.sh`)).toContain(`usermod -a -G ssl-cert ${topology.civitas.user}`);
    }
  });

  it('with TLS off, names no certificate and asks for none', () => {
    const { files } = render('ha', false);
    for (const [path, content] of files) {
      if (path.endsWith('make-certs.sh') || path === 'README.txt') continue;
      expect(content, path).not.toMatch(/certs\/|sslmode|ssl crt|check-ssl|https:\/\/10\./);
    }
    expect(files.get('civitas-1/civitas.yaml')).toContain('url: postgres://civitas@10.0.0.10:5000/civitas\n');
    expect(files.get('civitas-1/patroni.yml')).toContain('host all all all scram-sha-256');
    expect(files.get('haproxy/haproxy.cfg')).toContain('bind 0.0.0.0:80\n');
  });

  it('writes into an empty folder, refuses a full one, and with force writes over only what it renders', () => {
    const out = join(tempRoot(), 'out');
    const files: RenderedFile[] = renderDeployment(topologyOf(inventoryText('ha')));
    writeDeployment(out, files, false);
    expect(statSync(join(out, 'certs/make-certs.sh')).mode & 0o777).toBe(0o755);
    expect(() => writeDeployment(out, files, false)).toThrow(/is not empty .*--force/);
    writeFileSync(join(out, 'certs/ca.key'), 'kept');
    writeFileSync(join(out, 'civitas-1/civitas.yaml'), 'edited');
    writeDeployment(out, files, true);
    expect(readFileSync(join(out, 'certs/ca.key'), 'utf8')).toBe('kept');
    expect(readFileSync(join(out, 'civitas-1/civitas.yaml'), 'utf8')).toBe(
      files.find((file) => file.path === 'civitas-1/civitas.yaml')!.content,
    );
  });

  it('as a command: renders the lab into the folder given, exit 2 and nothing written for a wrong inventory', async () => {
    const root = tempRoot();
    const out = join(root, 'config');
    const done = await runCivitas([
      'deploy',
      'render',
      '--inventory',
      'deploy/lab/nodes.lab.yaml',
      '--set',
      `dataRoot=${root}`,
      '--out',
      out,
    ]);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(
      `rendered 34 files for civitas-lab (3 nodes, 3 civitas processes, HA mode, TLS off) in ${out}`,
    );
    expect(readFileSync(join(out, 'lab-1/patroni.yml'), 'utf8')).toContain(`data_dir: ${root}/data/lab-1/postgresql`);

    const again = await runCivitas(['deploy', 'render', '--inventory', 'deploy/lab/nodes.lab.yaml', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is not empty');

    const broken = join(root, 'broken.yaml');
    writeFileSync(broken, movedInventory('lab', root).replace('cluster: civitas-lab', 'cluster: Lab!'));
    const wrong = await runCivitas(['deploy', 'render', '--inventory', broken, '--out', join(root, 'never')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('has 1 problem(s); nothing was written:\n  cluster (line ');
    expect(existsSync(join(root, 'never'))).toBe(false);
    const usage = await runCivitas(['deploy', 'render', '--inventory', broken]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--out: name the folder to write to');
  });

  it('knows every service the program has', () => {
    const { topology } = render('ha');
    expect(topology.processes[0]!.services).toEqual([...SERVICE_NAMES]);
  });
});
