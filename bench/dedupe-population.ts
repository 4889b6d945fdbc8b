/**
 * Duplicate detection on a synthetic birth register: `civitas dedupe` as an operator runs it (a child process,
 * start-up included, default settings, no labels) on n records made by `civitas generate population` (families,
 * siblings, twins, duplicates with realistic mistakes; src/core/population/), with person_id ignored and scored
 * against it: precision, recall and F1 over all pairs of records of one child, seconds and peak memory. Then what
 * the engine got wrong: pairs of twins, of siblings and of strangers taken for one child, and the recall of pairs
 * by the mistakes in them. Files go to the system's temporary folder and are deleted. Prints tables and writes
 * bench/results/dedupe-population-<timestamp>.json.
 *
 *   node --import tsx bench/dedupe-population.ts [--count 100000] [--seed 1] [--duplicates 0.1]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePopulationCommand } from '../src/cli/generate.js';
import { readCountryAreas } from '../src/core/population/birth-areas.js';
import { DUPLICATE_ERRORS, type DuplicateError } from '../src/core/population/birth-record.js';
import { generatePopulation } from '../src/core/population/generate.js';
import {
  cleanupRegistry,
  fmt,
  gitRevision,
  loadAverageLine,
  machine,
  ROOT,
  runThenCleanUp,
  saveResults,
  table,
} from './lib.js';
import { runMeasured } from './measured-run.js';
import { ensureBundle } from './startup/bundle.js';

const { values: options } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    duplicates: { type: 'string', default: '0.1' },
  },
});
const COUNT = Number(options.count);
const COUNTRY = join(ROOT, 'countries', 'demo');
const cleanup = cleanupRegistry();

/** What the benchmark knows about each record (by its number, R0000001 → 0) and the command does not. */
interface Truth {
  readonly person: Int32Array;
  readonly family: Int32Array;
  readonly twin: Uint8Array;
  readonly errors: (readonly DuplicateError[])[];
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), 'civitas-bench-dedupe-population-'));
  cleanup.add(() => rmSync(tmp, { recursive: true, force: true }));
  const build = bundle();
  console.log(`Civitas dedupe on a generated population, revision ${gitRevision()}; ${COUNT} records`);
  console.log(loadAverageLine(loadBefore));
  if (build.rebuilt)
    console.log(`(dist/civitas.mjs was stale and was rebuilt first, ${fmt(build.ms)} ms, not counted)`);

  const file = join(tmp, 'population.csv');
  const made = performance.now();
  const log = console.log;
  console.log = () => undefined;
  try {
    await generatePopulationCommand([], {
      count: String(COUNT),
      seed: options.seed,
      duplicates: options.duplicates,
      country: COUNTRY,
      out: file,
    });
  } finally {
    console.log = log;
  }
  console.log(`(${COUNT} records generated in ${fmt((performance.now() - made) / 1000, 1)} s)`);
  const truth = groundTruth();

  const out = join(tmp, 'pairs.csv');
  const args = ['dedupe', file, '--id', 'record_id', '--out', out, '--fields', 'person_id:ignore'];
  const run = await runMeasured(args);
  const found = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(0, 2).map(recordIndex) as [number, number]);
  const result = score(truth, found);
  const summary = /candidate pairs: (\d+)/.exec(run.stdout);

  console.log('');
  console.log(
    table(
      ['records', 'candidate pairs', 'pairs found', 'true pairs', 'precision', 'recall', 'F1', 'seconds', 'peak MiB'],
      [
        [
          String(COUNT),
          summary?.[1] ?? '-',
          String(found.length),
          String(result.truePairs),
          fmt(result.precision, 4),
          fmt(result.recall, 4),
          fmt(result.f1, 4),
          fmt(run.seconds, 2),
          fmt(run.peakMiB),
        ],
      ],
    ),
  );
  console.log('');
  console.log(
    table(
      ['pairs found that are not one child', 'pairs'],
      [
        ['twins (one mother, one birth date)', String(result.falsePairs.twins)],
        ['siblings (one mother, other birth dates)', String(result.falsePairs.siblings)],
        ['strangers (different mothers)', String(result.falsePairs.strangers)],
      ],
    ),
  );
  console.log(
    `pairs of twins in the register: ${result.twinPairs}, taken for one child: ${result.twinPairsLinked}; ` +
      `pairs of siblings (not twins) taken for one child: ${result.siblingPairsLinked}`,
  );
  console.log('');
  console.log(
    table(
      ['mistake in the pair', 'true pairs', 'found', 'recall'],
      result.byError.map((row) => [row.error, String(row.pairs), String(row.found), fmt(row.recall, 4)]),
    ),
  );
  console.log('(a pair with several mistakes counts under each)');
  saveResults('dedupe-population', {
    startedAt,
    revision: gitRevision(),
    machine: machine(),
    loadAverageBefore: loadBefore,
    count: COUNT,
    seed: options.seed,
    duplicateRate: Number(options.duplicates),
    command: `node bin/civitas.js ${args.join(' ').replaceAll(tmp, '<tmp>')}`,
    seconds: run.seconds,
    peakMiB: run.peakMiB,
    pairsFound: found.length,
    ...result,
  });
}

