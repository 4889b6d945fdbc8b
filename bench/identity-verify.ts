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
 *   BENCH_PGBENCH_CLIENTS=8 BENCH_PGBENCH_SCALE=10 BENCH_SERVER_POOL=20
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { familyNameCode } from '../src/services/identity/matching.js';
import { generateUins } from '../src/services/identity/numbers/generate.js';
import {
  cleanupRegistry,
  createScratchDatabase,
  fmt,
  gitRevision,
  loadAverageLine,
  machine,
  measureCpu,
  percentile,
  pidsNamed,
  processCpuMs,
  runThenCleanUp,
  saveResults,
  serverVersion,
  table,
  withClient,
  type CleanupRegistry,
} from './lib.js';
import { httpRequest, startServer, stopServer } from './server.js';

const IDENTITIES = Number(process.env.BENCH_IDENTITIES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 25);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const PARTNERS = Number(process.env.BENCH_PARTNERS ?? 5);
const PGBENCH_CLIENTS = Number(process.env.BENCH_PGBENCH_CLIENTS ?? 8);
const PGBENCH_SCALE = Number(process.env.BENCH_PGBENCH_SCALE ?? 10);
const SERVER_POOL = Number(process.env.BENCH_SERVER_POOL ?? 20);
/** `off` measures what waiting for the WAL flush of each transaction-log row costs (a diagnosis, not a setting to use). */
const SYNCHRONOUS_COMMIT = process.env.BENCH_SYNCHRONOUS_COMMIT;
const BATCH = 50_000;
const PORT = 19_000 + (process.pid % 500);
const TARGET_PER_SECOND = 3000;
const TARGET_P95_MS = 25;

const run = promisify(execFile);

// Demographics are a function of the identity's index, so the load generator knows them without storing them.
const GIVEN = ['Mutinta', 'Chanda', 'Mwila', 'Bwalya', 'Natasha', 'Brian', 'Grace', 'Joseph', 'Ruth', 'Peter'];
const MIDDLE = ['Grace', 'Mary', 'John', 'Esther', 'Daniel', 'Ada', 'Moses', 'Agnes'];
const FAMILY = ['Banda', 'Phiri', 'Mwale', 'Tembo', 'Zulu', 'Hamoonga', 'Mulenga', 'Chileshe', 'Lungu', 'Sakala'];
const FAMILY_CODE = new Map(FAMILY.map((name) => [name, familyNameCode(name)]));

/** A small multiplicative hash: the same index always gives the same person. */
const mix = (i: number, salt: number) => (Math.imul(i + 1, 2_654_435_761) ^ Math.imul(salt, 40_503)) >>> 0;

function person(i: number) {
  const a = mix(i, 1);
  const b = mix(i, 2);
  const day = b % 28;
  const month = (b >>> 5) % 12;
  const year = 1940 + ((b >>> 9) % 80);
  return {
    givenNames: `${GIVEN[a % GIVEN.length]} ${MIDDLE[(a >>> 8) % MIDDLE.length]}`,
    familyName: FAMILY[(a >>> 16) % FAMILY.length]!,
    birthDate: `${year}-${String(month + 1).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`,
    sex: a % 2 ? 'female' : 'male',
  };
}

