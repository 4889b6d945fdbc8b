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
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { familyNameCode } from '../src/services/identity/matching.js';
import { generateUins } from '../src/services/identity/numbers/generate.js';
import type { IdentityDb, IdentityTables } from '../src/services/identity/tables.js';
import { transactionLog } from '../src/services/identity/transaction-log.js';
import { verificationStatements } from '../src/services/identity/verification-repository.js';
import {
  ADMIN_DATABASE_URL,
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
// pgbench -S at the same concurrency as the partner clients: -c 50 -j 2 -T 20 at scale 10.
const PGBENCH_CLIENTS = Number(process.env.BENCH_PGBENCH_CLIENTS ?? 50);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 20);
const PGBENCH_SCALE = Number(process.env.BENCH_PGBENCH_SCALE ?? 10);
const SERVER_POOL = Number(process.env.BENCH_SERVER_POOL ?? 10);
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE;
const BASELINES = process.env.BENCH_BASELINES !== '0';
const CLIENT_KIND = process.env.BENCH_CLIENT === 'node' ? 'node' : 'lean';
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
    await client.query('create table public.bench_uins (i integer primary key, uin text not null)');
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
      // The UINs by index, so that a kept database can be reused (the demographics are a function of the index).
      await client.query(
        'insert into public.bench_uins (i, uin) select i - 1 + $2, u from unnest($1::text[]) with ordinality as t(u, i)',
        [slice, from],
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

type Answer = { statusCode: number; body: Buffer };

/**
 * One keep-alive HTTP/1.1 connection sending one request at a time and reading only what the checks need (status
 * line, content-length, body). node:http costs the load generator about as much CPU per request as the server
 * spends, and the two share 2 cores here; this client leaves that CPU to the server.
 */
class LeanConnection {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined;

  constructor(port: number) {
    this.#socket = connect(port, '127.0.0.1');
    this.#socket.setNoDelay(true);
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    const fail = (error: Error) => {
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.reject(error);
    };
    this.#socket.on('error', fail);
    this.#socket.on('close', () => fail(new Error('connection closed')));
  }

  /** `head` is the request line and headers, each ending in CRLF, without content-length. */
  request(head: string, body: string): Promise<Answer> {
    if (this.#socket.destroyed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#socket.write(`${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const end = this.#buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.#buffer.toString('latin1', 0, end);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? Number.NaN);
    if (Number.isNaN(length)) {
      this.#socket.destroy(new Error(`an answer without content-length: ${head.slice(0, 200)}`));
      return;
    }
    if (this.#buffer.length < end + 4 + length) return;
    const body = this.#buffer.subarray(end + 4, end + 4 + length);
    this.#buffer = this.#buffer.subarray(end + 4 + length);
    const pending = this.#pending;
    this.#pending = undefined;
    pending?.resolve({ statusCode: Number(head.slice(9, 12)), body });
  }
}

/** How a client sends one verification: through node:http, or its own lean connection. */
function verificationSender(
  base: string,
  agent: Agent,
  key: string,
): { send(body: string): Promise<Answer>; close(): void } {
  const url = `${base}/identity/verify/demographic`;
  if (CLIENT_KIND === 'node') {
    const headers = { 'content-type': 'application/json', 'x-api-key': key };
    return { send: (body) => httpRequest(url, { method: 'POST', agent, headers, body }), close: () => undefined };
  }
  const connection = new LeanConnection(PORT);
  const head =
    `POST ${new URL(url).pathname} HTTP/1.1\r\nhost: 127.0.0.1:${PORT}\r\n` +
    `content-type: application/json\r\nx-api-key: ${key}\r\n`;
  return { send: (body) => connection.request(head, body), close: () => connection.close() };
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
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const sender = verificationSender(base, agent, keys[client % keys.length]!);
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
          const response = await sender.send(JSON.stringify(body));
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
      sender.close();
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

/**
 * `CLIENTS` clients (of the same kind as the load's) sending GET /health/live for `seconds`: what HTTP and Fastify
 * alone cost on this machine now.
 */
async function httpCeiling(agent: Agent, seconds: number): Promise<number> {
  let requests = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const connection = CLIENT_KIND === 'lean' ? new LeanConnection(PORT) : undefined;
      const head = `GET /health/live HTTP/1.1\r\nhost: 127.0.0.1:${PORT}\r\n`;
      while (performance.now() < deadline) {
        const response = connection
          ? await connection.request(head, '')
          : await httpRequest(`http://127.0.0.1:${PORT}/health/live`, { agent });
        if (response.statusCode === 200) requests += 1;
      }
      connection?.close();
    }),
  );
  return requests / ((performance.now() - started) / 1000);
}

/** Busy and total CPU time of the whole machine so far, in ms (Linux /proc/stat). */
function machineCpuMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  // idle and iowait
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const tick = 1000 / 100;
  return { busy: (total - idle) * tick, total: total * tick };
}