/** A fresh bundle; when others' unfinished edits break the build, bin/civitas.js runs the sources via tsx instead. */
function bundle(): { rebuilt: boolean; ms: number } {
  try {
    return ensureBundle();
  } catch (error) {
    console.log(`(no fresh bundle: ${(error as Error).message}; civitas runs the sources via tsx, start-up is slower)`);
    return { rebuilt: false, ms: 0 };
  }
}

/** The same records again, in memory: the generator gives them in the same order for the same options. */
function groundTruth(): Truth {
  const truth: Truth = {
    person: new Int32Array(COUNT),
    family: new Int32Array(COUNT),
    twin: new Uint8Array(COUNT),
    errors: [],
  };
  const areas = readCountryAreas(COUNTRY);
  const duplicateRate = Number(options.duplicates);
  for (const record of generatePopulation({ count: COUNT, seed: options.seed, duplicateRate, areas })) {
    const index = recordIndex(record.recordId);
    truth.person[index] = Number(record.personId.slice(1));
    truth.family[index] = Number(record.familyId.slice(1));
    truth.twin[index] = record.child.typeOfBirth === 'twin' ? 1 : 0;
    truth.errors[index] = record.errors;
  }
  return truth;
}

const recordIndex = (id: string) => Number(id.slice(1)) - 1;

function score(truth: Truth, found: readonly (readonly [number, number])[]) {
  const members = new Map<number, number[]>();
  truth.person.forEach((person, index) => members.set(person, [...(members.get(person) ?? []), index]));
  const pairKey = (a: number, b: number) => Math.min(a, b) * COUNT + Math.max(a, b);
  const foundKeys = new Set(found.map(([a, b]) => pairKey(a, b)));
  const byError = new Map<DuplicateError, { pairs: number; found: number }>(
    DUPLICATE_ERRORS.map((error) => [error, { pairs: 0, found: 0 }]),
  );
  let truePairs = 0;
  let hits = 0;
  for (const records of members.values()) {
    for (let i = 0; i < records.length; i += 1) {
      for (let j = i + 1; j < records.length; j += 1) {
        const [a, b] = [records[i]!, records[j]!];
        const linked = foundKeys.has(pairKey(a, b));
        truePairs += 1;
        if (linked) hits += 1;
        for (const error of new Set([...truth.errors[a]!, ...truth.errors[b]!])) {
          const row = byError.get(error)!;
          row.pairs += 1;
          if (linked) row.found += 1;
        }
      }
    }
  }
  const falsePairs = { twins: 0, siblings: 0, strangers: 0 };
  // Record pairs count each duplicate again; these count the children taken for one.
  const twinChildren = new Set<number>();
  const siblingChildren = new Set<number>();
  for (const [a, b] of found) {
    const [p, q] = [truth.person[a]!, truth.person[b]!];
    if (p === q) continue;
    const children = Math.min(p, q) * (COUNT + 1) + Math.max(p, q);
    if (truth.family[a] !== truth.family[b]) falsePairs.strangers += 1;
    else if (truth.twin[a] && truth.twin[b]) {
      falsePairs.twins += 1;
      twinChildren.add(children);
    } else {
      falsePairs.siblings += 1;
      siblingChildren.add(children);
    }
  }
  // Twin pairs: two first records of one family, both twins (a family may have twins twice: counted by date later).
  const firstTwins = new Map<number, number>();
  truth.twin.forEach((twin, index) => {
    if (twin && truth.errors[index]!.length === 0) {
      firstTwins.set(truth.family[index]!, (firstTwins.get(truth.family[index]!) ?? 0) + 1);
    }
  });
  const twinPairs = [...firstTwins.values()].reduce((sum, count) => sum + Math.floor(count / 2), 0);
  const precision = found.length === 0 ? 0 : hits / found.length;
  const recall = truePairs === 0 ? 0 : hits / truePairs;
  return {
    truePairs,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    falsePairs,
    twinPairs,
    twinPairsLinked: twinChildren.size,
    siblingPairsLinked: siblingChildren.size,
    byError: [...byError].map(([error, row]) => ({
      error,
      ...row,
      recall: row.pairs === 0 ? NaN : row.found / row.pairs,
    })),
  };
}

await runThenCleanUp(main, cleanup);
