/**
 * Patroni's configuration for one PostgreSQL node (`patroni.yml`) and the script it runs once after creating the
 * cluster (`post-bootstrap.sh`: the civitas role and database). Passwords never appear here: Patroni reads them
 * from PATRONI_*_PASSWORD in the secrets folder's patroni.env.
 */
import { stringify } from 'yaml';
import { etcdClientHosts } from './etcd.js';
import type { NodePlan, Topology } from './topology.js';

export const REPLICATION_USER = 'replicator';
export const REWIND_USER = 'rewind';

export function patroniConfig(topology: Topology, node: NodePlan): Record<string, unknown> {
  const { database, tls } = topology;
  const certs = node.certs;
  const hba = tls ? 'hostssl' : 'host';
  const pgHba = [
    // Patroni itself, pg_rewind and operators on the node, through the socket in the run folder.
    'local all all scram-sha-256',
    `${hba} replication ${REPLICATION_USER} all scram-sha-256`,
    `${hba} all all all scram-sha-256`,
  ];
  const parameters: Record<string, unknown> = {
    unix_socket_directories: node.dirs.run,
    password_encryption: 'scram-sha-256',
  };
  if (tls) {
    Object.assign(parameters, {
      ssl: 'on',
      ssl_cert_file: certs.cert,
      ssl_key_file: certs.key,
      ssl_ca_file: certs.ca,
      ssl_min_protocol_version: 'TLSv1.2',
    });
  }
  return {
    scope: topology.cluster,
    namespace: '/civitas/',
    name: node.name,
    log: { level: 'INFO' },
    restapi: {
      listen: `${node.bind}:${node.ports.patroni}`,
      connect_address: `${node.address}:${node.ports.patroni}`,
      // optional: GET (HAProxy's checks) needs no client certificate; changes (switchover, restart) do.
      ...(tls ? { certfile: certs.cert, keyfile: certs.key, cafile: certs.ca, verify_client: 'optional' } : {}),
    },
    // patronictl on this node presents the node's certificate, so it may call the changing endpoints.
    ...(tls ? { ctl: { certfile: certs.cert, keyfile: certs.key, cacert: certs.ca } } : {}),
    // The v2 API unless the inventory says v3: see database.etcdApi in inventory.ts for why.
    [database.etcdApi === 'v3' ? 'etcd3' : 'etcd']: {
      hosts: etcdClientHosts(topology),
      protocol: tls ? 'https' : 'http',
      ...(tls ? { cacert: certs.ca, cert: certs.cert, key: certs.key } : {}),
    },
    bootstrap: {
      // Written to etcd once, when the cluster is created; later changes go through `patronictl edit-config`.
      dcs: {
        ttl: database.ttl,
        loop_wait: database.loopWait,
        retry_timeout: database.retryTimeout,
        maximum_lag_on_failover: 1048576,
        synchronous_mode: true,
        synchronous_mode_strict: database.synchronousModeStrict,
        synchronous_node_count: 1,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: {
            max_connections: database.maxConnections,
            wal_level: 'replica',
            hot_standby: 'on',
            wal_log_hints: 'on',
            max_wal_senders: 10,
            max_replication_slots: 10,
            wal_keep_size: '1GB',
            synchronous_commit: 'on',
          },
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums'],
      // Patroni 3.0's validator wants it here too; postgresql.pg_hba below is what is used.
      pg_hba: [...pgHba],
      post_bootstrap: `${node.dirs.config}/post-bootstrap.sh`,
    },
    postgresql: {
      listen: `${node.bind}:${node.ports.postgres}`,
      connect_address: `${node.address}:${node.ports.postgres}`,
      data_dir: `${node.dirs.data}/postgresql`,
      bin_dir: database.binDir,
      pgpass: `${node.dirs.run}/pgpass`,
      use_unix_socket: true,
      // A new standby copies the primary at once rather than after a spread checkpoint (minutes on a quiet primary).
      basebackup: { checkpoint: 'fast' },
      authentication: {
        superuser: { username: 'postgres' },
        replication: { username: REPLICATION_USER, ...(tls ? { sslmode: 'verify-full', sslrootcert: certs.ca } : {}) },
        rewind: { username: REWIND_USER },
      },
      parameters,
      pg_hba: [...pgHba],
    },
    watchdog: { mode: database.watchdog },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
}

export function renderPatroni(topology: Topology, node: NodePlan): string {
  const header = [
    `# Patroni for PostgreSQL on ${node.name} of ${topology.cluster} (rendered by civitas deploy render).`,
    `# Passwords: PATRONI_SUPERUSER_PASSWORD, PATRONI_REPLICATION_PASSWORD, PATRONI_REWIND_PASSWORD in`,
    `# ${topology.secretsDir}/patroni.env. Check: patronictl -c ${node.dirs.config}/patroni.yml list`,
  ];
  return `${header.join('\n')}\n${stringify(patroniConfig(topology, node), { lineWidth: 0, version: '1.1' })}`;
}

/**
 * Runs once, as postgres, on the node that creates the cluster: the role civitas signs in as and its database.
 * Patroni passes a superuser connection string as $1; the password comes from patroni.env.
 */
export function renderPostBootstrap(topology: Topology): string {
  const { database } = topology;
  return `#!/bin/sh
# Patroni runs this once, on the node that creates the ${topology.cluster} cluster (rendered by civitas deploy render).
set -eu
: "\${CIVITAS_DATABASE_PASSWORD:?is not set: add it to ${topology.secretsDir}/patroni.env}"
"${database.binDir}/psql" "$1" -v ON_ERROR_STOP=1 -v role=${database.user} -v password="$CIVITAS_DATABASE_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE ${database.name} OWNER :"role";
-- civitas cluster status reads pg_stat_replication (standbys and their lag): it needs pg_monitor's view of it.
GRANT pg_monitor TO :"role";
SQL
`;
}
