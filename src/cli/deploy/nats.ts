/**
 * One NATS server of the cluster (`nats.conf`): JetStream on, routes to every other server, a name of its own.
 * Clients need the token in NATS_TOKEN (the secrets folder's nats.env and civitas.env); with TLS, clients and routes
 * are encrypted and routes must present a certificate of the cluster's CA.
 */
import type { NodePlan, Topology } from './topology.js';

const quoted = (value: string) => JSON.stringify(value);

export function renderNats(topology: Topology, node: NodePlan): string {
  const { certs, ports } = node;
  const tls = (indent: string, verify: boolean) =>
    topology.tls
      ? [
          `${indent}tls {`,
          `${indent}  cert_file: ${quoted(certs.cert)}`,
          `${indent}  key_file: ${quoted(certs.key)}`,
          `${indent}  ca_file: ${quoted(certs.ca)}`,
          ...(verify ? [`${indent}  verify: true`] : []),
          `${indent}  timeout: 2`,
          `${indent}}`,
        ]
      : [];
  const routes = topology.nats
    .filter((other) => other.name !== node.name)
    .map((other) => `    ${quoted(`nats-route://${other.address}:${other.ports.natsCluster}`)}`);
  const lines = [
    `# NATS server ${node.name} of ${topology.cluster} (rendered by civitas deploy render).`,
    `# NATS_TOKEN comes from ${topology.secretsDir}/nats.env. Check: nats-server -t -c <this file>;`,
    `# health: curl http://${node.address}:${ports.natsMonitor}/healthz?js-enabled-only=true`,
    `server_name: ${quoted(node.name)}`,
    `listen: ${quoted(`${node.bind}:${ports.natsClient}`)}`,
    `http: ${quoted(`${node.bind}:${ports.natsMonitor}`)}`,
    '',
    'authorization {',
    '  token: $NATS_TOKEN',
    '}',
    ...tls('', false),
    '',
    'jetstream {',
    `  store_dir: ${quoted(`${node.dirs.data}/nats`)}`,
    '}',
    '',
    'cluster {',
    `  name: ${quoted(topology.cluster)}`,
    `  listen: ${quoted(`${node.bind}:${ports.natsCluster}`)}`,
    '  routes: [',
    ...routes,
    '  ]',
    // Only servers holding a certificate of the cluster's CA may join.
    ...tls('  ', true),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
