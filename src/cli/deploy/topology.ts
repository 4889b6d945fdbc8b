/**
 * The deployment with every default filled in: which node runs what, on which ports and in which folders. The
 * renderers read only this, never the raw inventory, so a default lives in one place. `planTopology` also checks
 * what the schema alone cannot: unique names, ports that collide on one host, quorum sizes.
 */
import { SERVICE_NAMES, type ServiceName } from '../../config/schema.js';
import { INFRA, isIpv4, type Infra, type Inventory, type NodeDirs, type NodePorts } from './inventory.js';
import { checkFolders, checkListeners, checkQuorums, checkUnique } from './topology-checks.js';

/** Ports on three separate hosts: each tool's usual port. */
export const DEFAULT_PORTS: Required<NodePorts> = {
  http: 8080,
  postgres: 5432,
  patroni: 8008,
  etcdClient: 2379,
  etcdPeer: 2380,
  natsClient: 4222,
  natsCluster: 6222,
  natsMonitor: 8222,
};

export const DEFAULT_DIRS: Required<NodeDirs> = {
  config: '/etc/civitas',
  data: '/var/lib/civitas',
  run: '/run/civitas',
};

/** One civitas process (a systemd unit) on a node. */
export interface ProcessPlan {
  readonly node: string;
  /** `civitas` when the node runs one process; otherwise the template instance, e.g. `registry-identity-2`. */
  readonly instance: string | undefined;
  /** `civitas.service` or `civitas@<instance>.service` */
  readonly unit: string;
  /** Also the file name of its configuration: `<id>.yaml`. */
  readonly id: string;
  readonly services: readonly ServiceName[];
  readonly httpPort: number;
  readonly dataDir: string;
}

export interface NodePlan {
  readonly name: string;
  readonly address: string;
  /** What its servers listen on. */
  readonly bind: string;
  readonly ports: Readonly<Required<NodePorts>>;
  readonly dirs: Readonly<Required<NodeDirs>>;
  readonly infra: readonly Infra[];
  readonly processes: readonly ProcessPlan[];
  /** Where this node's files refer to its certificates. */
  readonly certs: { readonly ca: string; readonly cert: string; readonly key: string };
}

export interface Topology {
  readonly cluster: string;
  readonly tls: boolean;
  readonly secretsDir: string;
  readonly nodes: readonly NodePlan[];
  readonly processes: readonly ProcessPlan[];
  readonly etcd: readonly NodePlan[];
  readonly postgres: readonly NodePlan[];
  readonly nats: readonly NodePlan[];
  /** Replicas of the JetStream stream: 3 once the NATS cluster has three servers. */
  readonly natsReplicas: number;
  /** Some process runs only some services: HAProxy then routes by path. */
  readonly scaled: boolean;
  /** Services no process runs: their routes answer 404 (a warning, not an error: a country may not use them). */
  readonly idleServices: readonly ServiceName[];
  readonly haproxy: Inventory['haproxy'] & {
    readonly ports: Inventory['haproxy']['ports'] & { readonly http: number };
    readonly certs: { readonly ca: string; readonly pem: string };
  };
  readonly database: Inventory['database'];
  readonly civitas: Inventory['civitas'];
}

export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export type PlanResult =
  { readonly ok: true; readonly topology: Topology } | { readonly ok: false; readonly problems: readonly Problem[] };

