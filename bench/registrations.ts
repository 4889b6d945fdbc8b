/**
 * Registrations benchmark: births created, declared and registered end to end over HTTP (real sockets, keep-alive) by
 * 50 concurrent clients, against `civitas serve` running as its own process, on embedded PGlite and on PostgreSQL.
 * A registration is three requests (create the record, declare it with a complete form, register it) as a national
 * registrar; documents are left out. Prints registrations per second and p50/p95/p99 of a whole registration and of
 * each request, and writes bench/results/registrations.json.
 *
 *   npm run bench:registrations            (BENCH_SECONDS=20 BENCH_CLIENTS=50 BENCH_TARGETS=pglite,postgres)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'node:http';
import {
  cleanupRegistry,
  createScratchDatabase,
  fmt,
  gitRevision,
  loadAverageLine,
  machine,
  percentile,
  runThenCleanUp,
  saveResults,
  table,
} from './lib.js';
import { httpRequest, startServer, stopServer } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const TARGETS = (process.env.BENCH_TARGETS ?? 'pglite,postgres').split(',');
const PORT = 18_400 + (process.pid % 500);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const DISTRICTS = ['CEN-IBO', 'CEN-ISA', 'CEN-ILA', 'CEN-EBO', 'NTH-OSE', 'NTH-ZOB', 'NTH-AFI', 'STH-EMB', 'STH-ESE'];

function declaration(n: number) {
  return {
    child: {
      firstNames: `Child ${n}`,
      familyName: ['Banda', 'Phiri', 'Mwale', 'Tembo', 'Zulu'][n % 5],
      sex: n % 2 ? 'female' : 'male',
      birthDate: daysAgo(1 + (n % 20)),
      placeOfBirthType: 'private-home',
      placeOfBirthArea: DISTRICTS[n % DISTRICTS.length],
      placeOfBirthAddress: `Plot ${n}`,
    },
    mother: { firstNames: 'Grace', familyName: 'Banda', birthDate: '1994-05-06', nationality: 'XDM' },
    father: { detailsNotAvailable: true, reasonNotAvailable: 'Not known' },
    informant: { type: 'mother' },
  };
}

/** One HTTP request over the keep-alive agent; answers the status and the parsed JSON body. */
async function request(
  url: string,
  options: { method?: string; agent?: Agent; headers?: Record<string, string>; body?: string } = {},
): Promise<{ statusCode: number; json: Record<string, unknown> }> {
  const response = await httpRequest(url, options);
  const text = response.body.toString('utf8');
  return { statusCode: response.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

interface Timings {
  readonly registrations: number;
  readonly seconds: number;
  readonly whole: number[];
  readonly perStep: Record<'create' | 'declare' | 'register', number[]>;
  readonly failures: number;
}

async function run(target: string, agent: Agent): Promise<Timings> {
  const base = `http://127.0.0.1:${PORT}/api/v1`;
  const call = async (path: string, body: unknown, token?: string) => {
    const response = await request(`${base}${path}`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (response.statusCode >= 300) {
      throw new Error(`${path}: ${response.statusCode} ${JSON.stringify(response.json)}`);
    }
    return response.json;
  };
  // The registry learns the event types from config's events just after start: wait for them.
  const challenge = await call('/auth/login', { username: 'n.registrar', password: 'civitas-demo-password' });
  const { accessToken } = await call('/auth/verify', { challengeId: challenge.challengeId, code: '000000' });
  const token = String(accessToken);
  for (let tries = 0; ; tries++) {
    try {
      await call('/records', { eventType: 'birth' }, token);
      break;
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const whole: number[] = [];
  const perStep = { create: [] as number[], declare: [] as number[], register: [] as number[] };
  let failures = 0;
  let counter = 0;
  const timed = async <T>(into: number[], work: () => Promise<T>) => {
    const begin = performance.now();
    const result = await work();
    into.push(performance.now() - begin);
    return result;
  };
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const n = counter++;
        const begin = performance.now();
        try {
          const record = await timed(perStep.create, () => call('/records', { eventType: 'birth' }, token));
          await timed(perStep.declare, () =>
            call(`/records/${String(record.id)}/declare`, { version: 1, data: declaration(n) }, token),
          );
          await timed(perStep.register, () => call(`/records/${String(record.id)}/register`, { version: 2 }, token));
          whole.push(performance.now() - begin);
        } catch (error) {
          failures += 1;
          if (failures <= 3) console.error(`${target}: ${(error as Error).message}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { registrations: whole.length, seconds, whole, perStep, failures };
}

async function main(): Promise<void> {
  const cleanup = cleanupRegistry();
  await runThenCleanUp(async () => {
    console.log(
      `Civitas registrations benchmark, revision ${gitRevision()}; ${SECONDS} s, ${CLIENTS} concurrent clients, ` +
        'create + declare + register per birth over HTTP',
    );
    console.log(loadAverageLine(loadavg()));
    const before = machine();
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    cleanup.add(() => agent.destroy());
    const rows: string[][] = [];
    const results: Record<string, unknown> = {};
    for (const target of TARGETS) {
      const dataDir = mkdtempSync(join(tmpdir(), `civitas-bench-reg-${target}-`));
      cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = {
        CIVITAS_ENV: 'development',
        CIVITAS_SERVICES: 'config,auth,registry',
        CIVITAS_DATA_DIR: dataDir,
        CIVITAS_AUTH_DEVELOPMENT_CODE: '000000',
        CIVITAS_AUTH_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '100000',
        PORT: String(PORT),
        LOG_LEVEL: 'warn',
      };
      if (target === 'postgres') {
        const scratch = await createScratchDatabase('civitas_bench_reg');
        cleanup.add(() => scratch.drop());
        // BENCH_PG_SOCKET=/var/run/postgresql connects through the Unix socket instead of TCP on loopback.
        env.DATABASE_URL = process.env.BENCH_PG_SOCKET
          ? `postgres://postgres@/${scratch.name}?host=${encodeURIComponent(process.env.BENCH_PG_SOCKET)}`
          : scratch.url;
        env.CIVITAS_DATABASE_POOL_SIZE = '20';
      }
      const server = await startServer(env, PORT);
      let timings: Timings;
      try {
        timings = await run(target, agent);
      } finally {
        await stopServer(server);
      }
      const sorted = [...timings.whole].sort((a, b) => a - b);
      const step = (name: keyof Timings['perStep']) => [...timings.perStep[name]].sort((a, b) => a - b);
      const summary = {
        registrationsPerSecond: timings.registrations / timings.seconds,
        registrations: timings.registrations,
        failures: timings.failures,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        steps: Object.fromEntries(
          (['create', 'declare', 'register'] as const).map((name) => [
            name,
            { p50: percentile(step(name), 50), p95: percentile(step(name), 95), p99: percentile(step(name), 99) },
          ]),
        ) as Record<'create' | 'declare' | 'register', { p50: number; p95: number; p99: number }>,
      };
      results[target] = summary;
      rows.push([
        target,
        fmt(summary.registrationsPerSecond),
        fmt(summary.p50, 1),
        fmt(summary.p95, 1),
        fmt(summary.p99, 1),
        (['create', 'declare', 'register'] as const)
          .map((name) => `${name} ${fmt(summary.steps[name].p95, 1)}`)
          .join(', '),
        String(summary.failures),
      ]);
    }
    console.log(
      table(['database', 'registrations/s', 'p50 ms', 'p95 ms', 'p99 ms', 'p95 per request (ms)', 'failed'], rows),
    );
    saveResults('registrations', {
      name: 'registrations',
      revision: gitRevision(),
      date: new Date().toISOString(),
      machine: before,
      seconds: SECONDS,
      clients: CLIENTS,
      results,
    });
  }, cleanup);
}

await main();