/** Identities bulk-inserted in batches of arrays; answers how long it took. */
async function load(url: string, uins: readonly string[]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    await client.query('set synchronous_commit = off');
    for (let from = 0; from < uins.length; from += BATCH) {
      const slice = uins.slice(from, from + BATCH);
      const people = slice.map((_, k) => person(from + k));
      await client.query('begin');
      await client.query(
        `insert into identity.uin_pool (uin, issued_at) select u, now() from unnest($1::text[]) as u
         on conflict (uin) do update set issued_at = now()`,
        [slice],
      );
      await client.query(
        `insert into identity.identities
           (id, uin, given_names, family_name, birth_date, sex, source, family_name_code)
         select gen_random_uuid(), u, g, f, d, s, 'enrolment', c
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as t(u, g, f, d, s, c)`,
        [
          slice,
          people.map((p) => p.givenNames),
          people.map((p) => p.familyName),
          people.map((p) => p.birthDate),
          people.map((p) => p.sex),
          people.map((p) => FAMILY_CODE.get(p.familyName)!),
        ],
      );
      await client.query('commit');
    }
    await client.query('analyze identity.identities');
    await client.query('analyze identity.uin_pool');
    await client.query('analyze identity.partners');
    await client.query('analyze identity.transactions');
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

async function json(
  url: string,
  agent: Agent,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ statusCode: number; json: Record<string, unknown> }> {
  const response = await httpRequest(url, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = response.body.toString('utf8');
  return { statusCode: response.statusCode, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function registerPartners(base: string, agent: Agent): Promise<string[]> {
  const ok = (step: string, response: { statusCode: number; json: unknown }) => {
    if (response.statusCode >= 300) throw new Error(`${step}: ${response.statusCode} ${JSON.stringify(response.json)}`);
    return response.json as Record<string, unknown>;
  };
  const challenge = ok(
    'login',
    await json(`${base}/auth/login`, agent, { username: 'n.admin', password: 'civitas-demo-password' }),
  );
  const { accessToken } = ok(
    'verify',
    await json(`${base}/auth/verify`, agent, { challengeId: challenge.challengeId, code: '000000' }),
  );
  const keys: string[] = [];
  for (let n = 0; n < PARTNERS; n++) {
    const partner = ok(
      'register partner',
      await json(
        `${base}/identity/partners`,
        agent,
        {
          name: `Bench Bank ${n + 1}`,
          policy: { verificationTypes: ['demographic'], matchTypes: ['exact', 'partial', 'phonetic'] },
        },
        { authorization: `Bearer ${String(accessToken)}` },
      ),
    );
    keys.push(String(partner.apiKey));
  }
  return keys;
}

interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly errors: number;
  readonly wrongAnswers: number;
  readonly matches: number;
  readonly statuses: Record<string, number>;
}

/** `CLIENTS` clients for `seconds`, each sending one request at a time. */
async function drive(
  base: string,
  agent: Agent,
  keys: readonly string[],
  uins: readonly string[],
  strangers: readonly string[],
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let wrongAnswers = 0;
  let matches = 0;
  const url = `${base}/identity/verify/demographic`;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const headers = { 'content-type': 'application/json', 'x-api-key': keys[client % keys.length]! };
      while (performance.now() < deadline) {
        const roll = Math.random();
        let body: Record<string, string>;
        let expected: boolean;
        if (roll < 0.03) {
          body = { individualId: strangers[Math.floor(Math.random() * strangers.length)]!, ...person(0) };
          expected = false;
        } else {
          const i = Math.floor(Math.random() * uins.length);
          const who = person(i);
          body = { individualId: uins[i]!, ...who };
          expected = true;
          if (roll < 0.13) {
            body.birthDate = who.birthDate.replace(/^\d{4}/, (year) => String(Number(year) + 1));
            expected = false;
          } else if (roll < 0.23) {
            body = { individualId: uins[i]!, name: `${who.givenNames.split(' ')[0]} ${who.familyName}` };
            body.matchType = 'partial';
          }
        }
        const begin = performance.now();
        try {
          const response = await httpRequest(url, { method: 'POST', agent, headers, body: JSON.stringify(body) });
          latencies.push(performance.now() - begin);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          if (response.statusCode !== 200) {
            errors += 1;
            if (errors <= 3) console.error(`${response.statusCode} ${response.body.toString('utf8').slice(0, 300)}`);
            continue;
          }
          const answer = JSON.parse(response.body.toString('utf8')) as { match: boolean };
          if (answer.match) matches += 1;
          if (answer.match !== expected) {
            wrongAnswers += 1;
            if (wrongAnswers <= 3) console.error(`wrong answer to ${JSON.stringify(body)}: ${JSON.stringify(answer)}`);
          }
        } catch (error) {
          errors += 1;
          if (errors <= 3) console.error((error as Error).message);
        }
      }
    }),
  );
  return {
    requests: latencies.length,
    seconds: (performance.now() - started) / 1000,
    latencies,
    errors,
    wrongAnswers,
    matches,
    statuses,
  };
}

/** `CLIENTS` clients sending GET /health/live for `seconds`: what HTTP and Fastify alone cost on this machine now. */
async function httpCeiling(agent: Agent, seconds: number): Promise<number> {
  let requests = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const response = await httpRequest(`http://127.0.0.1:${PORT}/health/live`, { agent });
        if (response.statusCode === 200) requests += 1;
      }
    }),
  );
  return requests / ((performance.now() - started) / 1000);
}

/**
 * The SQL of one verification (partner by key hash, identity by UIN, one row of the transaction log), sent by
 * `CLIENTS` concurrent loops over a pool as large as the server's, from this process: what PostgreSQL alone allows.
 */
