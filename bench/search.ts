/**
 * Search benchmark, on PostgreSQL: a fresh database gets the demo country (from `civitas serve` in development mode)
 * and --records synthetic births (src/core/population, seeded) written straight into registry.records with their
 * folded state, as an import would leave them; then the real `reindex()` builds the search index (timed: records/s)
 * and VACUUM ANALYZE readies it. Then quick and advanced searches drawn from the data (names with typing errors,
 * swapped or missing middle names; tracking IDs, registration numbers, national IDs) run at a few concurrency
 * levels, calling the query functions directly and over HTTP against `civitas serve`, as a national registrar and
 * (direct only) as the local registrar of the record's district. Prints p50/p95/p99 and queries/s per kind and
 * writes bench/results/search-<timestamp>.json.
 *
 *   node --import tsx bench/search.ts [--records 1000000] [--queries 300] [--concurrency 1,4,16]
 *     [--keep] (leave the database)  [--database <name>] (measure an existing one; add --reindex to rebuild)
 *     [--direct-only] (no HTTP)
 */
import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/core/db/open.js';
import { readCountryAreas } from '../src/core/population/birth-areas.js';
import { toBirthDeclaration } from '../src/core/population/declaration.js';
import { generatePopulation } from '../src/core/population/generate.js';
import { seededRandom } from '../src/core/population/random.js';
import { advancedSearch } from '../src/services/search/queries/advanced-search.js';
import { quickSearch } from '../src/services/search/queries/quick-search.js';
import { reindex } from '../src/services/search/reindex.js';
import { searchDb } from '../src/services/search/repository.js';
import {
  ADMIN_DATABASE_URL,
  cleanupRegistry,
  createScratchDatabase,
  fmt,
  loadAverageLine,
  machine,
  percentile,
  ROOT,
  runThenCleanUp,
  saveResults,
  serverVersion,
  table,
  withClient,
} from './lib.js';
import { localOf, makeQueries, national, sampleRecords, type Query } from './search/queries.js';
import { httpRequest, startServer, stopServer } from './server.js';

const { values: options } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '1,4,16' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string' },
    reindex: { type: 'boolean', default: false },
    'direct-only': { type: 'boolean', default: false },
  },
});
const RECORDS = Number(options.records);
const QUERIES = Number(options.queries);
const CONCURRENCY = options.concurrency.split(',').map(Number);
const PORT = 18_900 + (process.pid % 500);
const BATCH = 2000;

const cleanup = cleanupRegistry();

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function serverEnv(url: string, dataDir: string): Record<string, string> {
  return {
    CIVITAS_ENV: 'development',
    CIVITAS_SERVICES: 'config,auth,registry,search',
    CIVITAS_DATA_DIR: dataDir,
    CIVITAS_AUTH_DEVELOPMENT_CODE: '000000',
    CIVITAS_AUTH_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '100000',
    CIVITAS_DATABASE_POOL_SIZE: '20',
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
  };
}

