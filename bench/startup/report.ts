/** What bench/startup.ts prints and the JSON it writes. */
import { loadavg } from 'node:os';
import { fmt, gitRevision, loadAverageLine, machine, saveResults, table } from '../lib.js';
import type { Runs, Scenario } from './runs.js';
import { POLL_MS, type Starter } from './start.js';

const TARGET_WARM_MS = 1500;

/** What is measured and how, before anything runs. */
export function printIntro(buildNote: string, nodeArgs: readonly string[], loadBefore: readonly number[]): void {
  console.log(`Civitas start-to-ready: node bin/civitas.js serve --services all, CIVITAS_ENV=development`);
  console.log(
    `Measured from spawn until GET /health/ready answers 200 (polled every ${POLL_MS} ms); then SIGTERM → exit.`,
  );
  console.log(`${buildNote} Revision ${gitRevision()}.`);
  if (nodeArgs.length > 0) console.log(`Extra node options for every start: ${nodeArgs.join(' ')}`);
  console.log(loadAverageLine(loadBefore));
  console.log('');
}

function verdict(value: number | undefined): string {
  return value === undefined
    ? 'not measured'
    : value < TARGET_WARM_MS
      ? 'met'
      : `NOT met (${fmt(value / TARGET_WARM_MS, 1)}x)`;
}

/** The warm medians the target is about. */
export interface WarmMedians {
  readonly pglite: number;
  readonly postgres: number | undefined;
}

/** The table of starts and the target's verdict. */
export function printScenarios(scenarios: readonly Scenario[]): WarmMedians {
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
  console.log('');
  console.log(`Target: warm start-to-ready under ${TARGET_WARM_MS} ms (median).`);
  console.log(`  PGlite:     ${fmt(warmMedian)} ms → ${verdict(warmMedian)}`);
  console.log(`  PostgreSQL: ${fmt(warmPgMedian)} ms → ${verdict(warmPgMedian)}`);
  return { pglite: warmMedian, postgres: warmPgMedian };
}

/** Rebuilds between starts, warnings and repeated starts: what may make the numbers less comparable. */
export function printNotes(starter: Starter, warnings: readonly string[]): void {
  if (starter.rebuildsDuringRun > 0) {
    console.log('');
    console.log(
      `Note: src/ changed while this ran; the bundle was rebuilt ${starter.rebuildsDuringRun} time(s) between starts (not measured).`,
    );
  }

  for (const message of new Set(warnings)) console.log(`Warning: ${message}.`);
  if (starter.retriedStarts > 0) {
    console.log(
      `Note: ${starter.retriedStarts} start(s) were killed by a signal from outside this script and were repeated.`,
    );
  }
}

export interface ResultsProps {
  readonly startedAt: Date;
  readonly loadBefore: readonly number[];
  readonly buildNote: string;
  readonly nodeArgs: readonly string[];
  readonly starter: Starter;
  readonly runs: Runs;
  readonly warmMedians: WarmMedians;
  readonly breakdown: Record<string, unknown> | undefined;
}

export function saveStartupResults(props: ResultsProps): void {
  const { startedAt, loadBefore, buildNote, nodeArgs, starter, runs, warmMedians, breakdown } = props;
  saveResults('startup', {
    name: 'startup',
    revision: gitRevision(),
    date: startedAt.toISOString(),
    machine: machine(),
    postgres: runs.postgres ? { version: runs.postgres.version } : undefined,
    method: {
      command: 'node bin/civitas.js serve --services all --port <free> --host 127.0.0.1 --data-dir <tmp>',
      env: 'CIVITAS_ENV=development (default seeding)',
      readiness: `GET /health/ready polled every ${POLL_MS} ms from spawn`,
      build: buildNote,
      rebuildsDuringRun: starter.rebuildsDuringRun,
      retriedStarts: starter.retriedStarts,
      warnings: runs.warnings,
      nodeArgs,
    },
    loadAverage: { before: loadBefore, after: loadavg() },
    target: { warmMs: TARGET_WARM_MS, pglite: verdict(warmMedians.pglite), postgres: verdict(warmMedians.postgres) },
    scenarios: runs.scenarios.map((s) => ({
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
}