async function sqlCeiling(url: string, uins: readonly string[], seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: SERVER_POOL });
  try {
    const { rows } = await pool.query<{ id: string; key_hash: string }>('select id, key_hash from identity.partners');
    let requests = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const partner = rows[client % rows.length]!;
        while (performance.now() < deadline) {
          const uin = uins[Math.floor(Math.random() * uins.length)]!;
          await pool.query('select * from identity.partners where key_hash = $1', [partner.key_hash]);
          const identity = await pool.query<{ id: string }>('select * from identity.identities where uin = $1', [uin]);
          await pool.query(
            `insert into identity.transactions (id, partner_id, type, result, reason, identity_id, individual_id_hash, id_kind)
             values (gen_random_uuid(), $1, 'demographic', 'yes', null, $2, md5($3), 'uin')`,
            [partner.id, identity.rows[0]!.id, uin],
          );
          requests += 1;
        }
      }),
    );
    return requests / ((performance.now() - started) / 1000);
  } finally {
    await pool.end();
  }
}

/** pgbench -S against a scratch database initialised at `scale`; answers tps without connection time. */
async function pgbench(cleanup: CleanupRegistry): Promise<{ tps: number; output: string }> {
  const scratch = await createScratchDatabase('civitas_bench_pgbench');
  cleanup.add(() => scratch.drop());
  const url = new URL(scratch.url);
  const connection = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username)];
  await run('pgbench', ['-i', '-q', '-s', String(PGBENCH_SCALE), ...connection, scratch.name]);
  const threads = Math.min(PGBENCH_CLIENTS, machine().cpus);
  const args = ['-S', '-c', String(PGBENCH_CLIENTS), '-j', String(threads), '-T', String(SECONDS), '-n'];
  const { stdout } = await run('pgbench', [...args, ...connection, scratch.name]);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`no tps in pgbench output:\n${stdout}`);
  return { tps: Number(tps), output: stdout };
}

