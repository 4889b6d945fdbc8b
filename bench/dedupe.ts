/**
 * Duplicate detection benchmark: `civitas dedupe` as an operator runs it, a child process (start-up included), on
 * the three labelled FEBRL sets (../shared/data/febrl, see its README), with all columns and again with soc_sec_id
 * ignored (a newborn has no identity number yet), default settings, no labels. Precision, recall and F1 over all
 * true pairs (rec-10-org, rec-10-dup-0 and rec-10-dup-1 are three pairs), the median seconds of --runs runs and the
 * peak memory. With --synthetic <n>: also one run on n records made up from the FEBRL vocabulary (80% originals,
 * 20% copies with one to three typos, swaps, blanks or years typed off; seeded), for the scale targets (a million
 * records in under 3 minutes and 4 GiB). Prints a table and writes bench/results/dedupe-<timestamp>.json.
 *
 *   npm run bench:dedupe [-- --runs 3 --synthetic 1000000]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/core/linkage/u-probabilities.js';
import {
  cleanupRegistry,
  fmt,
  gitRevision,
  loadAverageLine,
  machine,
  median,
  runThenCleanUp,
  saveResults,
  table,
} from './lib.js';
import { runMeasured, type MeasuredRun } from './measured-run.js';
import { ensureBundle } from './startup/bundle.js';
import { sharedDataDir } from '../test/helpers/shared-data.js';

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    synthetic: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(options.runs));
const FEBRL = join(sharedDataDir(), 'febrl');
const DATASETS = ['dataset1', 'dataset2', 'dataset3'];
const VARIANTS = [
  { name: 'all columns', flags: [] as string[] },
  { name: 'without soc_sec_id', flags: ['--fields', 'soc_sec_id:ignore'] },
];

type Run = MeasuredRun;

interface Row {
  readonly dataset: string;
  readonly variant: string;
  readonly records: number;
  readonly candidatePairs: number;
  readonly pairsFound: number;
  readonly truePairs: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly seconds: number;
  readonly secondsOfRuns: number[];
  readonly peakMiB: number | undefined;
}

const cleanup = cleanupRegistry();

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const tmp = mkdtempSync(join(tmpdir(), 'civitas-bench-dedupe-'));
  cleanup.add(() => rmSync(tmp, { recursive: true, force: true }));
  const build = ensureBundle();
  console.log(`Civitas dedupe benchmark, revision ${gitRevision()}; median of ${RUNS} run(s) of the whole command`);
  console.log(loadAverageLine(loadBefore));
  if (build.rebuilt)
    console.log(`(dist/civitas.mjs was stale and was rebuilt first, ${fmt(build.ms)} ms, not counted)`);
  console.log('');

  const rows: Row[] = [];
  for (const dataset of DATASETS) {
    for (const variant of VARIANTS) {
      rows.push(await measure(dataset, join(FEBRL, `${dataset}.csv`), variant, RUNS, tmp));
    }
  }
  if (options.synthetic) {
    const size = Number(options.synthetic);
    const file = join(tmp, `synthetic-${size}.csv`);
    const made = performance.now();
    writeSynthetic(file, size);
    console.log(`(synthetic set of ${size} records written in ${fmt((performance.now() - made) / 1000, 1)} s)`);
    rows.push(await measure(`synthetic ${size}`, file, VARIANTS[0]!, 1, tmp));
  }

  console.log('');
  console.log(
    table(
      [
        'data set',
        'columns',
        'records',
        'candidate pairs',
        'pairs found',
        'precision',
        'recall',
        'F1',
        'seconds',
        'peak MiB',
      ],
      rows.map((row) => [
        row.dataset,
        row.variant,
        String(row.records),
        String(row.candidatePairs),
        String(row.pairsFound),
        fmt(row.precision, 4),
        fmt(row.recall, 4),
        fmt(row.f1, 4),
        fmt(row.seconds, 2),
        fmt(row.peakMiB),
      ]),
    ),
  );
  saveResults('dedupe', {
    startedAt,
    revision: gitRevision(),
    machine: machine(),
    loadAverageBefore: loadBefore,
    runs: RUNS,
    command: 'node bin/civitas.js dedupe <file> --id rec_id --out <pairs.csv> [--fields soc_sec_id:ignore]',
    rows,
  });
}

async function measure(
  dataset: string,
  file: string,
  variant: (typeof VARIANTS)[number],
  runs: number,
  tmp: string,
): Promise<Row> {
  const out = join(tmp, 'pairs.csv');
  const args = ['dedupe', file, '--id', 'rec_id', '--out', out, ...variant.flags];
  const results: Run[] = [];
  for (let run = 0; run < runs; run += 1) results.push(await runMeasured(args));
  const last = results[results.length - 1]!;
  const summary = /records: (\d+), candidate pairs: (\d+), pairs found: (\d+)/.exec(last.stdout);
  if (!summary) throw new Error(`no summary in the output of civitas ${args.join(' ')}:\n${last.stdout}`);
  const ids = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(',')).trim());
  const found = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  const scores = score(ids, found);
  const seconds = results.map((result) => result.seconds);
  const row: Row = {
    dataset,
    variant: variant.name,
    records: Number(summary[1]),
    candidatePairs: Number(summary[2]),
    pairsFound: Number(summary[3]),
    ...scores,
    seconds: median(seconds),
    secondsOfRuns: seconds,
    peakMiB: Math.max(...results.map((result) => result.peakMiB ?? NaN)),
  };
  console.log(
    `${dataset}, ${variant.name}: F1 ${fmt(row.f1, 4)}, ${fmt(row.seconds, 2)} s (${seconds.map((s) => fmt(s, 2)).join(', ')})`,
  );
  return row;
}

/** Precision, recall and F1 over all pairs of records of one person (the number in rec-<n>-...). */
function score(ids: readonly string[], found: readonly string[]) {
  const personOf = (id: string) => id.split('-')[1]!;
  const sizes = new Map<string, number>();
  for (const id of ids) sizes.set(personOf(id), (sizes.get(personOf(id)) ?? 0) + 1);
  let truePairs = 0;
  for (const size of sizes.values()) truePairs += (size * (size - 1)) / 2;
  let hits = 0;
  for (const line of found) {
    const [a, b] = line.split(',');
    if (personOf(a!) === personOf(b!)) hits += 1;
  }
  const precision = found.length === 0 ? 0 : hits / found.length;
  const recall = truePairs === 0 ? 0 : hits / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, precision, recall, f1 };
}

