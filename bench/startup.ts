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
 *
 * The pieces: startup/bundle.ts (keeping dist/ fresh), startup/start.ts (one start), startup/runs.ts (the measured
 * starts), startup/breakdown.ts with startup/trace-preload.ts, startup/report.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanupRegistry, fmt, runThenCleanUp } from './lib.js';
import { runBreakdown } from './startup/breakdown.js';
import { ensureBundle } from './startup/bundle.js';
import { printIntro, printNotes, printScenarios, saveStartupResults } from './startup/report.js';
import { runStarts } from './startup/runs.js';
import { Starter } from './startup/start.js';

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
const NODE_ARGS = options['node-args'].split(' ').filter(Boolean);

const cleanup = cleanupRegistry();
const starter = new Starter(NODE_ARGS, cleanup);

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), 'civitas-bench-start-'));
  cleanup.add(() => rmSync(tmp, { recursive: true, force: true }));

  const build = ensureBundle();
  const buildNote = build.rebuilt
    ? `dist/civitas.mjs was stale and was rebuilt by a first \`civitas --help\` (${fmt(build.ms)} ms) before measuring; the build is not counted.`
    : `dist/civitas.mjs was up to date (a first \`civitas --help\` ran in ${fmt(build.ms)} ms before measuring); no build is counted.`;
  printIntro(buildNote, NODE_ARGS, loadBefore);

  const runs = await runStarts({
    starter,
    cleanup,
    tmp,
    coldRuns: Number(options['cold-runs']),
    warmRuns: Number(options['warm-runs']),
    withPostgres: !options['no-postgres'],
  });
  const warmMedians = printScenarios(runs.scenarios);

  const breakdown = options['no-breakdown']
    ? undefined
    : await runBreakdown({ starter, tmp, runs, traceRuns: Number(options['trace-runs']) });

  printNotes(starter, runs.warnings);
  saveStartupResults({ startedAt, loadBefore, buildNote, nodeArgs: NODE_ARGS, starter, runs, warmMedians, breakdown });
}

await runThenCleanUp(main, cleanup);
