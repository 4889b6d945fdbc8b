/** The BENCH_* environment of bench/identity-verify.ts, read once into frozen settings. */

/** `lean`: the keep-alive client of lean-connection.ts, which leaves more of the shared cores to the server. */
export type ClientKind = 'lean' | 'node';

export interface IdentityVerifySettings {
  readonly identities: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  /** Relying-party clients sending at once, each one request at a time. */
  readonly clients: number;
  readonly partners: number;
  readonly pgbenchClients: number;
  readonly pgbenchSeconds: number;
  readonly pgbenchScale: number;
  /** The server's PostgreSQL pool, which the SQL-only ceiling uses too so that the two compare. */
  readonly serverPool: number;
  /** A database to load once and reuse on the next runs; undefined: a scratch one, dropped at the end. */
  readonly keepDatabase: string | undefined;
  /** The HTTP and SQL ceilings and pgbench; off for quick comparisons. */
  readonly baselines: boolean;
  readonly client: ClientKind;
  /** `off` measures what waiting for the WAL flush of each transaction-log row costs (a diagnosis, not a setting to use). */
  readonly synchronousCommit: string | undefined;
  /** Per process, so that runs side by side do not collide. */
  readonly port: number;
  /** The server's own setting, so that the SQL-only ceiling logs the way the server does. */
  readonly logDurability: 'sync' | 'async';
  /** Recorded with the results: what the server was run with (bench/server.ts passes them on). */
  readonly identityServerSettings: Readonly<Record<string, string | undefined>>;
  readonly serverNodeArgs: string;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): IdentityVerifySettings {
  return Object.freeze({
    identities: Number(env.BENCH_IDENTITIES ?? 1_000_000),
    seconds: Number(env.BENCH_SECONDS ?? 25),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 5),
    clients: Number(env.BENCH_CLIENTS ?? 50),
    partners: Number(env.BENCH_PARTNERS ?? 5),
    // pgbench -S at the same concurrency as the partner clients: -c 50 -j 2 -T 20 at scale 10.
    pgbenchClients: Number(env.BENCH_PGBENCH_CLIENTS ?? 50),
    pgbenchSeconds: Number(env.BENCH_PGBENCH_SECONDS ?? 20),
    pgbenchScale: Number(env.BENCH_PGBENCH_SCALE ?? 10),
    serverPool: Number(env.BENCH_SERVER_POOL ?? 10),
    keepDatabase: env.BENCH_KEEP_DATABASE,
    baselines: env.BENCH_BASELINES !== '0',
    client: env.BENCH_CLIENT === 'node' ? 'node' : 'lean',
    synchronousCommit: env.BENCH_SYNCHRONOUS_COMMIT,
    port: 19_000 + (process.pid % 500),
    logDurability: env.CIVITAS_IDENTITY_VERIFICATION_LOG_DURABILITY === 'async' ? 'async' : 'sync',
    identityServerSettings: Object.fromEntries(
      Object.entries(env).filter(([name]) => name.startsWith('CIVITAS_IDENTITY_')),
    ),
    serverNodeArgs: env.BENCH_SERVER_NODE_ARGS ?? '',
  });
}
