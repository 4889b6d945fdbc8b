/**
 * Start-to-ready of the real command: `node bin/civitas.js serve --services all` in development mode (default
 * seeding), from spawn until GET /health/ready answers 200 (polled every 10 ms), then SIGTERM → exit.
 *
 *   cold            empty data directory: PGlite initdb, migrations and seeding
 *   warm            the same data directory again
 *   PostgreSQL      DATABASE_URL pointing to a fresh database: a first start (migrations and seeding), then warm
 *
 * Then, unless --no-breakdown, where a warm start spends its time: a few traced starts (a preload module times
 * PGlite/PostgreSQL, queries, lazily required packages and listen) and the import time of each package the bundle
 * imports, each in a fresh process.
 *
 * Usage: npm run bench:start [-- --cold-runs 3 --warm-runs 5 --no-postgres --no-breakdown]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  ADMIN_DATABASE_URL,
  cleanupRegistry,
  createScratchDatabase,
  epochNow,
  fmt,
  gitRevision,
  machine,
  median,
  ROOT,
  serverVersion,
  summarize,
  table,
  writeResults,
  type Summary,
} from './lib.js';

const BIN = join(ROOT, 'bin', 'civitas.js');
const BUNDLE = join(ROOT, 'dist', 'civitas.mjs');
const TARGET_WARM_MS = 1500;
const POLL_MS = 10;
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

const { values: options } = parseArgs({
  options: {
    'cold-runs': { type: 'string', default: '3' },
    'warm-runs': { type: 'string', default: '5' },
    'trace-runs': { type: 'string', default: '3' },
    'no-postgres': { type: 'boolean', default: false },
    'no-breakdown': { type: 'boolean', default: false },
    /** Extra node options for every start, e.g. --node-args=--liftoff-only, to try a change without editing src/. */
    'node-args': { type: 'string', default: '' },
  },
});
const COLD_RUNS = Number(options['cold-runs']);
const WARM_RUNS = Number(options['warm-runs']);
const TRACE_RUNS = Number(options['trace-runs']);
const NODE_ARGS = options['node-args'].split(' ').filter(Boolean);

const cleanup = cleanupRegistry();
const children = new Set<import('node:child_process').ChildProcess>();
cleanup.add(() => {
  for (const child of children) child.kill('SIGKILL');
});

// ---------------------------------------------------------------------------------------------------------------------
// The bundle: bin/civitas.js rebuilds dist/civitas.mjs when a source is newer. Other people edit src/ while this runs,
// so freshness is checked before every start and a rebuild happens outside the measured time.

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh(): boolean {
  try {
    const built = statSync(BUNDLE).mtimeMs;
    return built >= newestSource(join(ROOT, 'src')) && built >= statSync(join(ROOT, 'package.json')).mtimeMs;
  } catch {
    return false;
  }
}

let rebuildsDuringRun = 0;

/** Runs `civitas --help` (which rebuilds a stale bundle) until the bundle is fresh; returns the ms it took. */
function ensureBundle(): { rebuilt: boolean; ms: number } {
  const rebuilt = !bundleIsFresh();
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`civitas --help failed:\n${result.stdout}\n${result.stderr}`);
  if (!bundleIsFresh()) throw new Error('dist/civitas.mjs is still older than src/ after a build');
  return { rebuilt, ms: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------------------------------
// One start.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function getStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

interface StartOptions {
  readonly dataDir: string;
  readonly env?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
}

interface StartResult {
  /** spawn → first 200 from /health/ready */
  readonly readyMs: number;
  /** SIGTERM → process exit */
  readonly stopMs: number;
  readonly exit: number | string;
  readonly polls: number;
  /** Epoch ms of the spawn and of the first 200, to line up with the child's own clock. */
  readonly spawnedAt: number;
  readonly readyAt: number;
  readonly migrated: boolean;
  readonly seeded: boolean;
  readonly output: string;
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A clean environment, as an operator's shell would have: no CIVITAS_* or DATABASE_URL from ours.
  return { PATH: process.env.PATH, HOME: process.env.HOME, CIVITAS_ENV: 'development', ...extra };
}

/** A start that ended by a signal this script did not send (others share the machine). */
class KilledFromOutside extends Error {}

let retriedStarts = 0;

/** One start; a start killed by a signal we did not send is retried (twice at most) and counted. */
async function startOnce(start: StartOptions): Promise<StartResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startAttempt(start);
    } catch (error) {
      if (!(error instanceof KilledFromOutside) || attempt >= 3) throw error;
      retriedStarts += 1;
      console.error(`  (${error.message}; retrying)`);
    }
  }
}