async function main(cleanup: CleanupRegistry): Promise<void> {
  const loadBefore = loadavg();
  console.log(
    `Civitas identity verification benchmark, revision ${gitRevision()}; ${IDENTITIES.toLocaleString('en')} ` +
      `identities, ${CLIENTS} clients, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; ${machine().cpuModel}`,
  );
  console.log(loadAverageLine(loadBefore));

  const scratch = await createScratchDatabase('civitas_bench_idverify');
  cleanup.add(() => scratch.drop());
  if (SYNCHRONOUS_COMMIT) {
    if (!/^(on|off|local|remote_write|remote_apply)$/.test(SYNCHRONOUS_COMMIT))
      throw new Error('bad synchronous_commit');
    await withClient(scratch.url, (client) =>
      client.query(`alter database ${scratch.name} set synchronous_commit = ${SYNCHRONOUS_COMMIT}`),
    );
    console.log(`synchronous_commit = ${SYNCHRONOUS_COMMIT} for the scratch database`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'civitas-bench-idverify-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startServer(
    {
      CIVITAS_ENV: 'development',
      CIVITAS_SERVICES: 'config,auth,identity',
      CIVITAS_DATA_DIR: dataDir,
      DATABASE_URL: scratch.url,
      CIVITAS_DATABASE_POOL_SIZE: String(SERVER_POOL),
      CIVITAS_AUTH_DEVELOPMENT_CODE: '000000',
      CIVITAS_AUTH_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '100000',
      CIVITAS_IDENTITY_PARTNER_RATE_PER_MINUTE: '10000000',
      CIVITAS_IDENTITY_POOL_SIZE: '1000',
      CIVITAS_IDENTITY_POOL_REFILL_BELOW: '100',
      LOG_LEVEL: 'warn',
    },
    PORT,
  );
  cleanup.add(() => stopServer(server));
  const version = await serverVersion(scratch.url);

  let started = performance.now();
  const all = generateUins(IDENTITIES + 10_000);
  const uins = all.slice(0, IDENTITIES);
  const strangers = all.slice(IDENTITIES);
  const generateSeconds = (performance.now() - started) / 1000;
  console.log(`Generated ${all.length.toLocaleString('en')} UINs in ${fmt(generateSeconds, 1)} s`);
  const loadSeconds = await load(scratch.url, uins);
  console.log(`Inserted ${IDENTITIES.toLocaleString('en')} identities and analyzed in ${fmt(loadSeconds, 1)} s`);

  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  cleanup.add(() => agent.destroy());
  const base = `http://127.0.0.1:${PORT}/api/v1`;
  const keys = await registerPartners(base, agent);

  const warmup = await drive(base, agent, keys, uins, strangers, WARMUP_SECONDS);
  console.log(`Warm-up: ${fmt(warmup.requests / warmup.seconds)} verifications/s`);
  const loadDuring = loadavg();
  const serverCpuBefore = processCpuMs(server.pid!) ?? 0;
  const selfCpuBefore = process.cpuUsage();
  const postgresCpu = await measureCpu(async () => pidsNamed('postgres'));
  const result = await drive(base, agent, keys, uins, strangers, SECONDS);
  const postgresCpuMs = await postgresCpu.stop();
  const serverCpuMs = (processCpuMs(server.pid!) ?? 0) - serverCpuBefore;
  const self = process.cpuUsage(selfCpuBefore);
  const loaderCpuMs = (self.user + self.system) / 1000;

  const logged = new pg.Client({ connectionString: scratch.url });
  await logged.connect();
  const transactions = Number(
    (await logged.query<{ n: string }>('select count(*) as n from identity.transactions')).rows[0]!.n,
  );
  await logged.end();
  const baselineSeconds = Math.max(3, Math.round(SECONDS / 4));
  const httpPerSecond = await httpCeiling(agent, baselineSeconds);
  console.log(`GET /health/live, same clients: ${fmt(httpPerSecond)} requests/s`);
  const sqlPerSecond = await sqlCeiling(scratch.url, uins, baselineSeconds);
  console.log(`The SQL of a verification alone (${SERVER_POOL} connections): ${fmt(sqlPerSecond)}/s`);

  await stopServer(server);

  started = performance.now();
  const bench = await pgbench(cleanup);
  console.log(`pgbench -S: ${fmt(bench.tps)} tps (${fmt((performance.now() - started) / 1000, 0)} s with init)`);

  const sorted = [...result.latencies].sort((a, b) => a - b);
  const perSecond = result.requests / result.seconds;
  const summary = {
    verificationsPerSecond: perSecond,
    requests: result.requests,
    seconds: result.seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    errors: result.errors,
    wrongAnswers: result.wrongAnswers,
    matchRate: result.matches / Math.max(1, result.requests),
    statuses: result.statuses,
    transactionsLogged: transactions,
    cpu: {
      serverPercentOfOneCore: (serverCpuMs / (result.seconds * 1000)) * 100,
      loadGeneratorPercentOfOneCore: (loaderCpuMs / (result.seconds * 1000)) * 100,
      allPostgresProcessesPercentOfOneCore: (postgresCpuMs / (result.seconds * 1000)) * 100,
    },
    ceilings: { healthLivePerSecond: httpPerSecond, sqlOnlyPerSecond: sqlPerSecond, seconds: baselineSeconds },
    pgbenchSelectOnlyTps: bench.tps,
    ratioToPgbench: perSecond / bench.tps,
    targetMet: perSecond >= TARGET_PER_SECOND && percentile(sorted, 95) < TARGET_P95_MS,
  };

  console.log('');
  console.log(
    table(
      ['identities', 'verifications/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'wrong', 'pgbench -S tps', 'ratio'],
      [
        [
          fmt(IDENTITIES),
          fmt(perSecond),
          fmt(summary.p50, 1),
          fmt(summary.p95, 1),
          fmt(summary.p99, 1),
          fmt(result.errors),
          fmt(result.wrongAnswers),
          fmt(bench.tps),
          `${fmt(summary.ratioToPgbench * 100, 1)}%`,
        ],
      ],
    ),
  );
  console.log('');
  console.log(
    `CPU during the measurement (% of one core): server ${fmt(summary.cpu.serverPercentOfOneCore)}, load generator ` +
      `${fmt(summary.cpu.loadGeneratorPercentOfOneCore)}, all postgres processes on the machine ` +
      `${fmt(summary.cpu.allPostgresProcessesPercentOfOneCore)}`,
  );
  console.log(`Load average during: ${loadDuring.map((value) => value.toFixed(2)).join(' ')}`);
  console.log(
    `Target ${TARGET_PER_SECOND}/s with p95 < ${TARGET_P95_MS} ms: ${summary.targetMet ? 'met' : 'not met'}; ` +
      `MOSIP's published figure: 50/s. ${transactions.toLocaleString('en')} verifications logged.`,
  );
  saveResults('identity-verify', {
    name: 'identity-verify',
    revision: gitRevision(),
    date: new Date().toISOString(),
    machine: machine(),
    postgres: version,
    loadAverageBefore: loadBefore,
    loadAverageDuring: loadDuring,
    identities: IDENTITIES,
    clients: CLIENTS,
    partners: PARTNERS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    serverPoolSize: SERVER_POOL,
    synchronousCommit: SYNCHRONOUS_COMMIT ?? 'server default',
    setup: { generateSeconds, loadSeconds },
    warmup: { verificationsPerSecond: warmup.requests / warmup.seconds, errors: warmup.errors },
    result: summary,
    pgbench: { clients: PGBENCH_CLIENTS, scale: PGBENCH_SCALE, seconds: SECONDS, tps: bench.tps },
  });
}

const cleanup = cleanupRegistry();
await runThenCleanUp(() => main(cleanup), cleanup);