/** Polls `probe` every 200 ms until it is true, at most `seconds`. */
async function until(what: string, probe: () => Promise<boolean>, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// ---- loading -------------------------------------------------------------------------------------------------

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** The n-th tracking ID: a bijection of n onto 7 characters (so all differ), and the registry's check character. */
function trackingId(n: number): string {
  let value = (BigInt(n) * 2_654_435_761n) % 31n ** 7n;
  let body = '';
  for (let i = 0; i < 7; i++) {
    body = ALPHABET[Number(value % 31n)]! + body;
    value /= 31n;
  }
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (i + 1) * ALPHABET.indexOf(body[i]!);
  for (let c = 0; c < 31; c++) if ((sum + 8 * c) % 31 === 0) return body + ALPHABET[c]!;
  throw new Error('unreachable');
}

async function loadRegistry(url: string, count: number): Promise<number> {
  const started = performance.now();
  const meta = await withClient(url, async (client) => {
    const areas = await client.query<{ code: string; parent_code: string | null }>(
      'select code, parent_code from registry.areas',
    );
    const offices = await client.query<{ code: string; area: string }>(
      `select code, area_path->>0 as area from auth.offices`,
    );
    const form = await client.query<{ version: number }>(
      `select max(version)::int as version from registry.event_types where id = 'birth'`,
    );
    return { areas: areas.rows, offices: offices.rows, formVersion: form.rows[0]!.version };
  });
  const parent = new Map(meta.areas.map((area) => [area.code, area.parent_code]));
  const officeOf = new Map(meta.offices.map((office) => [office.area, office.code]));
  const pathOf = (code: string) => {
    const path = [code];
    for (let up = parent.get(code); up; up = parent.get(up)) path.push(up);
    return path;
  };
  const random = seededRandom('bench-search-statuses');
  const sequences = new Map<string, number>();
  const clients = await Promise.all([0, 1].map(() => new pg.Client({ connectionString: url })));
  await Promise.all(clients.map((client) => client.connect()));
  const inFlight: Promise<unknown>[] = [];
  let rows: unknown[] = [];
  let n = 0;
  let batches = 0;
  const flush = async () => {
    const json = JSON.stringify(rows);
    rows = [];
    const client = clients[batches++ % clients.length]!;
    if (inFlight.length >= clients.length) await inFlight.shift();
    inFlight.push(
      client.query(
        `insert into registry.records (id, tracking_id, event_type, form_version, status, registration_number,
           area_code, area_path, office, created_by, version, data, state, created_at, updated_at)
         select id, tracking_id, 'birth', $2, status, registration_number, area_code, area_path, office, created_by,
           version, data, state, created_at, updated_at
         from jsonb_to_recordset($1::jsonb) as x(id uuid, tracking_id text, status text, registration_number text,
           area_code text, area_path jsonb, office text, created_by uuid, version int, data jsonb, state jsonb,
           created_at timestamptz, updated_at timestamptz)`,
        [json, meta.formVersion],
      ),
    );
  };
  const clerk = randomUUID();
  for (const birth of generatePopulation({
    seed: 2026,
    count,
    areas: readCountryAreas(join(ROOT, 'countries/demo')),
  })) {
    n += 1;
    const data = toBirthDeclaration(birth);
    const district = birth.child.birthDistrict;
    const roll = random.int(100);
    const status = roll < 85 ? 'REGISTERED' : roll < 95 ? 'VALIDATED' : 'DECLARED';
    const declared = Date.parse(birth.child.birthDate) + (1 + random.int(40)) * 86_400_000;
    const at = new Date(Math.min(declared, Date.parse('2026-01-01'))).toISOString();
    let registrationNumber: string | null = null;
    if (status === 'REGISTERED') {
      const year = at.slice(0, 4);
      const key = `${year}-${district}`;
      const seq = (sequences.get(key) ?? 0) + 1;
      sequences.set(key, seq);
      registrationNumber = `B${year}-${district}-${String(seq).padStart(6, '0')}`;
    }
    const version = status === 'REGISTERED' ? 4 : status === 'VALIDATED' ? 3 : 2;
    rows.push({
      id: randomUUID(),
      tracking_id: trackingId(n),
      status,
      registration_number: registrationNumber,
      area_code: district,
      area_path: pathOf(district),
      office: officeOf.get(district) ?? null,
      created_by: clerk,
      version,
      data,
      state: {
        status,
        data,
        incomplete: false,
        potentialDuplicate: false,
        assignedTo: null,
        registrationNumber,
        registeredAt: registrationNumber ? at : null,
        certificatesPrinted: 0,
        pendingCorrection: null,
        customActions: [],
        rejectionReason: null,
        version,
        createdBy: clerk,
      },
      created_at: at,
      updated_at: at,
    });
    if (rows.length === BATCH) await flush();
    if (n % 100_000 === 0)
      process.stdout.write(`  loaded ${n} records (${fmt((performance.now() - started) / 1000)} s)\n`);
  }
  if (rows.length > 0) await flush();
  await Promise.all(inFlight);
  await Promise.all(clients.map((client) => client.end()));
  await withClient(url, (client) => client.query('vacuum analyze registry.records'));
  return (performance.now() - started) / 1000;
}

interface Measured {
  readonly latencies: Map<string, number[]>;
  readonly seconds: number;
  readonly found: Map<string, number>;
}

/** Runs `queries` with `concurrency` workers; `run` answers how many results a query found. */
async function measure(
  queries: readonly Query[],
  concurrency: number,
  run: (query: Query) => Promise<number>,
): Promise<Measured> {
  const latencies = new Map<string, number[]>();
  const found = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < queries.length; i = next++) {
        const query = queries[i]!;
        const begin = performance.now();
        const total = await run(query);
        const ms = performance.now() - begin;
        if (process.env.BENCH_SEARCH_SLOW && ms > Number(process.env.BENCH_SEARCH_SLOW)) {
          console.log(
            `  slow: ${fmt(ms, 1)} ms ${query.kind} ${query.caller} ${JSON.stringify('quick' in query ? query.quick : query.advanced.names)} ${total}`,
          );
        }
        if (!latencies.has(query.kind)) latencies.set(query.kind, []);
        latencies.get(query.kind)!.push(ms);
        if (total > 0) found.set(query.kind, (found.get(query.kind) ?? 0) + 1);
      }
    }),
  );
  return { latencies, found, seconds: (performance.now() - started) / 1000 };
}

