/**
 * systemd units for one node: etcd, Patroni (which starts PostgreSQL itself), NATS and civitas (`civitas.service`,
 * or the template `civitas@.service` when the node runs several processes). Each runs as its own user with the
 * file system read-only but for its own data, no privileges it could gain, and no capabilities.
 */
import type { NodePlan, Topology } from './topology.js';

/** What every unit gets: a server needs none of what these take away. */
function hardening(options: { writable: readonly string[]; devices: boolean }): string[] {
  return [
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    ...(options.devices ? [] : ['PrivateDevices=yes']),
    'ProtectSystem=strict',
    'ProtectHome=yes',
    'ProtectKernelTunables=yes',
    'ProtectKernelModules=yes',
    'ProtectKernelLogs=yes',
    'ProtectControlGroups=yes',
    'ProtectClock=yes',
    'ProtectHostname=yes',
    'RestrictSUIDSGID=yes',
    'RestrictRealtime=yes',
    'RestrictNamespaces=yes',
    'LockPersonality=yes',
    'SystemCallArchitectures=native',
    'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK',
    'CapabilityBoundingSet=',
    'AmbientCapabilities=',
    'UMask=0027',
    ...options.writable.map((path) => `ReadWritePaths=${path}`),
  ];
}

function unit(sections: { unit: string[]; service: string[] }): string {
  return [
    '# Rendered by civitas deploy render.',
    '[Unit]',
    ...sections.unit,
    '',
    '[Service]',
    ...sections.service,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** A run folder under /run is recreated at each boot by systemd; elsewhere it must exist and stay writable. */
function runDirectory(path: string): string[] {
  return path.startsWith('/run/')
    ? [`RuntimeDirectory=${path.slice('/run/'.length)}`, 'RuntimeDirectoryMode=0750', 'RuntimeDirectoryPreserve=yes']
    : [`ReadWritePaths=${path}`];
}

export function renderEtcdUnit(topology: Topology, node: NodePlan): string {
  return unit({
    unit: [
      `Description=etcd member ${node.name} of ${topology.cluster} (Patroni's configuration store)`,
      'Documentation=https://etcd.io/docs',
      'After=network-online.target',
      'Wants=network-online.target',
    ],
    service: [
      'Type=notify',
      'User=etcd',
      'Group=etcd',
      `EnvironmentFile=${node.dirs.config}/etcd.env`,
      'ExecStart=/usr/bin/etcd',
      'Restart=on-failure',
      'RestartSec=2s',
      'LimitNOFILE=65536',
      ...hardening({ writable: [`${node.dirs.data}/etcd`], devices: false }),
    ],
  });
}

export function renderPatroniUnit(topology: Topology, node: NodePlan): string {
  return unit({
    unit: [
      `Description=Patroni and PostgreSQL on ${node.name} of ${topology.cluster}`,
      'Documentation=https://patroni.readthedocs.io',
      'After=network-online.target etcd.service',
      'Wants=network-online.target',
    ],
    service: [
      'Type=simple',
      'User=postgres',
      'Group=postgres',
      `EnvironmentFile=${topology.secretsDir}/patroni.env`,
      `ExecStart=/usr/bin/patroni ${node.dirs.config}/patroni.yml`,
      'ExecReload=/bin/kill -s HUP $MAINPID',
      // Patroni stops PostgreSQL itself (a clean shutdown, then a switchover if it was the primary).
      'KillMode=process',
      'TimeoutStopSec=120',
      'Restart=on-failure',
      'RestartSec=2s',
      'LimitNOFILE=65536',
      ...runDirectory(node.dirs.run),
      // The watchdog (when on) is a device: /dev/watchdog.
      ...hardening({ writable: [`${node.dirs.data}/postgresql`], devices: topology.database.watchdog !== 'off' }),
    ],
  });
}

export function renderNatsUnit(topology: Topology, node: NodePlan): string {
  return unit({
    unit: [
      `Description=NATS server ${node.name} of ${topology.cluster} (JetStream)`,
      'Documentation=https://docs.nats.io',
      'After=network-online.target',
      'Wants=network-online.target',
    ],
    service: [
      'Type=simple',
      'User=nats',
      'Group=nats',
      `EnvironmentFile=${topology.secretsDir}/nats.env`,
      `ExecStart=/usr/sbin/nats-server -c ${node.dirs.config}/nats.conf`,
      'ExecReload=/bin/kill -s HUP $MAINPID',
      'Restart=on-failure',
      'RestartSec=2s',
      'LimitNOFILE=65536',
      ...hardening({ writable: [`${node.dirs.data}/nats`], devices: false }),
    ],
  });
}

/** `civitas.service` for one process on the node, else the template `civitas@.service` (`%i`: the instance). */
export function renderCivitasUnit(topology: Topology, node: NodePlan): { name: string; text: string } {
  const { civitas } = topology;
  const template = node.processes.length > 1;
  const id = template ? 'civitas-%i' : 'civitas';
  const dataDir = template ? `${node.dirs.data}/civitas/%i` : `${node.dirs.data}/civitas`;
  const after = ['network-online.target', ...(node.infra.includes('postgres') ? ['patroni.service'] : [])];
  if (node.infra.includes('nats')) after.push('nats.service');
  const text = unit({
    unit: [
      `Description=Civitas ${template ? '%i ' : ''}on ${node.name} of ${topology.cluster}`,
      `After=${after.join(' ')}`,
      'Wants=network-online.target',
    ],
    service: [
      'Type=simple',
      `User=${civitas.user}`,
      `Group=${civitas.user}`,
      `EnvironmentFile=${topology.secretsDir}/civitas.env`,
      'Environment=NODE_ENV=production',
      // civitas trusts the cluster's CA for NATS, PostgreSQL and the auth service's keys behind HAProxy.
      ...(topology.tls ? [`Environment=NODE_EXTRA_CA_CERTS=${node.certs.ca}`] : []),
      `WorkingDirectory=${civitas.install}`,
      `ExecStart=${civitas.node} ${civitas.install}/bin/civitas.js serve --config ${node.dirs.config}/${id}.yaml`,
      // SIGTERM drains: in-flight requests finish and the outbox is flushed within shutdownTimeoutMs.
      'KillSignal=SIGTERM',
      'TimeoutStopSec=30',
      'Restart=on-failure',
      'RestartSec=2s',
      'LimitNOFILE=65536',
      ...hardening({ writable: [dataDir], devices: false }),
    ],
  });
  return { name: template ? 'civitas@.service' : 'civitas.service', text };
}
