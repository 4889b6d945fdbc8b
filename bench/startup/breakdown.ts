/**
 * Where a warm start spends its time: a few traced starts (the preload module of trace-preload.ts marks the phases),
 * then the load time of the bundle and of each package it imports, each in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, median, ROOT, table } from '../lib.js';
import { BIN, BUNDLE } from './bundle.js';
import { progress, type Runs } from './runs.js';
import type { Starter, StartResult } from './start.js';
import { TRACE_MODULE } from './trace-preload.js';

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
  starter: Starter,
  dataDir: string,
  env: Record<string, string>,
  preload: string,
  traceFile: string,
): Promise<{ phases: Phases; lazy: Record<string, number>; result: StartResult }> {
  writeFileSync(traceFile, '');
  const result = await starter.start({
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

export interface BreakdownProps {
  readonly starter: Starter;
  readonly tmp: string;
  readonly runs: Runs;
  readonly traceRuns: number;
}

/** Measures and prints the breakdown; returns it for the JSON file. */
export async function runBreakdown({
  starter,
  tmp,
  runs,
  traceRuns,
}: BreakdownProps): Promise<Record<string, unknown>> {
  console.log('');
  console.log('Breakdown of a warm start (traced starts, median per phase; a preload module adds the marks):');
  const pgliteUrl = import.meta.resolve('@electric-sql/pglite');
  const preload = join(tmp, 'trace.mjs');
  writeFileSync(preload, TRACE_MODULE(pgliteUrl, join(ROOT, 'package.json')));
  const traceFile = join(tmp, 'trace.ndjson');
  const runKinds: Array<{ label: string; dataDir: string; env: Record<string, string> }> = [
    { label: 'PGlite', dataDir: runs.pgliteDir, env: {} },
  ];
  if (runs.postgres) {
    runKinds.push({ label: 'PostgreSQL', dataDir: runs.postgres.dataDir, env: { DATABASE_URL: runs.postgres.url } });
  }
  const perKind: Record<string, { phases: Record<string, number>; lazy: Record<string, number> }> = {};
  for (const kind of runKinds) {
    const traced: Array<Awaited<ReturnType<typeof tracedStart>>> = [];
    for (let index = 0; index < traceRuns; index += 1) {
      const run = await tracedStart(starter, kind.dataDir, kind.env, preload, traceFile);
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
  return { traced: perKind, commands: { nodeOnly, helpViaBin, helpDirect }, imports };
}
