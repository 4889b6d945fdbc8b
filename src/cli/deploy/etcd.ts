/**
 * etcd's settings for one member, as the environment file Debian's etcd.service reads (`/etc/default/etcd`) and
 * ours names: plain `ETCD_*=value` lines, no quoting, so a lab can read them too. etcd is Patroni's DCS only.
 */
import type { NodePlan, Topology } from './topology.js';

/** The peer URL of each member, `name=url,...`: the same string on every member, or etcd refuses to form. */
export function initialCluster(topology: Topology): string {
  const scheme = topology.tls ? 'https' : 'http';
  return topology.etcd.map((node) => `${node.name}=${scheme}://${node.address}:${node.ports.etcdPeer}`).join(',');
}

/** `host:port` of every member's client port: what Patroni connects to. */
export function etcdClientHosts(topology: Topology): string[] {
  return topology.etcd.map((node) => `${node.address}:${node.ports.etcdClient}`);
}

export function renderEtcdEnv(topology: Topology, node: NodePlan): string {
  const scheme = topology.tls ? 'https' : 'http';
  const { etcdClient, etcdPeer } = node.ports;
  // A member also listens on loopback, so etcdctl on the node works without naming its address.
  const clientListen = [node.bind, ...(node.bind === '0.0.0.0' || node.bind === '127.0.0.1' ? [] : ['127.0.0.1'])];
  const settings: [string, string][] = [
    ['ETCD_NAME', node.name],
    ['ETCD_DATA_DIR', `${node.dirs.data}/etcd`],
    ['ETCD_LISTEN_PEER_URLS', `${scheme}://${node.bind}:${etcdPeer}`],
    ['ETCD_LISTEN_CLIENT_URLS', clientListen.map((host) => `${scheme}://${host}:${etcdClient}`).join(',')],
    ['ETCD_INITIAL_ADVERTISE_PEER_URLS', `${scheme}://${node.address}:${etcdPeer}`],
    ['ETCD_ADVERTISE_CLIENT_URLS', `${scheme}://${node.address}:${etcdClient}`],
    ['ETCD_INITIAL_CLUSTER', initialCluster(topology)],
    ['ETCD_INITIAL_CLUSTER_TOKEN', `${topology.cluster}-etcd`],
    // "new" forms the cluster once; a member that replaces a dead one must say "existing" (deploy/ha/README.md).
    ['ETCD_INITIAL_CLUSTER_STATE', 'new'],
    // Patroni's leader key goes through the v2 API unless the inventory chooses v3 (database.etcdApi).
    ['ETCD_ENABLE_V2', topology.database.etcdApi === 'v2' ? 'true' : 'false'],
    // Keeps the database small: Patroni writes a few keys every loop_wait seconds.
    ['ETCD_AUTO_COMPACTION_MODE', 'periodic'],
    ['ETCD_AUTO_COMPACTION_RETENTION', '1h'],
  ];
  if (topology.tls) {
    settings.push(
      ['ETCD_CERT_FILE', node.certs.cert],
      ['ETCD_KEY_FILE', node.certs.key],
      ['ETCD_TRUSTED_CA_FILE', node.certs.ca],
      ['ETCD_CLIENT_CERT_AUTH', 'true'],
      ['ETCD_PEER_CERT_FILE', node.certs.cert],
      ['ETCD_PEER_KEY_FILE', node.certs.key],
      ['ETCD_PEER_TRUSTED_CA_FILE', node.certs.ca],
      ['ETCD_PEER_CLIENT_CERT_AUTH', 'true'],
    );
  }
  const header = [
    `# etcd member ${node.name} of ${topology.cluster} (rendered by civitas deploy render).`,
    "# Read by etcd.service (EnvironmentFile=), or copy it to /etc/default/etcd for Debian's own unit.",
  ];
  return `${header.join('\n')}\n${settings.map(([key, value]) => `${key}=${value}`).join('\n')}\n`;
}
