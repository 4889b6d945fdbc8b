/**
 * Auth benchmark: access-token verification per second on a protected route (the whole request: routing, EdDSA
 * signature check, scope check, handler), and sign-ins per second with the chosen argon2id cost. In one process on
 * embedded PGlite, through Fastify's inject (no sockets), so it measures Civitas and not the network.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { startCivitas } from '../src/main.js';
import { ARGON2_PARAMETERS, hashPassword, verifyPassword } from '../src/services/auth/passwords.js';
import { insertUsers, type AuthDb } from '../src/services/auth/repository.js';
import { issueAccessToken, loadKeys, tokenVerifier } from '../src/services/auth/tokens.js';
import { uuidv7 } from '../src/core/events/uuidv7.js';
import { loadavg } from 'node:os';
import { fmt, gitRevision, loadAverageLine, machine, percentile, saveResults, table } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 16;
const BENCH_CALLER = {
  kind: 'user',
  role: 'bench',
  scope: ['config.read'],
  office: null,
  jurisdiction: [],
} as const;

/** Runs `work` from `concurrency` loops for `seconds`; returns operations per second and latency summary (ms). */
async function measure(seconds: number, concurrency: number, work: () => Promise<void>) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        await work();
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const sorted = latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / ((performance.now() - started) / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'civitas-bench-auth-'));
  const loaded = loadConfig({
    env: {},
    cwd: dataDir,
    flags: { env: 'test', services: 'config,auth', dataDir, 'log.level': 'silent', 'http.port': '0' },
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const civitas = await startCivitas(loaded.config, { listen: false });
  const before = machine();
  console.log(
    `Civitas auth benchmark, revision ${gitRevision()}; ${SECONDS} s per measurement, ${CONCURRENCY} concurrent callers`,
  );
  console.log(loadAverageLine(loadavg()));
  try {
    const db = civitas.database.forSchema('auth') as AuthDb;
    const { current, jwks } = await loadKeys(db, loaded.config.secretKey!);
    const token = await issueAccessToken(current, { ...BENCH_CALLER, sub: uuidv7() }, 900);
    const headers = { authorization: `Bearer ${token}` };
    const verify = tokenVerifier(jwks);
    const other = await issueAccessToken(current, { ...BENCH_CALLER, sub: uuidv7() }, 900);
    // A cache of one entry and two tokens in turn: every call checks the signature.
    const uncachedVerify = tokenVerifier(jwks, 1);
    let flip = false;

    const verifyOnly = await measure(SECONDS, 1, async () => void (await verify(token)));
    const verifyNew = await measure(SECONDS, 1, async () => {
      flip = !flip;
      await uncachedVerify(flip ? token : other);
    });
    const refused = await measure(SECONDS, CONCURRENCY, async () => {
      const response = await civitas.app.inject({ url: '/api/v1/areas/CEN' });
      if (response.statusCode !== 401) throw new Error(`status ${response.statusCode}`);
    });
    const route = await measure(SECONDS, CONCURRENCY, async () => {
      const response = await civitas.app.inject({ url: '/api/v1/areas/CEN', headers });
      if (response.statusCode !== 404 && response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
    });
    const open = await measure(
      SECONDS,
      CONCURRENCY,
      async () => void (await civitas.app.inject({ url: '/health/live' })),
    );

    const hashed = await hashPassword('a long benchmark password');
    const argon = await measure(
      SECONDS,
      2,
      async () => void (await verifyPassword(hashed, 'a long benchmark password')),
    );
    await insertUsers(db, [
      {
        id: uuidv7(),
        username: 'bench',
        name: 'bench',
        role: 'field-agent',
        office: null,
        email: null,
        phone: '+260970000000',
        language: 'en',
        password_hash: hashed,
      },
    ]);
    const logins = await measure(SECONDS, 4, async () => {
      const response = await civitas.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'bench', password: 'a long benchmark password' },
      });
      if (response.statusCode !== 200) throw new Error(`login answered ${response.statusCode}`);
    });

    const rows = [
      ['token verification, first time (EdDSA signature)', verifyNew],
      ['token verification, seen before (cache)', verifyOnly],
      ['GET protected route (reads one area) with a token', route],
      ['GET protected route without a token (401)', refused],
      ['GET /health/live (no token, for comparison)', open],
      ['argon2id verify alone', argon],
      ['POST /auth/login (password step)', logins],
    ] as const;
    console.log(
      table(
        ['what', 'per second', 'p50 ms', 'p99 ms'],
        rows.map(([what, result]) => [what, fmt(result.perSecond), fmt(result.p50, 2), fmt(result.p99, 2)]),
      ),
    );
    const { algorithm: _algorithm, ...cost } = ARGON2_PARAMETERS;
    console.log(
      `argon2id cost: memory ${cost.memoryCost} KiB, ${cost.timeCost} passes, parallelism ${cost.parallelism}`,
    );
    saveResults('auth', {
      name: 'auth',
      revision: gitRevision(),
      date: new Date().toISOString(),
      machine: before,
      argon2id: cost,
      results: Object.fromEntries(rows.map(([what, result]) => [what, result])),
    });
  } finally {
    await civitas.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
