/**
 * The nodes of a deployment, as they report themselves: every civitas process writes a heartbeat row (its name, the
 * services it runs, its version and where to reach it) into the `cluster` schema every few seconds, and removes it on
 * a clean stop. `civitas cluster status` reads it, so the status needs no inventory and works the same on three
 * servers, in Kubernetes, or in single mode. The rows hold no personal data and are not worth a backup.
 */
import { hostname } from 'node:os';
import { sql, type ColumnType, type Kysely } from 'kysely';
import { migrate, type Migration } from '../db/migrate.js';
import type { Database } from '../db/open.js';
import type { Logger } from '../log.js';

export const CLUSTER_SCHEMA = 'cluster';

interface NodesTable {
  name: string;
  url: string | null;
  services: ColumnType<string[], string, string>;
  version: string;
  pid: number;
  started_at: Date;
  seen_at: Date;
}

interface ClusterTables {
  nodes: NodesTable;
}

export const clusterMigrations: readonly Migration[] = [
  {
    name: '0001-create-nodes',
    async up(db, schema) {
      await sql`create table ${sql.id(schema, 'nodes')} (
        name text primary key,
        url text,
        services jsonb not null,
        version text not null,
        pid integer not null,
        started_at timestamptz not null,
        seen_at timestamptz not null
      )`.execute(db);
    },
  },
];

export interface NodeIdentity {
  readonly name: string;
  readonly url: string | undefined;
  readonly services: readonly string[];
  readonly version: string;
}

export interface NodeReport extends NodeIdentity {
  readonly pid: number;
  readonly startedAt: Date;
  readonly seenAt: Date;
  /** Seconds since its last heartbeat, by the database's clock (no node's clock is trusted). */
  readonly silentSeconds: number;
}

/** A node whose last heartbeat is older than this is shown as gone. */
export const NODE_SILENT_AFTER_SECONDS = 15;

export function defaultNodeName(port: number): string {
  return `${hostname()}:${port}`;
}

const nodesDb = (database: Pick<Database, 'forSchema'>) => database.forSchema<ClusterTables>(CLUSTER_SCHEMA);

export async function migrateCluster(database: Database): Promise<void> {
  await migrate(database.root, [{ schema: CLUSTER_SCHEMA, migrations: clusterMigrations }]);
}

/**
 * Reports this node now and every `intervalMs` until the returned function is called, which removes the row.
 * A failed heartbeat (the database is failing over) is logged once and retried on the next beat.
 */
export function startHeartbeat(
  database: Database,
  node: NodeIdentity,
  log: Logger,
  intervalMs = 5000,
): { first: Promise<void>; stop: () => Promise<void> } {
  const db = nodesDb(database);
  const startedAt = new Date();
  let failing = false;
  const beat = async () => {
    try {
      await upsert(db, node, startedAt);
      if (failing) log.info('heartbeat written again');
      failing = false;
    } catch (error) {
      if (!failing) log.warn({ err: error }, "cannot write this node's heartbeat; retrying");
      failing = true;
    }
  };
  const first = beat();
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return {
    first,
    stop: async () => {
      clearInterval(timer);
      await db
        .deleteFrom('nodes')
        .where('name', '=', node.name)
        .where('pid', '=', process.pid)
        .execute()
        .catch(() => undefined);
    },
  };
}

async function upsert(db: Kysely<ClusterTables>, node: NodeIdentity, startedAt: Date): Promise<void> {
  const row = {
    name: node.name,
    url: node.url ?? null,
    services: JSON.stringify(node.services),
    version: node.version,
    pid: process.pid,
    started_at: startedAt,
    seen_at: sql<Date>`now()`,
  };
  await db
    .insertInto('nodes')
    .values(row)
    .onConflict((conflict) => conflict.column('name').doUpdateSet(row))
    .execute();
}

/** Every node that has reported, newest first; a node silent for long is still listed, with how long. */
export async function listNodes(database: Pick<Database, 'forSchema'>): Promise<NodeReport[]> {
  const rows = await nodesDb(database)
    .selectFrom('nodes')
    .selectAll()
    .select(sql<number>`extract(epoch from now() - seen_at)::float8`.as('silent'))
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    name: row.name,
    url: row.url ?? undefined,
    services: row.services,
    version: row.version,
    pid: row.pid,
    startedAt: row.started_at,
    seenAt: row.seen_at,
    silentSeconds: Number(row.silent),
  }));
}