async function startAttempt(start: StartOptions): Promise<StartResult> {
  if (!bundleIsFresh()) {
    ensureBundle();
    rebuildsDuringRun += 1;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/health/ready`;
  const args = [
    ...NODE_ARGS,
    ...(start.nodeArgs ?? []),
    BIN,
    'serve',
    '--services',
    'all',
    '--port',
    String(port),
    '--host',
    '127.0.0.1',
    '--data-dir',
    start.dataDir,
  ];
  const spawnedAt = epochNow();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: childEnv(start.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitedAt: number | undefined;
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      exitedAt = epochNow();
      children.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );

  let polls = 0;
  let readyAt: number | undefined;
  try {
    for (let next = spawnedAt; ;) {
      if (exitedAt !== undefined) {
        const code = await exited;
        if (typeof code === 'string') throw new KilledFromOutside(`civitas was killed by ${code} before it was ready`);
        throw new Error(`civitas exited (${code}) before it was ready:\n${output}`);
      }
      if (epochNow() - spawnedAt > READY_TIMEOUT_MS)
        throw new Error(`not ready after ${READY_TIMEOUT_MS} ms:\n${output}`);
      polls += 1;
      if ((await getStatus(url)) === 200) {
        readyAt = epochNow();
        break;
      }
      next += POLL_MS;
      const wait = next - epochNow();
      if (wait > 0) await sleep(wait);
      else next = epochNow();
    }
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }

  const termAt = epochNow();
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const exit = await exited;
  clearTimeout(killer);
  return {
    readyMs: readyAt - spawnedAt,
    stopMs: exitedAt! - termAt,
    exit,
    polls,
    spawnedAt,
    readyAt,
    migrated: output.includes('"msg":"migrated"'),
    seeded: output.includes('seeded the country configuration'),
    output,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Breakdown: a preload module (node --import) that timestamps what a start does, without touching src/.

const TRACE_MODULE = (pgliteUrl: string, packageJson: string) => `
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const file = process.env.BENCH_TRACE_FILE;
const now = () => performance.timeOrigin + performance.now();
const write = (record) => appendFileSync(file, JSON.stringify(record) + '\\n');
const mark = (name) => write({ kind: 'mark', name, at: now() });
write({ kind: 'origin', at: performance.timeOrigin, bootstrapComplete: performance.nodeTiming.bootstrapComplete });
mark('preload');

const require = createRequire(${JSON.stringify(packageJson)});
const Module = require('node:module');
// Outermost CommonJS loads (an ESM import of a CommonJS package goes through Module._load too), by package.
const originalLoad = Module._load;
let depth = 0;
Module._load = function (request, parent, isMain) {
  if (depth > 0) return originalLoad.apply(this, arguments);
  const started = now();
  depth += 1;
  try {
    return originalLoad.apply(this, arguments);
  } finally {
    depth -= 1;
    const ms = now() - started;
    if (ms >= 2) write({ kind: 'cjs', request: String(request), at: started, ms });
  }
};

const timeQueries = (proto, label) => {
  const original = proto.query;
  proto.query = function (...args) {
    const started = now();
    const result = original.apply(this, args);
    if (result && typeof result.then === 'function') {
      result.then(() => write({ kind: 'query', db: label, at: started, ms: now() - started }), () => undefined);
    }
    return result;
  };
};

const { PGlite } = await import(${JSON.stringify(pgliteUrl)});
const create = PGlite.create;
PGlite.create = async function (...args) {
  mark('db.open.start');
  try {
    return await create.apply(this, args);
  } finally {
    mark('db.open.end');
  }
};
timeQueries(PGlite.prototype, 'pglite');

const pg = require('pg');
const connect = pg.Client.prototype.connect;
let firstConnect = true;
pg.Client.prototype.connect = function (...args) {
  const first = firstConnect;
  firstConnect = false;
  if (!first) return connect.apply(this, args);
  mark('db.open.start');
  const callback = args[args.length - 1];
  if (typeof callback === 'function') {
    args[args.length - 1] = function (...results) {
      mark('db.open.end');
      return callback.apply(this, results);
    };
  }
  const result = connect.apply(this, args);
  if (result && typeof result.then === 'function') result.then(() => mark('db.open.end'), () => undefined);
  return result;
};
timeQueries(pg.Client.prototype, 'postgres');

const http = require('node:http');
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  mark('listen.call');
  this.once('listening', () => mark('listening'));
  return listen.apply(this, args);
};
mark('preload.done');
`;

interface TraceRecord {
  readonly kind: 'origin' | 'mark' | 'cjs' | 'query';
  readonly at: number;
  readonly name?: string;
  readonly request?: string;
  readonly ms?: number;
  readonly db?: string;
  readonly bootstrapComplete?: number;
}

interface Phases {
  readonly 'spawn → process start': number;
  readonly 'node bootstrap': number;
  readonly 'trace preload (not in normal starts)': number;
  readonly 'load bundle + packages, config': number;
  readonly 'open database': number;
  readonly 'migrate check, seed check, relay, HTTP server, routes': number;
  readonly '  of which database queries': number;
  readonly '  of which lazily required packages': number;
  readonly listen: number;
  readonly 'listening → first 200 (incl. poll interval)': number;
  readonly total: number;
}

function packageOf(request: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(request);
  return match ? match[1]! : request.replace(ROOT, '');
}

async function tracedStart(
  dataDir: string,
  env: Record<string, string>,
  preload: string,
  traceFile: string,
): Promise<{ phases: Phases; lazy: Record<string, number>; result: StartResult }> {
  writeFileSync(traceFile, '');
  const result = await startOnce({
    dataDir,
    env: { ...env, BENCH_TRACE_FILE: traceFile },
    nodeArgs: ['--import', preload],
  });
  const records = readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TraceRecord);
  const origin = records.find((record) => record.kind === 'origin')!;
  const mark = (name: string) => {
    const found = records.find((record) => record.kind === 'mark' && record.name === name);
    if (!found) throw new Error(`trace has no ${name} mark:\n${result.output}`);
    return found.at;
  };
  const openEnd = mark('db.open.end');
  const listenCall = mark('listen.call');
  const between = (record: TraceRecord) => record.at >= openEnd && record.at < listenCall;
  const queries = records.filter((record) => record.kind === 'query' && between(record));
  const lazyLoads = records.filter((record) => record.kind === 'cjs' && between(record));
  const lazy: Record<string, number> = {};
  for (const load of lazyLoads) lazy[packageOf(load.request!)] = (lazy[packageOf(load.request!)] ?? 0) + load.ms!;
  const phases: Phases = {
    'spawn → process start': origin.at - result.spawnedAt,
    'node bootstrap': mark('preload') - origin.at,
    'trace preload (not in normal starts)': mark('preload.done') - mark('preload'),
    'load bundle + packages, config': mark('db.open.start') - mark('preload.done'),
    'open database': openEnd - mark('db.open.start'),
    'migrate check, seed check, relay, HTTP server, routes': listenCall - openEnd,
    '  of which database queries': queries.reduce((sum, query) => sum + query.ms!, 0),
    '  of which lazily required packages': lazyLoads.reduce((sum, load) => sum + load.ms!, 0),
    listen: mark('listening') - listenCall,
    'listening → first 200 (incl. poll interval)': result.readyAt - mark('listening'),
    total: result.readyMs,
  };
  return { phases, lazy, result };
}

/** Import time of each package the bundle imports, each in a fresh process (median of `runs`). */
function packageImportTimes(runs: number): Array<{ name: string; ms: number }> {
  const bundle = readFileSync(BUNDLE, 'utf8');
  const packages = [
    ...new Set([...bundle.matchAll(/^import\s[^;]*?\sfrom\s*"([^"]+)";/gm)].map((match) => match[1]!)),
  ].filter((name) => !name.startsWith('node:'));
  const timeImport = (specifiers: readonly string[]) => {
    const code = `const t = performance.now(); ${specifiers.map((name) => `await import(${JSON.stringify(name)});`).join(' ')} console.log(performance.now() - t);`;
    const samples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`importing ${specifiers.join(', ')} failed: ${result.stderr}`);
      samples.push(Number(result.stdout.trim()));
    }
    return median(samples);
  };
  const rows = packages.map((name) => ({ name, ms: timeImport([name]) })).sort((a, b) => b.ms - a.ms);
  rows.push({ name: 'all of the above, in one process', ms: timeImport(packages) });
  return rows;
}

/** Wall time of a whole command, median of `runs`. */
function commandTime(args: readonly string[], runs: number): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
    samples.push(performance.now() - started);
  }
  return median(samples);
}

// ---------------------------------------------------------------------------------------------------------------------

interface Scenario {
  readonly label: string;
  readonly runs: readonly StartResult[];
  readonly ready: Summary;
  readonly stop: Summary;
}

function scenario(label: string, runs: readonly StartResult[]): Scenario {
  return {
    label,
    runs,
    ready: summarize(runs.map((run) => run.readyMs)),
    stop: summarize(runs.map((run) => run.stopMs)),
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), 'civitas-bench-start-'));
  cleanup.add(() => rmSync(tmp, { recursive: true, force: true }));

  const build = ensureBundle();
  const buildNote = build.rebuilt
    ? `dist/civitas.mjs was stale and was rebuilt by a first \`civitas --help\` (${fmt(build.ms)} ms) before measuring; the build is not counted.`
    : `dist/civitas.mjs was up to date (a first \`civitas --help\` ran in ${fmt(build.ms)} ms before measuring); no build is counted.`;
  console.log(`Civitas start-to-ready: node bin/civitas.js serve --services all, CIVITAS_ENV=development`);
  console.log(
    `Measured from spawn until GET /health/ready answers 200 (polled every ${POLL_MS} ms); then SIGTERM → exit.`,
  );
  console.log(`${buildNote} Revision ${gitRevision()}.`);
  if (NODE_ARGS.length > 0) console.log(`Extra node options for every start: ${NODE_ARGS.join(' ')}`);
  console.log(`Load average before: ${loadBefore.map((value) => value.toFixed(2)).join(' ')} (${machine().cpus} CPUs)`);
  console.log('');

  if (COLD_RUNS < 1)
    throw new Error('--cold-runs must be at least 1: the warm runs reuse the first cold data directory');
  const scenarios: Scenario[] = [];
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    console.error(`  warning: ${message}`);
  };
  const progress = (label: string, run: StartResult) =>
    console.error(`  ${label}: ready ${fmt(run.readyMs)} ms, stop ${fmt(run.stopMs)} ms, exit ${run.exit}`);

  // Cold: every run gets an empty data directory; the first one is reused for the warm runs.
  const pgliteDir = join(tmp, 'cold-0');
  const cold: StartResult[] = [];
  for (let index = 0; index < COLD_RUNS; index += 1) {
    const dataDir = join(tmp, `cold-${index}`);
    const run = await startOnce({ dataDir });
    if (!run.seeded || !run.migrated) warn(`a cold start did not log "migrated" and "seeded"`);
    progress('cold PGlite', run);
    cold.push(run);
    if (index > 0) rmSync(dataDir, { recursive: true, force: true });
  }
  scenarios.push(scenario('cold, PGlite (initdb + migrate + seed)', cold));

  const warm: StartResult[] = [];
  for (let index = 0; index < WARM_RUNS; index += 1) {
    const run = await startOnce({ dataDir: pgliteDir });
    if (run.seeded || run.migrated) warn('a warm PGlite start migrated or seeded');
    progress('warm PGlite', run);
    warm.push(run);
  }
  scenarios.push(scenario('warm, PGlite', warm));

  let postgres: { url: string; version: string } | undefined;
  if (!options['no-postgres']) {
    const database = await createScratchDatabase('civitas_bench_start');
    cleanup.add(() => database.drop());
    postgres = { url: database.url, version: await serverVersion(ADMIN_DATABASE_URL) };
    const env = { DATABASE_URL: database.url };
    const first = await startOnce({ dataDir: join(tmp, 'pg'), env });
    progress('first start PostgreSQL', first);
    if (!first.seeded || !first.migrated) warn('the first PostgreSQL start did not log "migrated" and "seeded"');
    scenarios.push(scenario('first start, PostgreSQL (migrate + seed)', [first]));
    const warmPg: StartResult[] = [];
    for (let index = 0; index < WARM_RUNS; index += 1) {
      const run = await startOnce({ dataDir: join(tmp, 'pg'), env });
      progress('warm PostgreSQL', run);
      warmPg.push(run);
    }
    scenarios.push(scenario('warm, PostgreSQL', warmPg));
  }

  const rows = scenarios.map((s) => [
    s.label,
    String(s.ready.n),
    fmt(s.ready.min),
    fmt(s.ready.median),
    fmt(s.ready.max),
    fmt(s.stop.min),
    fmt(s.stop.median),
    fmt(s.stop.max),
  ]);
  console.log(table(['scenario', 'runs', 'ready min', 'median', 'max', 'SIGTERM→exit min', 'median', 'max'], rows));
  console.log('(milliseconds)');
  const warmMedian = scenarios.find((s) => s.label === 'warm, PGlite')!.ready.median;
  const warmPgMedian = scenarios.find((s) => s.label === 'warm, PostgreSQL')?.ready.median;
  const verdict = (value: number | undefined) =>
    value === undefined
      ? 'not measured'
      : value < TARGET_WARM_MS
        ? 'met'
        : `NOT met (${fmt(value / TARGET_WARM_MS, 1)}x)`;
  console.log('');
  console.log(`Target: warm start-to-ready under ${TARGET_WARM_MS} ms (median).`);
  console.log(`  PGlite:     ${fmt(warmMedian)} ms → ${verdict(warmMedian)}`);
  console.log(`  PostgreSQL: ${fmt(warmPgMedian)} ms → ${verdict(warmPgMedian)}`);

  // Where a warm start spends its time.
  let breakdown: Record<string, unknown> | undefined;
  if (!options['no-breakdown']) {
    console.log('');
    console.log('Breakdown of a warm start (traced starts, median per phase; a preload module adds the marks):');
    const pgliteUrl = import.meta.resolve('@electric-sql/pglite');
    const preload = join(tmp, 'trace.mjs');
    writeFileSync(preload, TRACE_MODULE(pgliteUrl, join(ROOT, 'package.json')));
    const traceFile = join(tmp, 'trace.ndjson');
    const runKinds: Array<{ label: string; dataDir: string; env: Record<string, string> }> = [
      { label: 'PGlite', dataDir: pgliteDir, env: {} },
    ];
    if (postgres) runKinds.push({ label: 'PostgreSQL', dataDir: join(tmp, 'pg'), env: { DATABASE_URL: postgres.url } });
    const perKind: Record<string, { phases: Record<string, number>; lazy: Record<string, number> }> = {};
    for (const kind of runKinds) {
      const traced: Array<Awaited<ReturnType<typeof tracedStart>>> = [];
      for (let index = 0; index < TRACE_RUNS; index += 1) {
        const run = await tracedStart(kind.dataDir, kind.env, preload, traceFile);
        progress(`traced ${kind.label}`, run.result);
        traced.push(run);
      }
      const names = Object.keys(traced[0]!.phases) as Array<keyof Phases>;
      const lazyNames = [...new Set(traced.flatMap((run) => Object.keys(run.lazy)))];
      perKind[kind.label] = {
        phases: Object.fromEntries(names.map((name) => [name, median(traced.map((run) => run.phases[name]))])),
        lazy: Object.fromEntries(lazyNames.map((name) => [name, median(traced.map((run) => run.lazy[name] ?? 0))])),
      };
    }
    const phaseNames = Object.keys(perKind.PGlite!.phases);
    console.log(
      table(
        ['phase (ms)', ...runKinds.map((kind) => `warm ${kind.label}`)],
        phaseNames.map((name) => [name, ...runKinds.map((kind) => fmt(perKind[kind.label]!.phases[name]))]),
      ),
    );
    const lazy = Object.entries(perKind.PGlite!.lazy)
      .filter(([, ms]) => ms >= 5)
      .sort((a, b) => b[1] - a[1]);
    if (lazy.length > 0) {
      console.log(
        `Packages first required after the database opened (PGlite run): ${lazy.map(([name, ms]) => `${name} ${fmt(ms)} ms`).join(', ')}`,
      );
    }

    console.log('');
    console.log('Module loading, each in a fresh process (median of 3):');
    const nodeOnly = commandTime(['-e', '0'], 3);
    const helpViaBin = commandTime([BIN, '--help'], 3);
    const helpDirect = commandTime([BUNDLE, '--help'], 3);
    const imports = packageImportTimes(3);
    console.log(
      table(
        ['what', 'ms'],
        [
          ['node -e 0 (bare Node start and exit)', fmt(nodeOnly)],
          ['node bin/civitas.js --help (freshness check, bundle, all packages)', fmt(helpViaBin)],
          ['node dist/civitas.mjs --help (bundle, all packages)', fmt(helpDirect)],
          ...imports.map((row) => [`  import ${row.name}`, fmt(row.ms)]),
        ],
      ),
    );
    breakdown = { traced: perKind, commands: { nodeOnly, helpViaBin, helpDirect }, imports };
  }

  if (rebuildsDuringRun > 0) {
    console.log('');
    console.log(
      `Note: src/ changed while this ran; the bundle was rebuilt ${rebuildsDuringRun} time(s) between starts (not measured).`,
    );
  }

  for (const message of new Set(warnings)) console.log(`Warning: ${message}.`);
  if (retriedStarts > 0) {
    console.log(`Note: ${retriedStarts} start(s) were killed by a signal from outside this script and were repeated.`);
  }

  const file = writeResults('startup', {
    name: 'startup',
    revision: gitRevision(),
    date: startedAt.toISOString(),
    machine: machine(),
    postgres: postgres ? { version: postgres.version } : undefined,
    method: {
      command: 'node bin/civitas.js serve --services all --port <free> --host 127.0.0.1 --data-dir <tmp>',
      env: 'CIVITAS_ENV=development (default seeding)',
      readiness: `GET /health/ready polled every ${POLL_MS} ms from spawn`,
      build: buildNote,
      rebuildsDuringRun,
      retriedStarts,
      warnings,
      nodeArgs: NODE_ARGS,
    },
    loadAverage: { before: loadBefore, after: loadavg() },
    target: { warmMs: TARGET_WARM_MS, pglite: verdict(warmMedian), postgres: verdict(warmPgMedian) },
    scenarios: scenarios.map((s) => ({
      label: s.label,
      readyMs: s.ready,
      stopMs: s.stop,
      runs: s.runs.map(({ readyMs, stopMs, exit, polls, migrated, seeded }) => ({
        readyMs,
        stopMs,
        exit,
        polls,
        migrated,
        seeded,
      })),
    })),
    breakdown,
  });
  console.log('');
  console.log(`Results: ${file.replace(ROOT, '')}`);
}

try {
  await main();
} finally {
  await cleanup.run();
}
