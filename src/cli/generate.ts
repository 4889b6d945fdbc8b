/**
 * `civitas generate population --count N [--seed S] [--duplicates 0.1] [--twins 0.015] [--country <folder>]
 * [--reference-date YYYY-MM-DD] [--out file.csv]`: a synthetic birth register (src/core/population/) as CSV, for
 * benchmarks and tests of search and duplicate detection: families with siblings and twins, names of several
 * languages, and duplicates with the mistakes real registers hold; `person_id` is the truth (one child, one id).
 * Writes to --out (through a temporary file renamed into place, with progress on stderr) or to stdout. The same
 * options give a byte-identical file. A wrong flag: exit 2, nothing written.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { isIsoDate } from '../core/forms/dates.js';
import { CountryAreasError, readCountryAreas, type BirthArea } from '../core/population/birth-areas.js';
import { populationCsvHeader, populationCsvLine } from '../core/population/csv-writer.js';
import { generatePopulation, POPULATION_DEFAULTS } from '../core/population/generate.js';
import { UsageError } from './args.js';

const USAGE =
  'usage: civitas generate population --count <N> [--seed <text>] [--duplicates <0..1>] [--twins <0..1>] ' +
  '[--country <folder>] [--reference-date <YYYY-MM-DD>] [--out <file.csv>]';

/** Records per progress line on stderr. */
const PROGRESS_EVERY = 100_000;
/** Lines are gathered into chunks of about this many characters before a write: one write per line is slow. */
const CHUNK_CHARS = 1 << 20;
const MAX_COUNT = 100_000_000;

export async function generatePopulationCommand(
  words: readonly string[],
  flags: Record<string, string>,
): Promise<void> {
  const started = performance.now();
  const options = readOptions(words, flags);
  const temporary = options.out === undefined ? undefined : `${options.out}.${process.pid}.tmp`;
  const output: NodeJS.WritableStream = temporary === undefined ? process.stdout : createWriteStream(temporary);
  // A stream reports a failure (disk full, stdout closed by `| head`) as an event; it is thrown at the next write.
  let failure: Error | undefined;
  output.on('error', (error: Error) => (failure ??= error));
  const write = async (chunk: string) => {
    if (failure) throw failure;
    if (!output.write(chunk)) await once(output, 'drain');
  };
  const stats = { records: 0, duplicates: 0, twins: 0 };
  try {
    let chunk = populationCsvHeader();
    for (const record of generatePopulation(options)) {
      chunk += populationCsvLine(record);
      stats.records += 1;
      if (record.errors.length > 0) stats.duplicates += 1;
      else if (record.child.typeOfBirth === 'twin') stats.twins += 1;
      if (chunk.length >= CHUNK_CHARS) {
        await write(chunk);
        chunk = '';
      }
      if (temporary !== undefined && stats.records % PROGRESS_EVERY === 0) {
        process.stderr.write(`generate: ${stats.records} of ${options.count} records\n`);
      }
    }
    await write(chunk);
    if (temporary !== undefined) {
      output.end();
      await finished(output);
      renameSync(temporary, options.out!);
    }
  } catch (error) {
    if (temporary === undefined) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw error;
    }
    rmSync(temporary, { force: true });
    throw new UsageError(
      `${options.out}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (temporary !== undefined) {
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `records: ${stats.records} (duplicates: ${stats.duplicates}, twins: ${stats.twins}), seed: ${options.seed}, ` +
        `seconds: ${seconds.toFixed(2)}`,
    );
    console.log(`out: ${options.out}`);
  }
}

interface GenerateOptions {
  readonly count: number;
  readonly seed: string;
  readonly duplicateRate: number;
  readonly twinRate: number;
  readonly areas: readonly BirthArea[];
  readonly referenceDate: string;
  readonly out: string | undefined;
}

function readOptions(words: readonly string[], flags: Record<string, string>): GenerateOptions {
  const known = new Set(['count', 'seed', 'duplicates', 'twins', 'country', 'reference-date', 'out']);
  const unknown = Object.keys(flags).filter((flag) => !known.has(flag));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}\n${USAGE}`);
  if (words.length > 0) throw new UsageError(`unexpected ${words.join(' ')}\n${USAGE}`);
  if (flags.count === undefined) throw new UsageError(`--count: say how many records to make\n${USAGE}`);
  const count = Number(flags.count.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(flags.count) || !Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new UsageError(`--count: give a whole number from 1 to ${MAX_COUNT}, not ${flags.count}\n${USAGE}`);
  }
  const seed = flags.seed ?? String(POPULATION_DEFAULTS.seed);
  if (seed.trim() === '') throw new UsageError(`--seed: give a number or a word\n${USAGE}`);
  const referenceDate = flags['reference-date'] ?? POPULATION_DEFAULTS.referenceDate;
  if (!isIsoDate(referenceDate)) {
    throw new UsageError(`--reference-date: give a date such as 2026-01-01, not ${referenceDate}\n${USAGE}`);
  }
  const country = resolve(flags.country ?? 'countries/demo');
  let areas: BirthArea[];
  try {
    areas = readCountryAreas(country);
  } catch (error) {
    if (error instanceof CountryAreasError) {
      throw new UsageError(`--country: ${error.message} (the districts births happen in)\n${USAGE}`);
    }
    throw error;
  }
  return {
    count,
    seed,
    duplicateRate: share(flags, 'duplicates', POPULATION_DEFAULTS.duplicateRate),
    twinRate: share(flags, 'twins', POPULATION_DEFAULTS.twinRate),
    areas,
    referenceDate,
    out: flags.out === undefined ? undefined : resolve(flags.out),
  };
}

function share(flags: Record<string, string>, flag: string, fallback: number): number {
  const text = flags[flag];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--${flag}: give a share from 0 to 1 (0.1 is one child in ten), not ${text}\n${USAGE}`);
  }
  return value;
}
