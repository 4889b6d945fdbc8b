/**
 * `civitas dedupe <input.csv> --id <column> --out <pairs.csv> [--link <second.csv>] [--fields <col:kind,...>]
 * [--threshold <0..1>] [--nicknames <names.csv>]`: the people entered more than once in a file (or, with --link, the
 * same people in two files), found without labels or tuning (src/core/linkage/). Writes `id_a,id_b,score` for each
 * pair judged one person, most certain first, and prints what it compared and a summary. A wrong flag or a malformed
 * file: exit 2, nothing written.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { findDuplicates, linkRecords, type LinkageProgress, type LinkageResult } from '../core/linkage/pipeline.js';
import { LinkageInputError, parseFieldSpecs, type FieldSpec } from '../core/linkage/kinds.js';
import { NicknamesError, parseNicknames, type Nicknames } from '../core/linkage/nicknames.js';
import { CsvFormatError, readCsvTable, type ReadProgress } from '../core/linkage/read-csv.js';
import { valueOf, type RecordTable } from '../core/linkage/record-table.js';
import { UsageError } from './args.js';
import { ProgressBar } from './progress-bar.js';

const USAGE =
  'usage: civitas dedupe <input.csv> --id <column> --out <pairs.csv> [--link <second.csv>] ' +
  '[--fields <col:kind,...>] [--threshold <0..1>] [--nicknames <name,nickname.csv>]';

/** Inputs at least this large get a progress bar on stderr. */
const LARGE_INPUT_BYTES = 8 * 2 ** 20;

export async function dedupe(words: readonly string[], flags: Record<string, string>): Promise<void> {
  const started = performance.now();
  const options = readOptions(words, flags);
  const progress = new ProgressBar('dedupe', options.large);
  const first = await readTable(options.input, (read) => progress.show('reading', read.bytes, read.totalBytes));
  const second = options.link
    ? await readTable(options.link, (read) => progress.show('reading', read.bytes, read.totalBytes))
    : undefined;
  checkIds(first, options.id, options.input);
  if (second) checkIds(second, options.id, options.link!);

  let result: LinkageResult;
  try {
    const linkage = {
      idColumn: options.id,
      fields: options.fields,
      threshold: options.threshold,
      nicknames: options.nicknames,
      onProgress: (step: LinkageProgress) => progress.show(step.stage, step.done, step.total),
    };
    result = second ? linkRecords(first, second, linkage) : findDuplicates(first, linkage);
  } catch (error) {
    if (error instanceof LinkageInputError) throw new UsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
  progress.done();

  writePairs(options.out, result, first, second ?? first, options.id);
  const seconds = (performance.now() - started) / 1000;
  const fields = result.fields
    .map((field) => `  ${field.column}: ${field.kind}${field.why === 'given' ? '' : ` (${field.why})`}`)
    .join('\n');
  console.log(`Fields${options.fields ? '' : ' (inferred; set them with --fields <col:kind,...>)'}:\n${fields}`);
  for (const warning of result.warnings) console.error(`warning: ${warning}`);
  const records = second ? `${first.size} + ${second.size}` : `${first.size}`;
  console.log(
    `records: ${records}, candidate pairs: ${result.candidatePairs}, pairs found: ${result.pairs.a.length}, ` +
      `seconds: ${seconds.toFixed(2)}`,
  );
  console.log(`pairs: ${options.out}`);
}

interface DedupeOptions {
  readonly input: string;
  readonly link: string | undefined;
  readonly id: string;
  readonly out: string;
  readonly fields: FieldSpec[] | undefined;
  readonly threshold: number | undefined;
  readonly nicknames: Nicknames | undefined;
  readonly large: boolean;
}

function readOptions(words: readonly string[], flags: Record<string, string>): DedupeOptions {
  const known = new Set(['id', 'out', 'link', 'fields', 'threshold', 'nicknames']);
  const unknown = Object.keys(flags).filter((flag) => !known.has(flag));
  if (unknown.length > 0) throw new UsageError(`unknown option --${unknown[0]}\n${USAGE}`);
  const [input, ...extra] = words;
  if (!input || extra.length > 0) throw new UsageError(USAGE);
  if (!flags.id) throw new UsageError(`--id: name the column that identifies each record\n${USAGE}`);
  if (!flags.out) throw new UsageError(`--out: name the file to write the pairs to\n${USAGE}`);
  let fields: FieldSpec[] | undefined;
  try {
    fields = flags.fields === undefined ? undefined : parseFieldSpecs(flags.fields);
  } catch (error) {
    if (error instanceof LinkageInputError) throw new UsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
  let threshold: number | undefined;
  if (flags.threshold !== undefined) {
    threshold = Number(flags.threshold);
    if (flags.threshold.trim() === '' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
      throw new UsageError(`--threshold: give a number from 0 to 1 (the probability of being one person)\n${USAGE}`);
    }
  }
  const files = [input, flags.link].filter((file): file is string => file !== undefined).map((file) => resolve(file));
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch (error) {
      throw new UsageError(
        `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }
  return {
    input: files[0]!,
    nicknames: flags.nicknames === undefined ? undefined : readNicknames(resolve(flags.nicknames)),
    link: flags.link === undefined ? undefined : files[1],
    id: flags.id,
    out: resolve(flags.out),
    fields,
    threshold,
    large: bytes >= LARGE_INPUT_BYTES,
  };
}

function readNicknames(file: string): Nicknames {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--nicknames: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  try {
    return parseNicknames(text, file);
  } catch (error) {
    if (error instanceof NicknamesError) throw new UsageError(`--nicknames: ${error.message}. Nothing was written.`);
    throw error;
  }
}

async function readTable(file: string, onProgress: (progress: ReadProgress) => void): Promise<RecordTable> {
  try {
    return await readCsvTable(file, onProgress);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new UsageError(`${error.message}. Nothing was written.`);
    throw error;
  }
}

/** Every record needs its own id, or a pair could not say which records it means. */
function checkIds(table: RecordTable, id: string, file: string): void {
  const column = table.columns.indexOf(id);
  if (column < 0) {
    throw new UsageError(`${file}: there is no column ${id} (columns: ${table.columns.join(', ')})\n${USAGE}`);
  }
  const seen = new Int32Array(table.values[column]!.length).fill(-1);
  const codes = table.codes[column]!;
  for (let record = 0; record < table.size; record += 1) {
    const code = codes[record]!;
    if (code < 0) throw new UsageError(`${file}: record ${record + 1} has no ${id}`);
    if (seen[code]! >= 0) {
      throw new UsageError(
        `${file}: records ${seen[code]! + 1} and ${record + 1} have the same ${id}, ${table.values[column]![code]}`,
      );
    }
    seen[code] = record;
  }
}

/** Writes the pairs, most certain first, to a temporary file renamed into place: a failure leaves nothing behind. */
function writePairs(out: string, result: LinkageResult, first: RecordTable, second: RecordTable, id: string): void {
  const { a, b, score } = result.pairs;
  const order = Array.from(a, (_, index) => index).sort(
    (x, y) => score[y]! - score[x]! || a[x]! - a[y]! || b[x]! - b[y]!,
  );
  const idA = first.columns.indexOf(id);
  const idB = second.columns.indexOf(id);
  const lines = ['id_a,id_b,score'];
  for (const index of order) {
    lines.push(
      `${csvValue(valueOf(first, idA, a[index]!))},${csvValue(valueOf(second, idB, b[index]!))},${score[index]!.toFixed(4)}`,
    );
  }
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${lines.join('\n')}\n`);
    renameSync(temporary, out);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(
      `${out}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

function csvValue(value: string): string {
  return /[",\n\r]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