/**
 * The SQL of verifications as the server sends it (the lookup by UIN as a prepared statement, the log rows by group
 * commit with the configured durability; the partner comes from its cache), from `CLIENTS` concurrent loops over a
 * pool as large as the server's, in this process, through the identity service's own statements: what PostgreSQL
 * and the driver alone allow, without HTTP.
 */
async function sqlCeiling(url: string, uins: readonly string[], seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: SERVER_POOL });
  const db = new Kysely<IdentityTables>({ dialect: new PostgresDialect({ pool }) }).withSchema(
    'identity',
  ) as unknown as IdentityDb;
  try {
    const durability = process.env.CIVITAS_IDENTITY_VERIFICATION_LOG_DURABILITY === 'async' ? 'async' : 'sync';
    const statements = verificationStatements(db, { named: true, durability });
    const log = transactionLog({ insert: (entries) => statements.insertTransactions(entries) });
    const { rows } = await pool.query<{ id: string }>('select id from identity.partners');
    let requests = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const partner = rows[client % rows.length]!;
        while (performance.now() < deadline) {
          const uin = uins[Math.floor(Math.random() * uins.length)]!;
          const identity = await statements.identityByUin(uin);
          await log.append({
            id: randomUUID(),
            partnerId: partner.id,
            type: 'demographic',
            result: 'yes',
            reason: null,
            identityId: identity!.id,
            individualIdHash: 'bench',
            idKind: 'uin',
          });
          requests += 1;
        }
      }),
    );
    return requests / ((performance.now() - started) / 1000);
  } finally {
    await db.destroy();
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
  const args = ['-S', '-c', String(PGBENCH_CLIENTS), '-j', String(threads), '-T', String(PGBENCH_SECONDS), '-n'];
  const { stdout } = await run('pgbench', [...args, ...connection, scratch.name]);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1];
  if (!tps) throw new Error(`no tps in pgbench output:\n${stdout}`);
  return { tps: Number(tps), output: stdout };
}

/**
 * The database of the run: a scratch one dropped at the end, or the one BENCH_KEEP_DATABASE names, kept, and reused
 * when it already holds `IDENTITIES` loaded identities (otherwise made again).
 */
