/**
 * Opens the database: embedded PGlite in the data directory by default, a PostgreSQL server when a URL is given.
 * Both are used through the same Kysely API, so repository code and tests do not know which one runs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { ConnectionLock, PGliteDialect } from './pglite-dialect.js';

/** A Kysely handle that knows no tables: for raw SQL and for `withSchema` into a service's own tables. */
export type RootDb = Kysely<Record<string, never>>;

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly root: RootDb;
  /** A handle whose unqualified table names resolve in `schema`; type it with that schema's tables only. */
  forSchema<Tables>(schema: string): Kysely<Tables>;
  /** Calls `onNotify` for every NOTIFY on `channel` (delivered at commit). Returns a function that stops it. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  stats(): PoolStats;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; when absent, PGlite in `dataDir`. */
  readonly url?: string | undefined;
  readonly dataDir: string;
  readonly poolSize?: number;
  /** PGlite only: keep the database in memory (tests). */
  readonly inMemory?: boolean;
  /** PGlite only: start an empty data directory from this image (`dumpDataDir`) instead of running initdb. */
  readonly image?: Blob;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPGlite(options);
}

function wrap(
  kind: Database['kind'],
  root: RootDb,
  rest: Pick<Database, 'listen' | 'stats'> & { onClose?: () => Promise<void> | void },
): Database {
  return {
    kind,
    root,
    forSchema: <Tables>(schema: string) => root.withSchema(schema) as unknown as Kysely<Tables>,
    listen: rest.listen,
    stats: rest.stats,
    ping: async () => {
      await sql`select 1`.execute(root);
    },
    close: async () => {
      await root.destroy();
      await rest.onClose?.();
    },
  };
}

// Each driver is loaded only when used: single mode never loads pg, a server deployment never loads PGlite.
async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const { default: pg } = await import('pg');
  // int8 (counts, sequence positions) as numbers: every value we keep in one fits in 2^53.
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === 20
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  pool.on('error', () => {
    // An idle client lost its server (failover, restart); the pool replaces it on next use.
  });
  pool.on('connect', (client) => {
    // A client lent out (inside a transaction, between two queries) whose server goes away emits 'error' with no
    // listener of the pool's: unhandled, it would end the process. Its query fails, the pool drops it on release.
    client.on('error', () => undefined);
    // No JIT compilation: it pays off for long analytical queries, and ours are short ones whose row estimates
    // (a common name's postings) can cross jit_above_cost and then spend 30 ms compiling a query that runs in 5.
    // Queued before any query of the pool's: the first query on this connection runs after it.
    client.query('set jit = off').catch(() => undefined);
  });
  const root: RootDb = new Kysely({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(root);
  } catch (error) {
    // Callers may try again (a server still starting): leave no pool behind.
    await root.destroy().catch(() => undefined);
    throw error;
  }
  const listener = new NotificationListener(pg, url, types);
  return wrap('postgres', root, {
    listen: (channel, onNotify) => listener.listen(channel, onNotify),
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    onClose: () => listener.close(),
  });
}

async function openPGlite(options: OpenDatabaseOptions): Promise<Database> {
  let dir: string | undefined;
  let lockFile: string | undefined;
  if (!options.inMemory) {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    lockFile = takeDataDirLock(dataDir);
    dir = join(dataDir, 'pglite');
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create(dir ?? 'memory://', {
    parsers: { 20: (value: string) => Number(value) },
    ...(options.image ? { loadDataDir: options.image } : {}),
  });
  const lock = new ConnectionLock();
  const root: RootDb = new Kysely({ dialect: new PGliteDialect(client, lock) });
  return wrap('pglite', root, {
    // LISTEN goes through the same lock as queries, so it never lands inside someone else's transaction.
    listen: async (channel, onNotify) => {
      await lock.acquire();
      try {
        const stop = await client.listen(channel, onNotify);
        return async () => {
          await lock.acquire();
          try {
            await stop();
          } finally {
            lock.release();
          }
        };
      } finally {
        lock.release();
      }
    },
    stats: () => ({ total: 1, idle: lock.held ? 0 : 1, waiting: lock.waiting }),
    onClose: () => {
      if (lockFile) rmSync(lockFile, { force: true });
    },
  });
}

/**
 * PGlite must never be opened by two processes at once. A lock file with our pid guards the data directory; a lock
 * left by a process that no longer runs (kill -9, power loss) is taken over.
 */
function takeDataDirLock(dataDir: string): string {
  const lockFile = join(dataDir, 'civitas.pid');
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isRunning(pid)) {
      throw new Error(
        `the data directory ${dataDir} is in use by process ${pid}; stop it first, or give this one another dataDir`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return lockFile;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One dedicated connection for LISTEN, re-established after a failover; the relay polls as well, so a gap only delays. */
class NotificationListener {
  #client: pg.Client | undefined;
  #connecting: Promise<pg.Client> | undefined;
  #closed = false;
  readonly #handlers = new Map<string, Set<(payload: string) => void>>();

  constructor(
    private readonly pg: typeof import('pg').default,
    private readonly url: string,
    private readonly types: pg.CustomTypesConfig,
  ) {}

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
      const client = await this.#connect();
      await client.query(`LISTEN ${this.pg.escapeIdentifier(channel)}`);
    }
    handlers.add(onNotify);
    return async () => {
      handlers.delete(onNotify);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#client?.end().catch(() => undefined);
  }

  #connect(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= (async () => {
      const client = new this.pg.Client({ connectionString: this.url, types: this.types });
      client.on('notification', (message) => {
        for (const handler of this.#handlers.get(message.channel) ?? []) handler(message.payload ?? '');
      });
      client.on('error', () => this.#reconnectSoon());
      client.on('end', () => this.#reconnectSoon());
      await client.connect();
      this.#client = client;
      return client;
    })().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  #reconnectSoon(): void {
    this.#client = undefined;
    if (this.#closed) return;
    setTimeout(() => {
      if (this.#closed) return;
      this.#connect()
        .then(async (client) => {
          for (const channel of this.#handlers.keys())
            await client.query(`LISTEN ${this.pg.escapeIdentifier(channel)}`);
        })
        .catch(() => this.#reconnectSoon());
    }, 1000).unref();
  }
}
