/** The measured starts: cold and warm on PGlite, then a first and warm starts on a fresh PostgreSQL database. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  ADMIN_DATABASE_URL,
  createScratchDatabase,
  fmt,
  serverVersion,
  summarize,
  type CleanupRegistry,
  type Summary,
} from '../lib.js';
import type { Starter, StartResult } from './start.js';

export interface Scenario {
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

/** One line on stderr per start, so a long run shows where it is. */
export function progress(label: string, run: StartResult): void {
  console.error(`  ${label}: ready ${fmt(run.readyMs)} ms, stop ${fmt(run.stopMs)} ms, exit ${run.exit}`);
}

export interface RunsProps {
  readonly starter: Starter;
  readonly cleanup: CleanupRegistry;
  /** The directory the data directories are made in. */
  readonly tmp: string;
  readonly coldRuns: number;
  readonly warmRuns: number;
  readonly withPostgres: boolean;
}

export interface Runs {
  readonly scenarios: readonly Scenario[];
  /** The first cold start's data directory, which the warm starts reuse. */
  readonly pgliteDir: string;
  readonly postgres: { readonly url: string; readonly version: string; readonly dataDir: string } | undefined;
  /** What looked wrong (a cold start that did not seed, a warm one that did); each also printed when found. */
  readonly warnings: readonly string[];
}

export async function runStarts({ starter, cleanup, tmp, coldRuns, warmRuns, withPostgres }: RunsProps): Promise<Runs> {
  if (coldRuns < 1)
    throw new Error('--cold-runs must be at least 1: the warm runs reuse the first cold data directory');
  const scenarios: Scenario[] = [];
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    console.error(`  warning: ${message}`);
  };

  // Cold: every run gets an empty data directory; the first one is reused for the warm runs.
  const pgliteDir = join(tmp, 'cold-0');
  const cold: StartResult[] = [];
  for (let index = 0; index < coldRuns; index += 1) {
    const dataDir = join(tmp, `cold-${index}`);
    const run = await starter.start({ dataDir });
    if (!run.seeded || !run.migrated) warn(`a cold start did not log "migrated" and "seeded"`);
    progress('cold PGlite', run);
    cold.push(run);
    if (index > 0) rmSync(dataDir, { recursive: true, force: true });
  }
  scenarios.push(scenario('cold, PGlite (initdb + migrate + seed)', cold));

  const warm: StartResult[] = [];
  for (let index = 0; index < warmRuns; index += 1) {
    const run = await starter.start({ dataDir: pgliteDir });
    if (run.seeded || run.migrated) warn('a warm PGlite start migrated or seeded');
    progress('warm PGlite', run);
    warm.push(run);
  }
  scenarios.push(scenario('warm, PGlite', warm));

  let postgres: Runs['postgres'];
  if (withPostgres) {
    const database = await createScratchDatabase('civitas_bench_start');
    cleanup.add(() => database.drop());
    const dataDir = join(tmp, 'pg');
    postgres = { url: database.url, version: await serverVersion(ADMIN_DATABASE_URL), dataDir };
    const env = { DATABASE_URL: database.url };
    const first = await starter.start({ dataDir, env });
    progress('first start PostgreSQL', first);
    if (!first.seeded || !first.migrated) warn('the first PostgreSQL start did not log "migrated" and "seeded"');
    scenarios.push(scenario('first start, PostgreSQL (migrate + seed)', [first]));
    const warmPg: StartResult[] = [];
    for (let index = 0; index < warmRuns; index += 1) {
      const run = await starter.start({ dataDir, env });
      progress('warm PostgreSQL', run);
      warmPg.push(run);
    }
    scenarios.push(scenario('warm, PostgreSQL', warmPg));
  }

  return { scenarios, pgliteDir, postgres, warnings };
}