/** Fills in defaults and checks the deployment as a whole; every problem is listed with the path it concerns. */
export function planTopology(inventory: Inventory): PlanResult {
  const problems: Problem[] = [];
  const defaults = inventory.defaults ?? {};

  const nodes = inventory.nodes.map((node, index): NodePlan => {
    const ports = { ...DEFAULT_PORTS, ...defaults.ports, ...node.ports };
    const dirs = { ...DEFAULT_DIRS, ...defaults.dirs, ...node.dirs };
    const bind = node.bind ?? (isIpv4(node.address) ? node.address : '0.0.0.0');
    const groups = node.processes ?? [
      { services: node.services ?? defaults.services ?? [...SERVICE_NAMES], copies: 1 },
    ];
    const processes = planProcesses(node.name, groups, ports.http, dirs.data, index, problems);
    return {
      name: node.name,
      address: node.address,
      bind,
      ports,
      dirs,
      infra: INFRA.filter((tool) => (node.infra ?? defaults.infra ?? INFRA).includes(tool)),
      processes,
      certs: {
        ca: `${dirs.config}/certs/ca.crt`,
        cert: `${dirs.config}/certs/node.crt`,
        key: `${dirs.config}/certs/node.key`,
      },
    };
  });

  checkUnique(
    nodes.map((node) => node.name),
    (index) => ['nodes', index, 'name'],
    'another node has this name',
    problems,
  );
  const members = (tool: Infra) => nodes.filter((node) => node.infra.includes(tool));
  const etcd = members('etcd');
  const postgres = members('postgres');
  const nats = members('nats');
  checkQuorums(etcd.length, postgres.length, nats.length, problems);

  const processes = nodes.flatMap((node) => node.processes);
  if (processes.length === 0) problems.push({ path: ['nodes'], message: 'no node runs a civitas process' });
  const running = new Set(processes.flatMap((process) => process.services));
  const idleServices = SERVICE_NAMES.filter((service) => !running.has(service));
  const scaled = processes.some((process) => process.services.length < SERVICE_NAMES.length);

  const tls = inventory.tls;
  const haproxy = {
    ...inventory.haproxy,
    ports: { ...inventory.haproxy.ports, http: inventory.haproxy.ports.http ?? (tls ? 443 : 80) },
    certs: {
      ca: `${inventory.haproxy.dirs.config}/certs/ca.crt`,
      pem: `${inventory.haproxy.dirs.config}/certs/haproxy.pem`,
    },
  };
  checkListeners(nodes, haproxy, problems);
  checkFolders(nodes, problems);

  const poolTotal = processes.length * inventory.database.poolSize;
  // Patroni keeps a few connections of its own; replication and admin sessions need some too.
  if (poolTotal > inventory.database.maxConnections - 10) {
    problems.push({
      path: ['database', 'maxConnections'],
      message:
        `${processes.length} civitas processes × poolSize ${inventory.database.poolSize} = ${poolTotal} connections; ` +
        `raise maxConnections to at least ${poolTotal + 10} or lower poolSize`,
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    topology: {
      cluster: inventory.cluster,
      tls,
      secretsDir: inventory.secrets.dir,
      nodes,
      processes,
      etcd,
      postgres,
      nats,
      natsReplicas: Math.min(3, nats.length),
      scaled,
      idleServices,
      haproxy,
      database: inventory.database,
      civitas: inventory.civitas,
    },
  };
}

function planProcesses(
  node: string,
  groups: readonly { name?: string | undefined; services: readonly ServiceName[]; copies: number }[],
  firstPort: number,
  dataRoot: string,
  nodeIndex: number,
  problems: Problem[],
): ProcessPlan[] {
  const named = groups
    .map((group, index) => {
      // In start order whatever order the inventory lists them in, so the instance name is stable.
      const services = SERVICE_NAMES.filter((service) => group.services.includes(service));
      const base = group.name ?? (services.length === SERVICE_NAMES.length ? 'all' : services.join('-'));
      return { services, copies: group.copies, index, base };
    })
    .filter((group) => {
      // An empty list means: no civitas here (a database-only node).
      if (group.services.length > 0 || groups.length === 1) return group.services.length > 0;
      problems.push({
        path: ['nodes', nodeIndex, 'processes', group.index, 'services'],
        message: 'list at least one service',
      });
      return false;
    });
  const seen = new Map<string, number>();
  for (const group of named) {
    const earlier = seen.get(group.base);
    if (earlier !== undefined) {
      problems.push({
        path: ['nodes', nodeIndex, 'processes', group.index, 'services'],
        message: `the same name as processes[${earlier}] (${group.base}): raise copies there, or name them apart`,
      });
    }
    seen.set(group.base, group.index);
  }
  const instances = named.flatMap((group) =>
    Array.from({ length: group.copies }, (_, copy) => ({
      services: group.services,
      name: group.copies > 1 ? `${group.base}-${copy + 1}` : group.base,
    })),
  );
  const single = instances.length === 1;
  return instances.map((instance, offset) => ({
    node,
    instance: single ? undefined : instance.name,
    unit: single ? 'civitas.service' : `civitas@${instance.name}.service`,
    id: single ? 'civitas' : `civitas-${instance.name}`,
    services: instance.services,
    httpPort: firstPort + offset,
    dataDir: single ? `${dataRoot}/civitas` : `${dataRoot}/civitas/${instance.name}`,
  }));
}
