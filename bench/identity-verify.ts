/**
 * Identity verification benchmark (issue 7): demographic verifications per second and their latency at 50 concurrent
 * relying-party clients, with 1,000,000 identities in PostgreSQL, against `civitas serve` running as its own process
 * over real HTTP (keep-alive). Compared with pgbench select-only (-S) on the same machine for the same time.
 *
 * Setup, not measured: a scratch database migrated by the server (development mode, so the demo users exist), then
 * the identities bulk-inserted with INSERT ... SELECT FROM unnest(arrays) (valid UINs from the identity service's
 * generator, also put in uin_pool as issued) and ANALYZE; partners registered over the API by n.admin.
 * Load: each client sends POST /api/v1/identity/verify/demographic with a random known UIN and mostly correct
 * details (about 10% a wrong birth date, 3% a UIN that is valid but issued to no one, 10% partial matching); every
 * answer is checked against what it should be.
 *
 *   npm run bench:identity-verify
 *   BENCH_IDENTITIES=1000000 BENCH_SECONDS=25 BENCH_WARMUP_SECONDS=5 BENCH_CLIENTS=50 BENCH_PARTNERS=5
 *   BENCH_PGBENCH_CLIENTS=50 BENCH_PGBENCH_SECONDS=20 BENCH_PGBENCH_SCALE=10 BENCH_SERVER_POOL=10
 *
 * BENCH_KEEP_DATABASE=civitas_bench_idverify_keep loads the identities into that database once and reuses them on the
 * next runs (its transaction log and bench partners are emptied first); drop it yourself when done
 * (`dropdb -h 127.0.0.1 -U postgres civitas_bench_idverify_keep`). BENCH_BASELINES=0 skips the ceilings and
 * pgbench (quick comparisons). BENCH_CLIENT=node sends the load through node:http instead of the lean keep-alive
 * client (which leaves more of the 2 shared cores to the server). Any CIVITAS_* variable set when running reaches the
 * server (e.g. CIVITAS_IDENTITY_VERIFICATION_LOG_DURABILITY=async, CIVITAS_IDENTITY_PARTNER_CACHE_SECONDS=0), and
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles it.
 *
 * The pieces: identity-verify/settings.ts (the BENCH_* environment), identity-verify/database.ts (scratch or kept),
 * identity-verify/population.ts (who the identities are, loaded or reused), identity-verify/identity-server.ts,
 * identity-verify/partners.ts, identity-verify/lean-connection.ts (the clients), identity-verify/drive.ts (the load and
 * its checks), identity-verify/cpu.ts, identity-verify/baselines.ts (the ceilings and pgbench),
 * identity-verify/report.ts.
 */
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { cleanupRegistry, fmt, runThenCleanUp, serverVersion } from './lib.js';
import { stopServer } from './server.js';
import { httpCeiling, pgbenchSelectOnly, sqlCeiling } from './identity-verify/baselines.js';
import { startCpuMeasurement } from './identity-verify/cpu.js';
import { benchDatabase, loggedVerifications, setSynchronousCommit } from './identity-verify/database.js';
import { drive, type DriveProps } from './identity-verify/drive.js';
import { apiBase, startIdentityServer } from './identity-verify/identity-server.js';
import type { Clients } from './identity-verify/lean-connection.js';
import { registerPartners } from './identity-verify/partners.js';
import { preparePopulation } from './identity-verify/population.js';
import { printIntro, report } from './identity-verify/report.js';
import { readSettings } from './identity-verify/settings.js';

const settings = readSettings();
const cleanup = cleanupRegistry();

async function main(): Promise<void> {
  const loadBefore = loadavg();
  printIntro(settings, loadBefore);

  const database = await benchDatabase(settings.keepDatabase, settings.identities, cleanup);
  await setSynchronousCommit(database, settings.synchronousCommit);
  const server = await startIdentityServer(
    { databaseUrl: database.url, poolSize: settings.serverPool, port: settings.port },
    cleanup,
  );
  const postgresVersion = await serverVersion(database.url);
  const population = await preparePopulation(database, settings.identities);

  const agent = new Agent({ keepAlive: true, maxSockets: settings.clients });
  cleanup.add(() => agent.destroy());
  const clients: Clients = { count: settings.clients, kind: settings.client, port: settings.port, agent };
  const keys = await registerPartners(apiBase(settings.port), agent, settings.partners);
  const load: DriveProps = { clients, keys, uins: population.uins, strangers: population.strangers };

  const warmup = await drive(load, settings.warmupSeconds);
  console.log(`Warm-up: ${fmt(warmup.requests / warmup.seconds)} verifications/s`);
  const loadDuring = loadavg();
  const cpuMeasurement = await startCpuMeasurement(server.pid!, database);
  const result = await drive(load, settings.seconds);
  const cpu = await cpuMeasurement.stop();
  const loadAfter = loadavg();

  const transactions = await loggedVerifications(database.url);
  const baselineSeconds = Math.max(3, Math.round(settings.seconds / 4));
  let httpPerSecond: number | undefined;
  let sqlPerSecond: number | undefined;
  if (settings.baselines) {
    httpPerSecond = await httpCeiling(clients, baselineSeconds);
    console.log(`GET /health/live, same clients: ${fmt(httpPerSecond)} requests/s`);
    sqlPerSecond = await sqlCeiling(
      {
        url: database.url,
        uins: population.uins,
        clients: settings.clients,
        poolSize: settings.serverPool,
        durability: settings.logDurability,
      },
      baselineSeconds,
    );
    console.log(`The SQL of a verification alone (${settings.serverPool} connections): ${fmt(sqlPerSecond)}/s`);
  }

  await stopServer(server);

  const started = performance.now();
  const pgbench = settings.baselines
    ? await pgbenchSelectOnly(
        { clients: settings.pgbenchClients, seconds: settings.pgbenchSeconds, scale: settings.pgbenchScale },
        cleanup,
      )
    : undefined;
  if (pgbench) {
    console.log(`pgbench -S: ${fmt(pgbench.tps)} tps (${fmt((performance.now() - started) / 1000, 0)} s with init)`);
  }

  report({
    settings,
    postgresVersion,
    reusedDatabase: database.loaded,
    population,
    loadAverage: { before: loadBefore, during: loadDuring, after: loadAfter },
    warmup,
    result,
    cpu,
    transactions,
    ceilings: { httpPerSecond, sqlPerSecond, seconds: baselineSeconds },
    pgbench,
  });
}

await runThenCleanUp(main, cleanup);
