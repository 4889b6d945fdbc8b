/**
 * What `civitas cluster status` shows, gathered from the places that know: the nodes' own heartbeats, PostgreSQL
 * (is this the primary, which standbys stream from it and how far behind), Patroni's REST API when given, NATS
 * JetStream (the stream's leader and replicas, each consumer's backlog) and every service's outbox. Each part that
 * cannot be reached says why instead of failing the whole report.
 */
import { sql } from 'kysely';
import type { Database } from '../db/open.js';
import { outboxLag, type OutboxLag } from '../events/relay.js';
import { listNodes, NODE_SILENT_AFTER_SECONDS, type NodeReport } from './nodes.js';

export interface StandbyStatus {
  readonly name: string;
  readonly address: string | null;
  /** Null when the database user may not see replication details (grant it pg_monitor). */
  readonly state: string | null;
  /** `sync` for the synchronous standby, whose acknowledgement every commit waits for. */
  readonly syncState: string | null;
  readonly lagBytes: number | null;
  readonly lagSeconds: number | null;
}

export interface DatabaseStatus {
  readonly kind: Database['kind'];
  readonly version: string;
  readonly primary: boolean;
  readonly standbys: readonly StandbyStatus[];
}

export interface PatroniMember {
  readonly name: string;
  readonly role: string;
  readonly state: string;
  readonly host: string;
  readonly timeline: number | null;
  readonly lagBytes: number | null;
}

export interface NatsStatus {
  readonly servers: string;
  readonly serverName: string;
  readonly stream: {
    readonly name: string;
    readonly messages: number;
    readonly bytes: number;
    readonly leader: string | null;
    readonly replicas: ReadonlyArray<{ name: string; current: boolean; offline: boolean; lag: number }>;
  };
  readonly consumers: ReadonlyArray<{ name: string; pending: number; ackPending: number; redelivered: number }>;
}

export type Part<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface ClusterStatus {
  readonly nodes: Part<Array<NodeReport & { alive: boolean }>>;
  readonly database: Part<DatabaseStatus>;
  readonly patroni: Part<PatroniMember[]> | undefined;
  readonly nats: Part<NatsStatus> | undefined;
  readonly outbox: Part<OutboxLag[]>;
}

async function part<T>(work: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export async function databaseStatus(database: Database): Promise<DatabaseStatus> {
  const { rows } = await sql<{ version: string; recovery: boolean }>`select
    current_setting('server_version') as version, pg_is_in_recovery() as recovery`.execute(database.root);
  const head = rows[0]!;
  let standbys: StandbyStatus[] = [];
  if (database.kind === 'postgres' && !head.recovery) {
    const replication = await sql<{
      name: string;
      address: string | null;
      state: string | null;
      sync_state: string | null;
      lag_bytes: string | null;
      lag_seconds: number | null;
    }>`select application_name as name, client_addr::text as address, state, sync_state,
          pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text as lag_bytes,
          extract(epoch from replay_lag)::float8 as lag_seconds
        from pg_stat_replication order by application_name`.execute(database.root);
    standbys = replication.rows.map((row) => ({
      name: row.name,
      address: row.address,
      state: row.state,
      syncState: row.sync_state,
      lagBytes: row.lag_bytes === null ? null : Number(row.lag_bytes),
      lagSeconds: row.lag_seconds === null ? null : Number(row.lag_seconds),
    }));
  }
  return { kind: database.kind, version: head.version, primary: !head.recovery, standbys };
}

/** The cluster as Patroni sees it, from the first of `urls` (its REST API) that answers. */
export async function patroniStatus(urls: readonly string[]): Promise<PatroniMember[]> {
  const errors: string[] = [];
  for (const url of urls) {
    try {
      const response = await fetch(new URL('/cluster', url), { signal: AbortSignal.timeout(3000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { members?: Array<Record<string, unknown>> };
      return (body.members ?? []).map((member) => ({
        name: String(member.name),
        role: String(member.role),
        state: String(member.state),
        host: `${String(member.host)}:${String(member.port)}`,
        timeline: typeof member.timeline === 'number' ? member.timeline : null,
        lagBytes: typeof member.lag === 'number' ? member.lag : null,
      }));
    } catch (error) {
      errors.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no Patroni REST API answered (${errors.join('; ')})`);
}

/** The event stream and its consumers, over a short-lived connection of its own. */
export async function natsStatus(servers: string, stream: string, token?: string): Promise<NatsStatus> {
  const [{ connect }, { jetstreamManager }] = await Promise.all([
    import('@nats-io/transport-node'),
    import('@nats-io/jetstream'),
  ]);
  const nc = await connect({
    servers: servers.split(',').map((server) => server.trim()),
    ...(token ? { token } : {}),
    timeout: 3000,
    maxReconnectAttempts: 0,
  });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream).catch((error: unknown) => {
      throw new Error(
        /not found/i.test((error as Error).message)
          ? `no stream ${stream} on ${servers}: no civitas node has connected to this NATS yet`
          : (error as Error).message,
      );
    });
    const consumers: Array<{ name: string; pending: number; ackPending: number; redelivered: number }> = [];
    for await (const consumer of jsm.consumers.list(stream)) {
      consumers.push({
        name: consumer.name,
        pending: consumer.num_pending,
        ackPending: consumer.num_ack_pending,
        redelivered: consumer.num_redelivered,
      });
    }
    consumers.sort((a, b) => a.name.localeCompare(b.name));
    const cluster = info.cluster;
    return {
      servers,
      serverName: nc.info?.server_name ?? '?',
      stream: {
        name: stream,
        messages: info.state.messages,
        bytes: info.state.bytes,
        leader: cluster?.leader ?? null,
        replicas: (cluster?.replicas ?? []).map((replica) => ({
          name: replica.name,
          current: replica.current,
          offline: replica.offline ?? false,
          lag: replica.lag ?? 0,
        })),
      },
      consumers,
    };
  } finally {
    await nc.close();
  }
}

/** Schemas that hold an outbox (the services that emit events), as found in the database. */
async function outboxSchemas(database: Database): Promise<string[]> {
  const { rows } = await sql<{ schema: string }>`select table_schema as schema from information_schema.tables
    where table_name = 'outbox' order by 1`.execute(database.root);
  return rows.map((row) => row.schema);
}

/** Before any node has started on a database there is no `cluster` schema: that is "no nodes", not an error. */
function noTableYet(error: unknown): never[] {
  if ((error as { code?: string }).code === '42P01') return [];
  throw error;
}

export interface StatusSources {
  readonly database: Database;
  readonly patroniUrls?: readonly string[];
  readonly nats?: { servers: string; stream: string; token?: string | undefined };
}

export async function clusterStatus(sources: StatusSources): Promise<ClusterStatus> {
  const { database } = sources;
  const [nodes, databasePart, patroni, nats, outbox] = await Promise.all([
    part(async () =>
      (await listNodes(database).catch(noTableYet)).map((node) => ({
        ...node,
        alive: node.silentSeconds < NODE_SILENT_AFTER_SECONDS,
      })),
    ),
    part(() => databaseStatus(database)),
    sources.patroniUrls?.length ? part(() => patroniStatus(sources.patroniUrls!)) : Promise.resolve(undefined),
    sources.nats
      ? part(() => natsStatus(sources.nats!.servers, sources.nats!.stream, sources.nats!.token))
      : Promise.resolve(undefined),
    part(async () => Promise.all((await outboxSchemas(database)).map((schema) => outboxLag(database, schema)))),
  ]);
  return { nodes, database: databasePart, patroni, nats, outbox };
}
