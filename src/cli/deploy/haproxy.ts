/**
 * HAProxy in front of the cluster (`haproxy/haproxy.cfg`): HTTP to the civitas processes that answer
 * /health/ready (by URL path to each service's pool in scaled mode), and PostgreSQL to whichever node Patroni says is
 * the primary (its REST API's GET /primary answers 200 there only), plus optionally the replicas.
 */
import { SERVICE_NAMES, type ServiceName } from '../../config/schema.js';
import { routesLongestFirst, DEFAULT_OWNER, type RouteOwner } from './route-table.js';
import type { NodePlan, ProcessPlan, Topology } from './topology.js';

const ANY = 'civitas_any';
const backendOf = (owner: RouteOwner) => (owner === 'any' ? ANY : `svc_${owner}`);

function serverName(process: ProcessPlan): string {
  return process.instance ? `${process.node}.${process.instance}` : process.node;
}

function nodeOf(topology: Topology, name: string): NodePlan {
  return topology.nodes.find((node) => node.name === name)!;
}

function httpBackend(topology: Topology, name: string, processes: readonly ProcessPlan[]): string[] {
  return [
    `backend ${name}`,
    '    balance roundrobin',
    '    option httpchk GET /health/ready',
    '    http-check expect status 200',
    // Down after two failed checks (2 to 3 s); its open connections are cut so clients retry elsewhere. Back after
    // one good check, tried every second while down: after a database failover every node was unready at once, and
    // each extra check would add a second to the outage.
    '    default-server inter 2s fastinter 1s downinter 1s fall 2 rise 1 on-marked-down shutdown-sessions',
    ...processes.map((process) => {
      const node = nodeOf(topology, process.node);
      // With TLS, civitas serves HTTPS: HAProxy checks its certificate against the cluster's CA and node name.
      const tls = topology.tls
        ? ` ssl verify required ca-file ${topology.haproxy.certs.ca} verifyhost ${node.name}`
        : '';
      return `    server ${serverName(process)} ${node.address}:${process.httpPort} check${tls}`;
    }),
    '',
  ];
}

/** In scaled mode: one `use_backend` per path prefix, longest first, so the most specific owner wins. */
function routing(pools: ReadonlyMap<ServiceName, readonly ProcessPlan[]>): string[] {
  const lines: string[] = [];
  for (const route of routesLongestFirst()) {
    if (route.owner !== 'any' && !pools.has(route.owner)) continue;
    lines.push(
      `    use_backend ${backendOf(route.owner)} if { path ${route.prefix} } || { path_beg ${route.prefix}/ }`,
    );
  }
  lines.push(`    default_backend ${pools.has(DEFAULT_OWNER) ? backendOf(DEFAULT_OWNER) : ANY}`);
  return lines;
}

function postgresListen(topology: Topology, name: string, port: number, check: '/primary' | '/replica'): string[] {
  const { haproxy, tls } = topology;
  // The check goes to Patroni's REST API, over TLS with the cluster's CA when TLS is on.
  const checkTls = tls ? ` check-ssl verify required ca-file ${haproxy.certs.ca}` : '';
  return [
    `listen ${name}`,
    `    bind ${haproxy.bind}:${port}`,
    '    mode tcp',
    '    option tcplog',
    ...(check === '/replica'
      ? ['    balance roundrobin']
      : [
          // HAProxy (before 3.1) counts every server up until its first check fails, so right after a (re)start a
          // connection could land on a standby; while not exactly one server passes /primary, refuse instead.
          `    tcp-request connection reject unless { nbsrv(${name}) eq 1 }`,
        ]),
    '    timeout client 1h',
    '    timeout server 1h',
    '    option clitcpka',
    '    option srvtcpka',
    `    option httpchk GET ${check}`,
    '    http-check expect status 200',
    // A demoted or unreachable primary is dropped within about 2 s, and its connections with it.
    `    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 1 on-marked-down shutdown-sessions${checkTls}`,
    ...topology.postgres.map(
      (node) =>
        `    server ${node.name} ${node.address}:${node.ports.postgres} check port ${node.ports.patroni}` +
        (tls ? ` verifyhost ${node.name}` : ''),
    ),
    '',
  ];
}

export function renderHaproxy(topology: Topology): string {
  const { haproxy, tls } = topology;
  const pools = new Map<ServiceName, ProcessPlan[]>();
  for (const service of SERVICE_NAMES) {
    const serving = topology.processes.filter((process) => process.services.includes(service));
    if (serving.length > 0) pools.set(service, serving);
  }
  const lines = [
    `# HAProxy for the ${topology.cluster} cluster (rendered by civitas deploy render). Check: haproxy -c -f <this file>`,
    `# Drain a civitas server before stopping it: echo "set server <backend>/<server> state drain" | socat stdio ${haproxy.dirs.run}/admin.sock`,
    'global',
    haproxy.log === 'stdout' ? '    log stdout format raw daemon' : '    log /dev/log local0',
    '    maxconn 4096',
    ...(haproxy.user ? [`    user ${haproxy.user}`, `    group ${haproxy.user}`] : []),
    `    stats socket ${haproxy.dirs.run}/admin.sock mode 600 level admin`,
    '    stats timeout 30s',
    ...(tls
      ? ['    ssl-default-bind-options ssl-min-ver TLSv1.2', '    ssl-default-server-options ssl-min-ver TLSv1.2']
      : []),
    '',
    'defaults',
    '    log global',
    '    mode http',
    '    option httplog',
    '    option dontlognull',
    '    timeout connect 5s',
    '    timeout client 60s',
    '    timeout server 60s',
    '    timeout http-request 10s',
    '    timeout check 2s',
    // Retried only when the connection failed, so a request is never sent twice to civitas.
    '    retries 2',
    '    option redispatch',
    '',
    'frontend civitas_http',
    `    bind ${haproxy.bind}:${haproxy.ports.http}${tls ? ` ssl crt ${haproxy.certs.pem} alpn http/1.1` : ''}`,
    '    option forwardfor',
    `    http-request set-header X-Forwarded-Proto ${tls ? 'https' : 'http'}`,
    ...(topology.scaled ? routing(pools) : [`    default_backend ${ANY}`]),
    '',
    ...httpBackend(topology, ANY, topology.processes),
    ...(topology.scaled
      ? [...pools].flatMap(([service, processes]) => httpBackend(topology, backendOf(service), processes))
      : []),
    ...postgresListen(topology, 'postgres_primary', haproxy.ports.postgres, '/primary'),
    ...(haproxy.ports.postgresReplica === null
      ? []
      : postgresListen(topology, 'postgres_replicas', haproxy.ports.postgresReplica, '/replica')),
    ...(haproxy.ports.stats === null
      ? []
      : [
          'listen stats',
          `    bind ${haproxy.bind}:${haproxy.ports.stats}`,
          '    mode http',
          '    stats enable',
          '    stats uri /',
          '    stats refresh 5s',
          '    http-request use-service prometheus-exporter if { path /metrics }',
          '',
        ]),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