async function benchDatabase(cleanup: CleanupRegistry): Promise<{ name: string; url: string; loaded: boolean }> {
  if (!KEEP_DATABASE) {
    const scratch = await createScratchDatabase('civitas_bench_idverify');
    cleanup.add(() => scratch.drop());
    return { name: scratch.name, url: scratch.url, loaded: false };
  }
  if (!/^civitas_bench_[a-z0-9_]+$/.test(KEEP_DATABASE)) {
    throw new Error('BENCH_KEEP_DATABASE must look like civitas_bench_<lower-case letters, digits, _>');
  }
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${KEEP_DATABASE}`;
  const exists = await withClient(ADMIN_DATABASE_URL, async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [KEEP_DATABASE]);
    return found.rowCount === 1;
  });
  const loaded =
    exists &&
    (await withClient(url.toString(), async (client) => {
      const table = await client.query<{ present: boolean }>(
        "select to_regclass('public.bench_uins') is not null as present",
      );
      if (!table.rows[0]!.present) return false;
      const count = await client.query<{ n: number }>('select count(*)::int as n from public.bench_uins');
      return count.rows[0]!.n === IDENTITIES;
    }));
  if (!loaded) {
    await withClient(ADMIN_DATABASE_URL, async (client) => {
      await client.query(`drop database if exists ${KEEP_DATABASE} with (force)`);
      await client.query(`create database ${KEEP_DATABASE}`);
    });
  }
  console.log(`Database ${KEEP_DATABASE} kept${loaded ? ', its identities reused' : ''}`);
  return { name: KEEP_DATABASE, url: url.toString(), loaded };
}

/** The UINs of a kept database by index, its log and bench partners emptied so that every run starts alike. */
async function reuse(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    await client.query('truncate identity.transactions');
    await client.query("delete from identity.partners where name like 'Bench Bank %'");
    await client.query('analyze identity.transactions');
    await client.query('checkpoint');
    const { rows } = await client.query<{ uin: string }>('select uin from public.bench_uins order by i');
    return rows.map((row) => row.uin);
  });
}

async function main(cleanup: CleanupRegistry): Promise<void> {
  const loadBefore = loadavg();
  console.log(
    `Civitas identity verification benchmark, revision ${gitRevision()}; ${IDENTITIES.toLocaleString('en')} ` +
      `identities, ${CLIENTS} clients, ${SECONDS} s after ${WARMUP_SECONDS} s warm-up; ${machine().cpuModel}`,
  );
  console.log(loadAverageLine(loadBefore));

  const scratch = await benchDatabase(cleanup);
  if (SYNCHRONOUS_COMMIT) {
    if (!/^(on|off|local|remote_write|remote_apply)$/.test(SYNCHRONOUS_COMMIT))
      throw new Error('bad synchronous_commit');
    await withClient(scratch.url, (client) =>
      client.query(`alter database ${scratch.name} set synchronous_commit = ${SYNCHRONOUS_COMMIT}`),
    );
    console.log(`synchronous_commit = ${SYNCHRONOUS_COMMIT} for the scratch database`);
  } else if (scratch.loaded) {
    await withClient(scratch.url, (client) => client.query(`alter database ${scratch.name} reset synchronous_commit`));
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
  let uins: string[];
  let strangers: string[];
  let generateSeconds = 0;
  let loadSeconds = 0;
  if (scratch.loaded) {
    uins = await reuse(scratch.url);
    const known = new Set(uins);
    strangers = generateUins(11_000)
      .filter((uin) => !known.has(uin))
      .slice(0, 10_000);
    console.log(
      `Reused ${uins.length.toLocaleString('en')} identities in ${fmt((performance.now() - started) / 1000, 1)} s`,
    );
  } else {
    const all = generateUins(IDENTITIES + 10_000);
    uins = all.slice(0, IDENTITIES);
    strangers = all.slice(IDENTITIES);
    generateSeconds = (performance.now() - started) / 1000;
    console.log(`Generated ${all.length.toLocaleString('en')} UINs in ${fmt(generateSeconds, 1)} s`);
    loadSeconds = await load(scratch.url, uins);
    console.log(`Inserted ${IDENTITIES.toLocaleString('en')} identities and analyzed in ${fmt(loadSeconds, 1)} s`);
  }

  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  cleanup.add(() => agent.destroy());
  const base = `http://127.0.0.1:${PORT}/api/v1`;
  const keys = await registerPartners(base, agent);

  const warmup = await drive(base, agent, keys, uins, strangers, WARMUP_SECONDS);
  console.log(`Warm-up: ${fmt(warmup.requests / warmup.seconds)} verifications/s`);
  const loadDuring = loadavg();
  const serverCpuBefore = processCpuMs(server.pid!) ?? 0;
  const selfCpuBefore = process.cpuUsage();
  const machineBefore = machineCpuMs();
  const postgresCpu = await measureCpu(async () => pidsNamed('postgres'));
  // The backends serving this database: what PostgreSQL spends on the verifications themselves.
  const ourBackendsCpu = await measureCpu(() =>
    withClient(scratch.url, async (client) => {
      const { rows } = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [scratch.name],
      );
      return rows.map((row) => row.pid);
    }),
  );
  const result = await drive(base, agent, keys, uins, strangers, SECONDS);
  const ourBackendsCpuMs = await ourBackendsCpu.stop();
  const postgresCpuMs = await postgresCpu.stop();
  const machineAfter = machineCpuMs();
  const serverCpuMs = (processCpuMs(server.pid!) ?? 0) - serverCpuBefore;
  const self = process.cpuUsage(selfCpuBefore);
  const loaderCpuMs = (self.user + self.system) / 1000;
  const loadAfter = loadavg();
  const machineBusyMs = machineAfter.busy - machineBefore.busy;
  // Everything else the machine did meanwhile (other tests, the lab, PostgreSQL's own background work).
  const otherCpuMs = Math.max(0, machineBusyMs - serverCpuMs - loaderCpuMs - ourBackendsCpuMs);

  const logged = new pg.Client({ connectionString: scratch.url });
  await logged.connect();
  const transactions = Number(
    (await logged.query<{ n: string }>('select count(*) as n from identity.transactions')).rows[0]!.n,
  );
  await logged.end();
  const baselineSeconds = Math.max(3, Math.round(SECONDS / 4));
  let httpPerSecond: number | undefined;
  let sqlPerSecond: number | undefined;
  if (BASELINES) {
    httpPerSecond = await httpCeiling(agent, baselineSeconds);
    console.log(`GET /health/live, same clients: ${fmt(httpPerSecond)} requests/s`);
    sqlPerSecond = await sqlCeiling(scratch.url, uins, baselineSeconds);
    console.log(`The SQL of a verification alone (${SERVER_POOL} connections): ${fmt(sqlPerSecond)}/s`);
  }

  await stopServer(server);

  started = performance.now();
  const bench = BASELINES ? await pgbench(cleanup) : undefined;
  if (bench) {
    console.log(`pgbench -S: ${fmt(bench.tps)} tps (${fmt((performance.now() - started) / 1000, 0)} s with init)`);
  }

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
      ourPostgresBackendsPercentOfOneCore: (ourBackendsCpuMs / (result.seconds * 1000)) * 100,
      allPostgresProcessesPercentOfOneCore: (postgresCpuMs / (result.seconds * 1000)) * 100,
      everythingElsePercentOfOneCore: (otherCpuMs / (result.seconds * 1000)) * 100,
      serverMicrosecondsPerVerification: (serverCpuMs * 1000) / Math.max(1, result.requests),
      postgresMicrosecondsPerVerification: (ourBackendsCpuMs * 1000) / Math.max(1, result.requests),
    },
    ceilings: { healthLivePerSecond: httpPerSecond, sqlOnlyPerSecond: sqlPerSecond, seconds: baselineSeconds },
    pgbenchSelectOnlyTps: bench?.tps,
    ratioToPgbench: bench ? perSecond / bench.tps : undefined,
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
          bench ? fmt(bench.tps) : '-',
          summary.ratioToPgbench === undefined ? '-' : `${fmt(summary.ratioToPgbench * 100, 1)}%`,
        ],
      ],
    ),
  );
  console.log('');
  console.log(
    `CPU during the measurement (% of one core): server ${fmt(summary.cpu.serverPercentOfOneCore)}, load generator ` +
      `${fmt(summary.cpu.loadGeneratorPercentOfOneCore)}, this database's backends ` +
      `${fmt(summary.cpu.ourPostgresBackendsPercentOfOneCore)}, all postgres processes on the machine ` +
      `${fmt(summary.cpu.allPostgresProcessesPercentOfOneCore)}, everything else ` +
      `${fmt(summary.cpu.everythingElsePercentOfOneCore)}; per verification: server ` +
      `${fmt(summary.cpu.serverMicrosecondsPerVerification)} µs, PostgreSQL ` +
      `${fmt(summary.cpu.postgresMicrosecondsPerVerification)} µs`,
  );
  console.log(
    `Load average after warm-up: ${loadDuring.map((value) => value.toFixed(2)).join(' ')}; after the measurement: ` +
      `${loadAfter.map((value) => value.toFixed(2)).join(' ')} (this run itself adds about 3)`,
  );
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
    loadAverageAfter: loadAfter,
    identities: IDENTITIES,
    clients: CLIENTS,
    partners: PARTNERS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    serverPoolSize: SERVER_POOL,
    client: CLIENT_KIND,
    reusedDatabase: scratch.loaded,
    serverSettings: Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name.startsWith('CIVITAS_IDENTITY_')),
    ),
    serverNodeArgs: process.env.BENCH_SERVER_NODE_ARGS ?? '',
    synchronousCommit: SYNCHRONOUS_COMMIT ?? 'server default',
    setup: { generateSeconds, loadSeconds },
    warmup: { verificationsPerSecond: warmup.requests / warmup.seconds, errors: warmup.errors },
    result: summary,
    pgbench: bench
      ? {
          clients: PGBENCH_CLIENTS,
          threads: Math.min(PGBENCH_CLIENTS, machine().cpus),
          scale: PGBENCH_SCALE,
          seconds: PGBENCH_SECONDS,
          tps: bench.tps,
        }
      : undefined,
  });
}

const cleanup = cleanupRegistry();
await runThenCleanUp(() => main(cleanup), cleanup);