interface Row {
  readonly via: string;
  readonly concurrency: number;
  readonly kind: string;
  readonly n: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly perSecond: number;
  readonly foundShare: number;
}

function rowsOf(via: string, concurrency: number, measured: Measured): Row[] {
  const all = [...measured.latencies.values()].flat();
  const summary = (kind: string, values: number[], found: number): Row => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      via,
      concurrency,
      kind,
      n: values.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      perSecond: kind === 'all' ? all.length / measured.seconds : NaN,
      foundShare: found / values.length,
    };
  };
  const totalFound = [...measured.found.values()].reduce((a, b) => a + b, 0);
  return [
    ...[...measured.latencies].map(([kind, values]) => summary(kind, values, measured.found.get(kind) ?? 0)),
    summary('all', all, totalFound),
  ];
}

async function signIn(base: string, agent: Agent, username: string): Promise<string> {
  const post = async (path: string, body: unknown) => {
    const response = await httpRequest(`${base}${path}`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.statusCode >= 300) throw new Error(`${path}: ${response.statusCode} ${response.body.toString()}`);
    return JSON.parse(response.body.toString()) as Record<string, string>;
  };
  const challenge = await post('/auth/login', { username, password: 'civitas-demo-password' });
  return (await post('/auth/verify', { challengeId: challenge.challengeId, code: '000000' })).accessToken!;
}

