/**
 * `civitas cluster status [--patroni <url,...>] [--json]`: each node and the services it runs, the database primary
 * and its standbys' lag, Patroni's view when its REST API is given, the NATS stream's replicas and each consumer's
 * backlog, and every outbox. Exits 1 when something needs an operator (a silent node, no primary, an unreachable
 * part, a replica out of date), so it doubles as a check for monitoring.
 */
import type { ClusterStatus, Part } from '../core/cluster/status.js';
import { clusterStatus } from '../core/cluster/status.js';
import { openDatabase } from '../core/db/open.js';
import { configFromFlags } from './load-config.js';

export async function clusterStatusCommand(flags: Record<string, string>): Promise<void> {
  const config = configFromFlags(flags, ['patroni']);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  let status: ClusterStatus;
  try {
    status = await clusterStatus({
      database,
      patroniUrls: flags.patroni ? flags.patroni.split(',').map((url) => url.trim()) : [],
      nats: config.nats.url
        ? { servers: config.nats.url, stream: config.nats.stream, token: config.nats.token }
        : undefined,
    });
  } finally {
    await database.close();
  }
  const problems = problemsIn(status);
  if (flags.json !== undefined) console.log(JSON.stringify({ ...status, problems }, null, 2));
  else console.log(renderStatus(status, problems));
  if (problems.length > 0) process.exitCode = 1;
}

/** What an operator must look at, one line each; empty when all is well. */
export function problemsIn(status: ClusterStatus): string[] {
  const problems: string[] = [];
  const unreachable = (name: string, part: Part<unknown> | undefined) => {
    if (part && !part.ok) problems.push(`${name}: ${part.error}`);
  };
  unreachable('nodes', status.nodes);
  unreachable('database', status.database);
  unreachable('patroni', status.patroni);
  unreachable('nats', status.nats);
  unreachable('outbox', status.outbox);
  if (status.nodes.ok) {
    if (status.nodes.value.length === 0) problems.push('no civitas node has reported');
    for (const node of status.nodes.value.filter((node) => !node.alive)) {
      problems.push(`node ${node.name} silent for ${Math.round(node.silentSeconds)} s`);
    }
  }
  if (status.database.ok && !status.database.value.primary) problems.push('the database answering is not a primary');
  if (status.patroni?.ok) {
    const leaders = status.patroni.value.filter((member) => member.role === 'leader');
    if (leaders.length !== 1) problems.push(`Patroni reports ${leaders.length} leaders`);
    for (const member of status.patroni.value.filter((member) => member.state !== 'running')) {
      problems.push(`PostgreSQL ${member.name} is ${member.state}`);
    }
  }
  if (status.nats?.ok) {
    const { stream } = status.nats.value;
    if (stream.replicas.length > 0 && !stream.leader) problems.push(`stream ${stream.name} has no leader`);
    for (const replica of stream.replicas.filter((replica) => replica.offline || !replica.current)) {
      problems.push(`NATS replica ${replica.name} is ${replica.offline ? 'offline' : `behind by ${replica.lag}`}`);
    }
  }
  if (status.outbox.ok) {
    for (const lag of status.outbox.value.filter((lag) => lag.oldestSeconds > 60)) {
      problems.push(`outbox ${lag.schema}: ${lag.pending} events waiting, oldest ${Math.round(lag.oldestSeconds)} s`);
    }
  }
  return problems;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((text) => `  ${text}`).join('\n');
}

const section = <T>(title: string, part: Part<T> | undefined, render: (value: T) => string): string =>
  part === undefined ? '' : `${title}\n${part.ok ? render(part.value) : `  unreachable: ${part.error}`}\n`;

export function renderStatus(status: ClusterStatus, problems: readonly string[]): string {
  const parts = [
    section('Nodes', status.nodes, (nodes) =>
      nodes.length === 0
        ? '  none has reported'
        : table(
            ['node', 'state', 'services', 'version', 'url', 'last seen'],
            nodes.map((node) => [
              node.name,
              node.alive ? 'up' : 'SILENT',
              node.services.join(','),
              node.version,
              node.url ?? '-',
              `${node.silentSeconds.toFixed(0)} s ago`,
            ]),
          ),
    ),
    section('Database', status.database, (db) => {
      const head = `  ${db.kind} ${db.version}, ${db.primary ? 'primary' : 'standby (read only)'}`;
      if (db.standbys.length === 0) return `${head}, no standby streaming from it`;
      return `${head}\n${table(
        ['standby', 'address', 'state', 'sync', 'lag bytes', 'lag s'],
        db.standbys.map((standby) => [
          standby.name,
          standby.address ?? '-',
          standby.state ?? '?',
          standby.syncState ?? '?',
          String(standby.lagBytes ?? '-'),
          standby.lagSeconds === null ? '-' : standby.lagSeconds.toFixed(2),
        ]),
      )}`;
    }),
    section('Patroni', status.patroni, (members) =>
      table(
        ['member', 'role', 'state', 'host', 'timeline', 'lag bytes'],
        members.map((member) => [
          member.name,
          member.role,
          member.state,
          member.host,
          String(member.timeline ?? '-'),
          String(member.lagBytes ?? '-'),
        ]),
      ),
    ),
    section('NATS JetStream', status.nats, (nats) =>
      [
        `  connected to ${nats.serverName}; stream ${nats.stream.name}: ${nats.stream.messages} events, ` +
          `${(nats.stream.bytes / 1_048_576).toFixed(1)} MiB, leader ${nats.stream.leader ?? '-'}`,
        nats.stream.replicas.length > 0
          ? table(
              ['replica', 'current', 'lag'],
              nats.stream.replicas.map((replica) => [
                replica.name,
                replica.offline ? 'OFFLINE' : replica.current ? 'yes' : 'no',
                String(replica.lag),
              ]),
            )
          : '  (single server, no replicas)',
        table(
          ['consumer', 'pending', 'unacknowledged', 'redelivered'],
          nats.consumers.map((consumer) => [
            consumer.name,
            String(consumer.pending),
            String(consumer.ackPending),
            String(consumer.redelivered),
          ]),
        ),
      ].join('\n'),
    ),
    section('Outboxes', status.outbox, (lags) =>
      table(
        ['service', 'waiting', 'oldest s'],
        lags.map((lag) => [lag.schema, String(lag.pending), lag.oldestSeconds.toFixed(1)]),
      ),
    ),
    problems.length === 0 ? 'All is well.' : `Problems:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  ];
  return parts.filter(Boolean).join('\n');
}
