/**
 * Each civitas process's configuration file (`<config>/civitas.yaml`, or `civitas-<instance>.yaml` for several
 * processes on a node): its services, its port, the database through HAProxy, every NATS server. The inventory's
 * `civitas.config` adds any other key of src/config/schema.ts; secrets never appear here (they come from the
 * secrets folder's civitas.env).
 */
import { stringify } from 'yaml';
import { Config, SECRET_KEYS } from '../../config/schema.js';
import { envNameOf } from '../../config/keys.js';
import type { NodePlan, Problem, ProcessPlan, Topology } from './topology.js';

/** Keys the renderer sets from the inventory's topology; the inventory may not set them in civitas.config. */
const TOPOLOGY_KEYS = [
  'services',
  'dataDir',
  'http.host',
  'http.port',
  'http.tls',
  'database.url',
  'nats.url',
  'nats.replicas',
];

/** The database URL every process uses: HAProxy's primary port (node-postgres takes one host only). */
export function databaseUrl(topology: Topology, node: NodePlan): string {
  const { haproxy, database } = topology;
  const url = `postgres://${database.user}@${haproxy.address}:${haproxy.ports.postgres}/${database.name}`;
  // verify-full: every PostgreSQL certificate also names HAProxy's address, which is what the client dials.
  return topology.tls ? `${url}?sslmode=verify-full&sslrootcert=${node.certs.ca}` : url;
}

export function natsUrls(topology: Topology): string {
  return topology.nats.map((node) => `nats://${node.address}:${node.ports.natsClient}`).join(',');
}

/** HAProxy's address as seen by clients and by nodes that verify tokens against the auth service. */
export function publicUrl(topology: Topology): string {
  const { haproxy } = topology;
  return `${topology.tls ? 'https' : 'http'}://${haproxy.address}:${haproxy.ports.http}`;
}

/** The configuration of one process, as an object (keys in a fixed order, so the file's bytes are stable). */
export function civitasConfig(topology: Topology, node: NodePlan, process: ProcessPlan): Record<string, unknown> {
  const extra = topology.civitas.config;
  const rendered: Record<string, unknown> = {
    env: 'production',
    services: [...process.services],
    dataDir: process.dataDir,
    // With TLS, the hop from HAProxy (on another host) to civitas is HTTPS too, with the node's certificate.
    http: {
      host: node.bind,
      port: process.httpPort,
      trustProxy: true,
      ...(topology.tls ? { tls: { certFile: node.certs.cert, keyFile: node.certs.key } } : {}),
    },
    database: { url: databaseUrl(topology, node), poolSize: topology.database.poolSize },
    nats: { url: natsUrls(topology), replicas: topology.natsReplicas },
  };
  // A process without the auth service checks tokens with the auth service's public keys, reached through HAProxy.
  if (!process.services.includes('auth')) rendered.auth = { jwksUrl: `${publicUrl(topology)}/.well-known/jwks.json` };
  return merge(rendered, extra);
}

export function renderCivitasConfig(topology: Topology, node: NodePlan, process: ProcessPlan): string {
  const header = [
    `# civitas ${process.unit} on ${node.name}: ${process.services.join(', ')}`,
    '# Rendered by `civitas deploy render`; change the inventory and render again rather than editing this file.',
    `# Secrets (CIVITAS_SECRET_KEY, PGPASSWORD, NATS_TOKEN) come from ${topology.secretsDir}/civitas.env.`,
  ];
  return `${header.join('\n')}\n${stringify(civitasConfig(topology, node, process), { lineWidth: 0 })}`;
}

/**
 * Checks `civitas.config` against the real configuration schema, as each process will read it, so a misspelt key
 * fails the render rather than the start of the third node.
 */
export function checkCivitasConfig(topology: Topology): Problem[] {
  const problems: Problem[] = [];
  const extra = topology.civitas.config;
  const base = ['civitas', 'config'];
  for (const path of [...TOPOLOGY_KEYS, ...SECRET_KEYS]) {
    if (lookup(extra, path) === undefined) continue;
    const secret = (SECRET_KEYS as readonly string[]).includes(path);
    problems.push({
      path: [...base, ...path.split('.')],
      message: secret
        ? `is a secret: put ${envNameOf(path)}=... in ${topology.secretsDir}/civitas.env on each node, not in the inventory`
        : 'is set by the renderer from the nodes and haproxy sections; set it there',
    });
  }
  if (problems.length > 0) return problems;
  for (const process of topology.processes) {
    const node = topology.nodes.find((candidate) => candidate.name === process.node)!;
    // Secrets arrive from the environment at start; stand-ins let the schema check everything else.
    const candidate = merge(civitasConfig(topology, node, process), {
      secretKey: 'x'.repeat(32),
      notify: { email: { smtpUrl: 'smtp://stand-in' } },
    });
    const parsed = Config.safeParse(candidate);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      problems.push({ path: [...base, ...(issue.path as (string | number)[])], message: issue.message });
    }
    break; // the other processes would repeat the same problems
  }
  return problems;
}

function lookup(target: Record<string, unknown>, path: string): unknown {
  let current: unknown = target;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** `over` on top of `base`, objects merged key by key; a key of `base` keeps its place. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
