import { describe, expect, it } from 'vitest';
import { loadInventory, parseSets } from './load-inventory.js';
import { inventoryText } from './test-inventories.js';

/** Three nodes on three hosts, the smallest inventory that is valid; `extra` is appended to it. */
function inventory(extra = '', nodes = threeNodes()): string {
  return `cluster: test\nnodes:\n${nodes}haproxy:\n  address: 10.0.0.10\n${extra}`;
}

function threeNodes(count = 3): string {
  return Array.from(
    { length: count },
    (_, index) => `  - name: n${index + 1}\n    address: 10.0.0.${11 + index}\n`,
  ).join('');
}

function problemsOf(text: string, sets = {}): readonly string[] {
  const result = loadInventory(text, 'nodes.yaml', sets);
  if (result.ok) throw new Error('expected problems, the inventory was accepted');
  return result.problems;
}

describe('inventory', () => {
  it('fills in the defaults of three servers: each tool on its usual port, every service, TLS on', () => {
    const result = loadInventory(inventory(), 'nodes.yaml');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { topology } = result;
    expect(topology.tls).toBe(true);
    expect(topology.scaled).toBe(false);
    expect(topology.natsReplicas).toBe(3);
    expect(topology.nodes[1]).toMatchObject({
      name: 'n2',
      bind: '10.0.0.12',
      ports: { http: 8080, postgres: 5432, patroni: 8008, etcdClient: 2379, natsClient: 4222 },
      dirs: { config: '/etc/civitas', data: '/var/lib/civitas' },
    });
    expect(topology.processes.map((process) => process.unit)).toEqual([
      'civitas.service',
      'civitas.service',
      'civitas.service',
    ]);
    expect(topology.haproxy.ports).toMatchObject({ http: 443, postgres: 5000, postgresReplica: 5001 });
  });

  it('reads the lab inventory with its data root from --set, three nodes on one host with ports of their own', () => {
    const result = loadInventory(inventoryText('lab'), 'nodes.lab.yaml', parseSets('dataRoot=/tmp/x'));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const { topology } = result;
    expect(topology.tls).toBe(false);
    expect(topology.nodes.map((node) => [node.address, node.processes[0]!.httpPort, node.ports.postgres])).toEqual([
      ['127.0.0.1', 18101, 15432],
      ['127.0.0.1', 18102, 15433],
      ['127.0.0.1', 18103, 15434],
    ]);
    expect(topology.nodes[2]!.dirs).toEqual({
      config: '/tmp/x/config/lab-3',
      data: '/tmp/x/data/lab-3',
      run: '/tmp/x/run/lab-3',
    });
    expect(topology.haproxy.ports).toMatchObject({ http: 18100, postgres: 15430 });
    expect(topology.database.watchdog).toBe('off');
  });

  it('takes a variable as the type its value has: --set tls=true turns TLS on', () => {
    const result = loadInventory(inventoryText('lab'), 'nodes.lab.yaml', parseSets('tls=true'));
    expect(result.ok && result.topology.tls).toBe(true);
    expect(parseSets('dataRoot=/tmp/a b,port=9000,on=false')).toEqual({ dataRoot: '/tmp/a b', port: 9000, on: false });
    expect(() => parseSets('dataRoot')).toThrow(/not name=value/);
  });

  it('names an undefined variable, where it is used, and how to define it', () => {
    const text = inventory().replace('address: 10.0.0.11', 'address: 10.0.0.11\n    dirs: { data: "${root}/a" }');
    expect(problemsOf(text)).toEqual([
      'nodes[0].dirs.data (line 5): ${root} is not defined: add it under vars: or pass --set root=<value>',
    ]);
  });

  it('lists every problem at once, each with its path and line', () => {
    const text = [
      'cluster: Test Cluster',
      'nodes:',
      '  - name: n1',
      '    address: 10.0.0.11',
      '    ports: { http: 70000 }',
      '  - name: n2',
      '    services: [registry, billing]',
      '  - name: n3',
      '    address: 10.0.0.13',
      '    prots: {}',
      'haproxy:',
      '  address: 10.0.0.10',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cluster \(line 1\): must be 1 to 40 lowercase letters/),
        'nodes[0].ports.http (line 5): must be a port from 1 to 65535',
        'nodes[1].address (line 6): is required',
        expect.stringMatching(/^nodes\[1\]\.services\[1\] \(line 7\): unknown service "billing"; services: config, /),
        expect.stringMatching(/^nodes\[2\] \(line 8\): Unrecognized key: "prots"/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('refuses two servers on one port of one host, naming both', () => {
    const nodes = threeNodes()
      .replaceAll(/10\.0\.0\.1\d/g, '127.0.0.1')
      .replace('name: n2\n', 'name: n2\n    dirs: { config: /b, data: /b, run: /b }\n')
      .replace(
        'name: n3\n',
        'name: n3\n    dirs: { config: /c, data: /c, run: /c }\n    ports: { etcdClient: 2380 }\n',
      );
    const problems = problemsOf(inventory('', nodes));
    expect(problems).toContain(
      'nodes[1].ports.http (line 5): port 8080 on 127.0.0.1 is already used by n1 civitas.service',
    );
    expect(problems).toContain(
      'nodes[2].ports.etcdClient (line 10): port 2380 on 127.0.0.1 is already used by n1 etcdPeer',
    );
  });

  it('refuses two nodes on one host sharing a data folder', () => {
    const nodes = threeNodes()
      .replaceAll(/10\.0\.0\.1\d/g, '127.0.0.1')
      .replace(
        'name: n2\n',
        'name: n2\n    ports: { http: 1, postgres: 2, patroni: 3, etcdClient: 4, etcdPeer: 5, natsClient: 6, natsCluster: 7, natsMonitor: 9 }\n    dirs: { config: /b, run: /b }\n',
      )
      .replace(
        'name: n3\n',
        'name: n3\n    ports: { http: 11, postgres: 12, patroni: 13, etcdClient: 14, etcdPeer: 15, natsClient: 16, natsCluster: 17, natsMonitor: 19 }\n    dirs: { config: /c, data: /c, run: /c }\n',
      );
    expect(problemsOf(inventory('', nodes))).toEqual([
      expect.stringMatching(/^nodes\[1\]\.dirs\.data .*another node on 127\.0\.0\.1 uses this folder/),
    ]);
  });

  it('wants an odd number of etcd members and three NATS servers', () => {
    expect(problemsOf(inventory('', threeNodes(4)))).toEqual([
      expect.stringContaining('etcd runs on 4 node(s); it needs an odd number'),
    ]);
    const two = threeNodes().replace('address: 10.0.0.13\n', 'address: 10.0.0.13\n    infra: [etcd]\n');
    expect(problemsOf(inventory('', two))).toEqual([
      expect.stringContaining('NATS runs on 2 node(s); a JetStream cluster needs at least 3'),
    ]);
  });

  it('keeps secrets out of the inventory and points at the secrets file instead', () => {
    const problems = problemsOf(
      inventory('civitas:\n  config:\n    secretKey: abcdefghijklmnopqrstuvwxyz0123456789\n'),
    );
    expect(problems).toEqual([
      'civitas.config.secretKey (line 13): is a secret: put CIVITAS_SECRET_KEY=... in /etc/civitas/secrets/civitas.env on each node, not in the inventory',
    ]);
  });

  it('checks civitas.config against the configuration schema civitas reads it with', () => {
    const problems = problemsOf(inventory('civitas:\n  config:\n    notify: { emial: {} }\n    http: { port: 9 }\n'));
    expect(problems).toEqual([
      'civitas.config.http.port (line 14): is set by the renderer from the nodes and haproxy sections; set it there',
    ]);
    expect(problemsOf(inventory('civitas:\n  config:\n    notify: { emial: {} }\n'))).toEqual([
      expect.stringMatching(/^civitas\.config\.notify \(line 13\): Unrecognized key: "emial"/),
    ]);
  });

  it('refuses a node with both services and processes, and a node with the same services twice', () => {
    const nodes = threeNodes()
      .replace('name: n1\n', 'name: n1\n    services: all\n    processes: [{ services: [search] }]\n')
      .replace('name: n2\n', 'name: n2\n    processes: [{ services: [search] }, { services: [search] }]\n');
    const problems = problemsOf(inventory('', nodes));
    expect(problems).toEqual([
      'nodes[0].processes (line 5): give either services (one civitas process) or processes (several), not both',
    ]);
    const twice = problemsOf(
      inventory(
        '',
        threeNodes().replace(
          'name: n2\n',
          'name: n2\n    processes: [{ services: [search] }, { services: [search], copies: 2 }]\n',
        ),
      ),
    );
    expect(twice).toEqual([
      expect.stringContaining('the same name as processes[0] (search): raise copies there, or name them apart'),
    ]);
  });

  it("holds Patroni's timing rule and the connection budget", () => {
    expect(problemsOf(inventory('database: { ttl: 10, loopWait: 5, retryTimeout: 5 }\n'))).toEqual([
      'database.ttl (line 11): must be at least loopWait + 2 × retryTimeout (15)',
    ]);
    expect(problemsOf(inventory('database: { poolSize: 70, maxConnections: 200 }\n'))).toEqual([
      expect.stringContaining(
        '3 civitas processes × poolSize 70 = 210 connections; raise maxConnections to at least 220',
      ),
    ]);
  });

  it('refuses two nodes with one name, and says where a YAML mistake is', () => {
    expect(problemsOf(inventory('', threeNodes().replace('name: n2', 'name: n1')))).toEqual([
      'nodes[1].name (line 5): another node has this name (n1)',
    ]);
    expect(problemsOf('cluster: x\nnodes: [\n')).toEqual([expect.stringMatching(/^nodes\.yaml line \d+: /)]);
  });

  it('warns about services no process runs', () => {
    const nodes = threeNodes().replaceAll(
      'address: 10.0.0.1',
      'services: [registry, auth, config]\n    address: 10.0.0.1',
    );
    const result = loadInventory(inventory('', nodes), 'nodes.yaml');
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.topology.scaled).toBe(true);
    expect(result.warnings).toEqual([
      'no process runs search, identity, documents, notify, hooks, exchange, metrics, gateway: their routes will answer 404',
    ]);
  });
});