// ---- main ----------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(
    `Civitas search benchmark: ${options.database ? `database ${options.database}` : `${RECORDS} synthetic births`}, ` +
      `${QUERIES} queries per kind, concurrency ${CONCURRENCY.join(', ')}`,
  );
  console.log(loadAverageLine(loadavg()));
  const dataDir = mkdtempSync(join(tmpdir(), 'civitas-bench-search-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  let url: string;
  let loadSeconds: number | undefined;
  if (options.database) {
    url = databaseUrl(options.database);
  } else {
    const scratch = await createScratchDatabase('civitas_bench_search');
    if (!options.keep) cleanup.add(() => scratch.drop());
    else console.log(`(keeping database ${scratch.name})`);
    url = scratch.url;
    const server = await startServer(serverEnv(url, dataDir), PORT);
    try {
      await until('the demo country reaches registry and search', async () =>
        withClient(url, async (client) => {
          const { rows } = await client.query<{ ready: boolean }>(`select
            (select count(*) from registry.event_types) >= 3 and (select count(*) from search.event_types) >= 3
            and (select count(*) from auth.offices) > 0 as ready`);
          return rows[0]!.ready;
        }).catch(() => false),
      );
    } finally {
      await stopServer(server);
    }
    loadSeconds = await loadRegistry(url, RECORDS);
    console.log(`Loaded ${RECORDS} records into registry.records in ${fmt(loadSeconds, 1)} s (setup, not measured)`);
  }

  const database: Database = await openDatabase({ url, dataDir, poolSize: 20 });
  cleanup.add(() => database.close());
  let reindexResult:
    { seconds: number; phases: Record<string, number>; indexed: number; vacuumSeconds: number } | undefined;
  if (!options.database || options.reindex) {
    let lastPrint = 0;
    const result = await reindex(database, {
      fresh: true,
      onProgress: ({ done, total }) => {
        if (performance.now() - lastPrint > 10_000) {
          lastPrint = performance.now();
          console.log(`  reindex ${done}/${total}`);
        }
      },
    });
    const vacuumStarted = performance.now();
    await sql`vacuum analyze search.records, search.terms, search.keys, search.name_pairs, search.names, search.name_variants`.execute(
      database.root,
    );
    reindexResult = {
      seconds: result.seconds,
      phases: result.phases,
      indexed: result.indexed,
      vacuumSeconds: (performance.now() - vacuumStarted) / 1000,
    };
    console.log(
      `Reindex: ${result.indexed} records in ${fmt(result.seconds, 1)} s = ${fmt(result.indexed / result.seconds)} ` +
        `records/s (pages ${fmt(result.phases.pages, 1)} s, indexes ${fmt(result.phases.indexes, 1)} s, ` +
        `statistics ${fmt(result.phases.analyze, 1)} s, duplicate models ${fmt(result.phases.models, 1)} s); ` +
        `VACUUM ANALYZE after it ${fmt(reindexResult.vacuumSeconds, 1)} s`,
    );
    console.log(loadAverageLine(loadavg()).replace('before', 'after the reindex'));
  }
  const sizes = await sql<{ name: string; mib: number }>`select c.relname as name,
      round(pg_total_relation_size(c.oid) / 1048576.0)::int as mib, c.reltuples::bigint as rows
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'search' and c.relkind = 'r' and c.relname in ('records', 'terms', 'keys', 'name_pairs', 'names', 'name_variants')
    order by c.relname`.execute(database.root);

  const samples = await sampleRecords(url, QUERIES * 4);
  const queries = makeQueries(samples, QUERIES);
  const db = searchDb(database);
  const direct = async (query: Query) => {
    const caller = query.caller === 'national' ? national : localOf(query.sample);
    if ('quick' in query) return (await quickSearch(db, caller, { q: query.quick, limit: 20, offset: 0 })).page.total;
    return (await advancedSearch(db, caller, query.advanced)).total;
  };
  // Warm the caches once (the first touch of a page reads it from disk); not measured.
  await measure(queries, 4, direct);
  const rows: Row[] = [];
  for (const concurrency of CONCURRENCY)
    rows.push(...rowsOf('direct', concurrency, await measure(queries, concurrency, direct)));
  await database.close();

  if (!options['direct-only']) {
    const server = await startServer(serverEnv(url, dataDir), PORT);
    cleanup.add(() => stopServer(server));
    const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...CONCURRENCY) });
    cleanup.add(() => agent.destroy());
    const base = `http://127.0.0.1:${PORT}/api/v1`;
    const token = await signIn(base, agent, 'n.registrar');
    const overHttp = async (query: Query) => {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const response =
        'quick' in query
          ? await httpRequest(`${base}/search?q=${encodeURIComponent(query.quick)}`, { agent, headers })
          : await httpRequest(`${base}/search/records`, {
              method: 'POST',
              agent,
              headers,
              body: JSON.stringify({ ...query.advanced, statuses: undefined, status: query.advanced.statuses }),
            });
      if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body.toString()}`);
      return (JSON.parse(response.body.toString()) as { total: number }).total;
    };
    await measure(queries, 4, overHttp);
    for (const concurrency of CONCURRENCY)
      rows.push(...rowsOf('http', concurrency, await measure(queries, concurrency, overHttp)));
  }
  console.log('');
  console.log(
    table(
      ['via', 'clients', 'query', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'queries/s', 'found'],
      rows.map((row) => [
        row.via,
        String(row.concurrency),
        row.kind,
        String(row.n),
        fmt(row.p50, 1),
        fmt(row.p95, 1),
        fmt(row.p99, 1),
        fmt(row.perSecond),
        `${fmt(row.foundShare * 100)}%`,
      ]),
    ),
  );
  console.log('');
  console.log(
    table(
      ['search table', 'rows', 'MiB'],
      sizes.rows.map((s) => [s.name, String((s as { rows?: number }).rows ?? ''), String(s.mib)]),
    ),
  );
  saveResults('search', {
    name: 'search',
    date: new Date().toISOString(),
    machine: machine(),
    postgres: await serverVersion(url),
    records: RECORDS,
    loadSeconds,
    reindex: reindexResult,
    queriesPerKind: QUERIES,
    sizes: sizes.rows,
    results: rows,
  });
}

await runThenCleanUp(main, cleanup);
