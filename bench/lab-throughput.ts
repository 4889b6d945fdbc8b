/**
 * Registrations per second in single mode (one process, embedded PGlite), in HA mode (three nodes behind HAProxy:
 * Patroni + PostgreSQL with a synchronous standby, a NATS cluster) and in scaled mode (services split across six
 * processes), all on this one machine, with the same load generator as the lab's failure tests (create, declare,
 * register per birth, with idempotency keys). On one 2-core machine the point is the overhead of HA, not more
 * throughput. Prints a table and writes bench/results/lab-throughput.json.
 *
 *   npm run bench:lab            (BENCH_SECONDS=20 BENCH_CLIENTS=20 BENCH_MODES=single,ha,scaled; run as root)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startLab } from '../lab/cluster.js';
import { signIn, startLoad } from '../lab/load.js';
import { fmt, gitRevision, loadAverageLine, machine, percentile, saveResults, table } from './lib.js';
import { startServer, stopServer } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const MODES = (process.env.BENCH_MODES ?? 'single,ha,scaled').split(',');
const SINGLE_PORT = 18_090;

interface Measured {
  readonly perSecond: number;
  readonly acknowledged: number;
  readonly failed: number;
  readonly p50: number;
  readonly p95: number;
}

async function measure(baseUrl: string, mode: string): Promise<Measured> {
  const token = await signIn(baseUrl, 'n.registrar', 'civitas-demo-password');
  // A short warm-up: the first births compile code paths and fill caches on every node.
  const warm = startLoad({ baseUrl, token, clients: 4, runId: `warm-${mode}-${Date.now().toString(36)}` });
  await sleep(3000);
  await warm.stop();
  const started = performance.now();
  const load = startLoad({ baseUrl, token, clients: CLIENTS, runId: `bench-${mode}-${Date.now().toString(36)}` });
  await sleep(SECONDS * 1000);
  const result = await load.stop();
  const seconds = (performance.now() - started) / 1000;
  const done = result.births.filter((birth) => birth.acknowledged);
  const times = done.map((birth) => birth.ms!).sort((a, b) => a - b);
  return {
    perSecond: done.length / seconds,
    acknowledged: done.length,
    failed: result.births.length - done.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
  };
}

async function single(): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civitas-bench-single-'));
  const server = await startServer(
    {
      CIVITAS_ENV: 'development',
      CIVITAS_SERVICES: 'all',
      CIVITAS_DATA_DIR: dataDir,
      CIVITAS_AUTH_DEVELOPMENT_CODE: '000000',
      LOG_LEVEL: 'warn',
    },
    SINGLE_PORT,
  );
  try {
    return await measure(`http://127.0.0.1:${SINGLE_PORT}`, 'single');
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function lab(mode: 'ha' | 'scaled'): Promise<Measured> {
  const running = await startLab({ mode, log: () => undefined });
  try {
    return await measure(running.baseUrl, mode);
  } finally {
    await running.stop();
  }
}

console.log(`Civitas registrations by deployment mode, revision ${gitRevision()}; ${SECONDS} s, ${CLIENTS} clients`);
console.log(loadAverageLine(loadavg()));
const results: Record<string, Measured> = {};
for (const mode of MODES) {
  results[mode] = mode === 'single' ? await single() : await lab(mode as 'ha' | 'scaled');
  console.log(`${mode}: ${fmt(results[mode].perSecond, 1)} registrations/s`);
}
const base = results.single?.perSecond;
console.log(
  table(
    ['mode', 'registrations/s', 'vs single', 'acknowledged', 'not acknowledged', 'p50 ms', 'p95 ms'],
    Object.entries(results).map(([mode, measured]) => [
      mode,
      fmt(measured.perSecond, 1),
      base ? `${fmt(measured.perSecond / base, 2)}x` : '-',
      String(measured.acknowledged),
      String(measured.failed),
      fmt(measured.p50),
      fmt(measured.p95),
    ]),
  ),
);
console.log(loadAverageLine(loadavg()));
saveResults('lab-throughput', { machine: machine(), seconds: SECONDS, clients: CLIENTS, results });
