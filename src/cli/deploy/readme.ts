/** `<out>/README.txt`: what was rendered, and where each file goes. The runbook (deploy/ha/README.md) says why. */
import { publicUrl } from './civitas-config.js';
import { SECRET_FILES } from './secrets.js';
import type { NodePlan, Topology } from './topology.js';

function nodeSection(topology: Topology, node: NodePlan): string[] {
  const { config, data } = node.dirs;
  const { ports } = node;
  const rows: [string, string, string][] = [];
  if (node.infra.includes('postgres')) {
    rows.push([
      'patroni.yml',
      `${config}/`,
      `Patroni + PostgreSQL: postgres ${ports.postgres}, REST API ${ports.patroni}`,
    ]);
    rows.push(['post-bootstrap.sh', `${config}/`, 'run by Patroni once: the civitas role and database']);
  }
  if (node.infra.includes('etcd')) {
    rows.push(['etcd.env', `${config}/`, `etcd: client ${ports.etcdClient}, peer ${ports.etcdPeer}`]);
  }
  if (node.infra.includes('nats')) {
    rows.push([
      'nats.conf',
      `${config}/`,
      `NATS: client ${ports.natsClient}, cluster ${ports.natsCluster}, monitor ${ports.natsMonitor}`,
    ]);
  }
  for (const process of node.processes) {
    rows.push([
      `${process.id}.yaml`,
      `${config}/`,
      `${process.unit}: http ${process.httpPort}, ${process.services.join(',')}`,
    ]);
  }
  if (topology.tls) rows.push(['certs/ (make-certs.sh)', `${config}/certs/`, 'ca.crt, node.crt, node.key']);
  rows.push(['systemd/*.service', '/etc/systemd/system/', 'the units; install.sh places everything above']);
  const width = Math.max(...rows.map((row) => row[0].length));
  const to = Math.max(...rows.map((row) => row[1].length));
  const folders = [
    ...(node.infra.includes('postgres') ? ['postgresql'] : []),
    ...(node.infra.includes('etcd') ? ['etcd'] : []),
    ...(node.infra.includes('nats') ? ['nats'] : []),
    ...(node.processes.length ? ['civitas'] : []),
  ];
  return [
    `${node.name}/  (${node.address}; copy this folder to the node and run install.sh as root)`,
    ...rows.map(([file, where, what]) => `    ${file.padEnd(width)}  -> ${where.padEnd(to)}  ${what}`),
    `    data: ${data}/{${folders.join(',')}}`,
    '',
  ];
}

export function renderReadme(topology: Topology): string {
  const { haproxy } = topology;
  const mode = topology.scaled ? 'scaled mode (HAProxy routes by path to each service)' : 'HA mode';
  const secrets = Object.entries(SECRET_FILES)
    .map(([file, names]) => `    ${file}: ${names.join(', ')}`)
    .join('\n');
  const lines = [
    `Civitas cluster ${topology.cluster}: ${topology.nodes.length} nodes, ${mode}, TLS ${topology.tls ? 'on' : 'off'}.`,
    'Rendered by `civitas deploy render`; the runbook is deploy/ha/README.md in the Civitas source.',
    '',
    '1. Secrets, once for the whole cluster:',
    `    sh secrets/make-secrets.sh   writes, in ${topology.secretsDir} (copy the same files to every node):`,
    secrets,
    '',
    ...(topology.tls
      ? [
          '2. Certificates, once (keep certs/ca.key off the servers):',
          "    sh certs/make-certs.sh       the cluster CA, then each node's <node>/certs/ and haproxy/certs/",
          '',
        ]
      : ['2. TLS is off (tls: false): no certificates. Fit for a lab on one machine only.', '']),
    '3. Each node:',
    '',
    ...topology.nodes.flatMap((node) => nodeSection(topology, node).map((line) => `  ${line}`.trimEnd())),
    `4. HAProxy on ${haproxy.address}:`,
    `    haproxy/haproxy.cfg -> ${haproxy.dirs.config}/haproxy.cfg`,
    ...(topology.tls ? [`    haproxy/certs/      -> ${haproxy.dirs.config}/certs/  (ca.crt, haproxy.pem)`] : []),
    `    ${publicUrl(topology)}  civitas${topology.scaled ? ', routed by path' : ''}`,
    `    ${haproxy.address}:${haproxy.ports.postgres}  PostgreSQL primary (Patroni GET /primary)`,
    ...(haproxy.ports.postgresReplica === null
      ? []
      : [`    ${haproxy.address}:${haproxy.ports.postgresReplica}  PostgreSQL replicas, read only (GET /replica)`]),
    ...(haproxy.ports.stats === null
      ? []
      : [`    http://${haproxy.address}:${haproxy.ports.stats}/  HAProxy statistics (/metrics: Prometheus)`]),
    '',
    '5. Start in this order: etcd on every node, then patroni, then nats, then civitas, then haproxy.',
    ...(topology.idleServices.length
      ? ['', `No process runs ${topology.idleServices.join(', ')}: their routes answer 404.`]
      : []),
    '',
  ];
  return lines.join('\n');
}
