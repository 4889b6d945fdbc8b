/**
 * `<node>/install.sh`: puts one node's rendered files where its configuration says they are, makes its folders
 * with the right owners and installs its systemd units. It starts nothing: the runbook gives the start order.
 */
import { SECRET_FILES } from './secrets.js';
import type { NodePlan, Topology } from './topology.js';

export function renderInstall(topology: Topology, node: NodePlan): string {
  const { config, data, run } = node.dirs;
  const has = (tool: 'etcd' | 'postgres' | 'nats') => node.infra.includes(tool);
  const civitasUser = topology.civitas.user;
  const runsCivitas = node.processes.length > 0;
  const users = [
    ...(has('postgres') ? ['postgres'] : []),
    ...(has('etcd') ? ['etcd'] : []),
    ...(has('nats') ? ['nats'] : []),
    // civitas serves HTTPS with the node's key when TLS is on.
    ...(runsCivitas ? [civitasUser] : []),
  ];
  const configFiles = [
    ...(has('etcd') ? ['etcd.env'] : []),
    ...(has('nats') ? ['nats.conf'] : []),
    ...node.processes.map((process) => `${process.id}.yaml`),
  ];
  const lines = [
    '#!/bin/sh',
    `# Installs ${node.name} of the ${topology.cluster} cluster (rendered by civitas deploy render). Run it as root on`,
    `# ${node.name}, from a copy of this folder${topology.tls ? ' holding certs/ (made by ../certs/make-certs.sh)' : ''}, after the packages`,
    '# (deploy/ha/README.md). It copies files, makes folders and installs the units; it starts nothing.',
    'set -eu',
    'cd "$(dirname "$0")"',
    '[ "$(id -u)" = 0 ] || { echo "run me as root" >&2; exit 1; }',
    `for user in ${users.join(' ') || 'root'}; do`,
    '  id "$user" >/dev/null 2>&1 || { echo "user $user is missing: apt-get install postgresql-15 patroni etcd-server nats-server" >&2; exit 1; }',
    'done',
    ...(runsCivitas
      ? [
          `id ${civitasUser} >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin ${civitasUser}`,
        ]
      : []),
    '',
    `install -d -m 0755 ${config}`,
    ...(configFiles.length ? [`install -m 0644 ${configFiles.join(' ')} ${config}/`] : []),
    ...(has('postgres')
      ? [
          `install -o root -g postgres -m 0640 patroni.yml ${config}/`,
          `install -o root -g postgres -m 0750 post-bootstrap.sh ${config}/`,
        ]
      : []),
  ];
  if (topology.tls) {
    lines.push(
      '',
      '# The node key is readable by the ssl-cert group only; the servers that use it join that group.',
      '[ -f certs/node.key ] || { echo "certs/node.key is missing: run ../certs/make-certs.sh first" >&2; exit 1; }',
      'getent group ssl-cert >/dev/null || groupadd --system ssl-cert',
      ...users.map((user) => `usermod -a -G ssl-cert ${user}`),
      `install -d -m 0755 ${config}/certs`,
      `install -m 0644 certs/ca.crt certs/node.crt ${config}/certs/`,
      `install -o root -g ssl-cert -m 0640 certs/node.key ${config}/certs/`,
    );
  }
  lines.push('', `install -d -m 0755 ${data}`);
  if (has('postgres')) lines.push(`install -d -o postgres -g postgres -m 0700 ${data}/postgresql`);
  if (has('etcd')) lines.push(`install -d -o etcd -g etcd -m 0700 ${data}/etcd`);
  if (has('nats')) lines.push(`install -d -o nats -g nats -m 0750 ${data}/nats`);
  for (const dir of new Set(node.processes.map((process) => process.dataDir))) {
    lines.push(`install -d -o ${civitasUser} -g ${civitasUser} -m 0750 ${dir}`);
  }
  // Under /run systemd makes it at each start (RuntimeDirectory=); elsewhere it is made here, once.
  if (has('postgres') && !run.startsWith('/run/')) lines.push(`install -d -o postgres -g postgres -m 0750 ${run}`);

  const owners: [keyof typeof SECRET_FILES, string, boolean][] = [
    ['civitas.env', civitasUser, runsCivitas],
    ['patroni.env', 'postgres', has('postgres')],
    ['nats.env', 'nats', has('nats')],
  ];
  lines.push('', '# Secrets: the same files on every node, made once by ../secrets/make-secrets.sh.', 'missing=');
  for (const [file, group, needed] of owners) {
    if (!needed) continue;
    const path = `${topology.secretsDir}/${file}`;
    lines.push(
      `if [ -f ${path} ]; then chown root:${group} ${path}; chmod 0640 ${path}; else missing="$missing ${file}"; fi`,
    );
  }
  lines.push(
    `[ -z "$missing" ] || echo "copy$missing to ${topology.secretsDir}/ before starting (../secrets/make-secrets.sh makes them)" >&2`,
    '',
    'install -m 0644 systemd/*.service /etc/systemd/system/',
    'systemctl daemon-reload',
    `echo "${node.name} installed. Start: ${startOrder(node).join(', then ')} (deploy/ha/README.md)"`,
    '',
  );
  return lines.join('\n');
}

/** The order the runbook gives: etcd, Patroni (PostgreSQL), NATS, civitas; HAProxy last, on its own host. */
export function startOrder(node: NodePlan): string[] {
  const units = [
    ...(node.infra.includes('etcd') ? ['etcd'] : []),
    ...(node.infra.includes('postgres') ? ['patroni'] : []),
    ...(node.infra.includes('nats') ? ['nats'] : []),
    ...node.processes.map((process) => process.unit.replace(/\.service$/, '')),
  ];
  return units.map((unit) => `systemctl enable --now ${unit}`);
}
