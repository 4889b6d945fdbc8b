/**
 * The checks `planTopology` makes on the deployment as a whole, beyond what the schema of each field can say: names
 * and folders unique, no two servers on one port of one host, enough members for each cluster to survive a loss.
 */
import type { Infra, NodePorts } from './inventory.js';
import type { NodePlan, Problem, Topology } from './topology.js';

/** etcd and NATS keep a majority with one member down only from three up; a synchronous standby needs two. */
export function checkQuorums(etcd: number, postgres: number, nats: number, problems: Problem[]): void {
  if (etcd < 3 || etcd % 2 === 0) {
    problems.push({
      path: ['nodes'],
      message: `etcd runs on ${etcd} node(s); it needs an odd number, at least 3, to keep a majority when one dies`,
    });
  }
  if (postgres < 2) {
    problems.push({
      path: ['nodes'],
      message: `PostgreSQL runs on ${postgres} node(s); a synchronous standby needs at least 2 (3 recommended)`,
    });
  }
  if (nats < 3) {
    problems.push({ path: ['nodes'], message: `NATS runs on ${nats} node(s); a JetStream cluster needs at least 3` });
  }
}

export function checkUnique(
  values: readonly string[],
  pathOf: (index: number) => (string | number)[],
  message: string,
  problems: Problem[],
): void {
  const first = new Map<string, number>();
  values.forEach((value, index) => {
    if (first.has(value)) problems.push({ path: pathOf(index), message: `${message} (${value})` });
    else first.set(value, index);
  });
}

/** Two servers on one host cannot listen on one port: the case of a lab with three nodes on 127.0.0.1. */
export function checkListeners(nodes: readonly NodePlan[], haproxy: Topology['haproxy'], problems: Problem[]): void {
  const taken = new Map<string, string>();
  const claim = (host: string, port: number | null, owner: string, path: (string | number)[]) => {
    if (port === null) return;
    const key = `${host}:${port}`;
    const holder = taken.get(key);
    if (holder) problems.push({ path, message: `port ${port} on ${host} is already used by ${holder}` });
    else taken.set(key, owner);
  };
  nodes.forEach((node, index) => {
    const has = (tool: Infra) => node.infra.includes(tool);
    const at = (key: keyof NodePorts) => ['nodes', index, 'ports', key];
    node.processes.forEach((process) =>
      claim(node.address, process.httpPort, `${node.name} ${process.unit}`, at('http')),
    );
    const tools: [keyof NodePorts, boolean][] = [
      ['postgres', has('postgres')],
      ['patroni', has('postgres')],
      ['etcdClient', has('etcd')],
      ['etcdPeer', has('etcd')],
      ['natsClient', has('nats')],
      ['natsCluster', has('nats')],
      ['natsMonitor', has('nats')],
    ];
    for (const [key, used] of tools) if (used) claim(node.address, node.ports[key], `${node.name} ${key}`, at(key));
  });
  const ports = haproxy.ports;
  claim(haproxy.address, ports.http, 'haproxy http', ['haproxy', 'ports', 'http']);
  claim(haproxy.address, ports.postgres, 'haproxy postgres', ['haproxy', 'ports', 'postgres']);
  claim(haproxy.address, ports.postgresReplica, 'haproxy postgresReplica', ['haproxy', 'ports', 'postgresReplica']);
  claim(haproxy.address, ports.stats, 'haproxy stats', ['haproxy', 'ports', 'stats']);
}

/** Nodes sharing a host must not share folders: their databases would overwrite each other. */
export function checkFolders(nodes: readonly NodePlan[], problems: Problem[]): void {
  const byHost = new Map<string, { node: NodePlan; index: number }[]>();
  nodes.forEach((node, index) => byHost.set(node.address, [...(byHost.get(node.address) ?? []), { node, index }]));
  for (const group of byHost.values()) {
    for (const key of ['config', 'data', 'run'] as const) {
      checkUnique(
        group.map(({ node }) => node.dirs[key]),
        (position) => ['nodes', group[position]!.index, 'dirs', key],
        `another node on ${group[0]!.node.address} uses this folder; give each node its own dirs.${key}`,
        problems,
      );
    }
  }
}