/**
 * n records in FEBRL's columns: 80% originals drawn from the vocabulary of FEBRL's original records, 20% copies of
 * them (several copies of one original possible) with one to three mistakes each.
 */
function writeSynthetic(file: string, size: number): void {
  const originalRows = DATASETS.flatMap((dataset) =>
    readFileSync(join(FEBRL, `${dataset}.csv`), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map((value) => value.trim())),
  ).filter((row) => row[0]!.endsWith('-org'));
  const vocabulary = (column: number) => [...new Set(originalRows.map((row) => row[column]!).filter(Boolean))];
  const [given, surname, number, address1, address2, suburb, postcode, state] = [1, 2, 3, 4, 5, 6, 7, 8].map(
    vocabulary,
  ) as [string[], string[], string[], string[], string[], string[], string[], string[]];
  const random = mulberry32(20_261_126);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const letter = () => String.fromCharCode(97 + Math.floor(random() * 26));
  const typo = (value: string) => {
    if (!value) return value;
    const at = Math.floor(random() * value.length);
    const kind = random();
    if (kind < 0.3) return value.slice(0, at) + letter() + value.slice(at + 1);
    if (kind < 0.55) return value.slice(0, at) + value.slice(at + 1);
    if (kind < 0.8) return value.slice(0, at) + letter() + value.slice(at);
    return at < value.length - 1 ? value.slice(0, at) + value[at + 1] + value[at] + value.slice(at + 2) : value;
  };
  const digit = (value: string) => {
    const at = Math.floor(random() * value.length);
    return value.slice(0, at) + String(Math.floor(random() * 10)) + value.slice(at + 1);
  };
  const originals = Math.round(size * 0.8);
  const people: string[][] = [];
  const lines: string[] = [];
  for (let index = 0; index < originals; index += 1) {
    const born = `${1900 + Math.floor(random() * 120)}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(
      1 + Math.floor(random() * 28),
    ).padStart(2, '0')}`;
    const row = [
      `rec-${index}-org`,
      pick(given),
      pick(surname),
      pick(number),
      pick(address1),
      random() < 0.5 ? pick(address2) : '',
      pick(suburb),
      pick(postcode),
      pick(state),
      born,
      String(1_000_000 + Math.floor(random() * 9_000_000)),
    ];
    people.push(row);
    lines.push(row.join(', '));
  }
  const copies = new Map<number, number>();
  for (let copy = originals; copy < size; copy += 1) {
    const who = Math.floor(random() * originals);
    const count = copies.get(who) ?? 0;
    copies.set(who, count + 1);
    const row = [...people[who]!];
    row[0] = `rec-${who}-dup-${count}`;
    const mistakes = 1 + Math.floor(random() * 3);
    for (let mistake = 0; mistake < mistakes; mistake += 1) {
      const column = 1 + Math.floor(random() * 10);
      const roll = random();
      if (roll < 0.1) row[column] = '';
      else if (column === 1 && roll < 0.2) [row[1], row[2]] = [row[2]!, row[1]!];
      else if (column === 4 && roll < 0.3) [row[4], row[5]] = [row[5]!, row[4]!];
      else if (column === 9 && roll < 0.3 && row[9]) {
        row[9] = `${Number(row[9].slice(0, 4)) + pick([-3, -2, -1, 1, 2, 3])}${row[9].slice(4)}`;
      } else if (column === 3 || column === 7 || column === 9 || column === 10) row[column] = digit(row[column]!);
      else row[column] = typo(row[column]!);
    }
    lines.push(row.join(', '));
  }
  for (let index = lines.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [lines[index], lines[other]] = [lines[other]!, lines[index]!];
  }
  writeFileSync(
    file,
    `rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n${lines.join('\n')}\n`,
  );
}

await runThenCleanUp(main, cleanup);
