/**
 * The record-linkage engine: duplicates within one table (`findDuplicates`) or the same people across two
 * (`linkRecords`). Fields → kinds (given or inferred) → normalised fields → comparisons → blocking → candidate pairs,
 * each reduced to a pattern of comparison levels → the model fitted without labels → each candidate's probability of
 * being one person (against two relatives or two strangers) → the pairs at or above the threshold, and (within one
 * file) the pairs they imply by transitivity.
 *
 * @example
 * const table = recordTable(header, rows);
 * const result = findDuplicates(table, { idColumn: 'rec_id' });
 * result.pairs.a[0], result.pairs.b[0], result.pairs.score[0]; // record indices and probability
 */
import type { Nicknames } from './nicknames.js';
import { blockingPasses } from './blocking.js';
import type { PassStats } from './candidates.js';
import { collectCandidates } from './candidate-set.js';
import { buildComparisons } from './comparisons.js';
import { DEFAULT_THRESHOLD } from './defaults.js';
import { prepareFields } from './fields.js';
import { fitModel } from './fit.js';
import { inferFieldKind } from './infer-kinds.js';
import { LinkageInputError, type ComparedKind, type FieldKind, type FieldSpec } from './kinds.js';
import type { LinkageModel } from './model.js';
import { estimateClassShares, pairEvidence, personPosteriors, type ClassShares } from './relatives.js';
import { pairRarity } from './pair-rarity.js';
import { fieldRole, type FieldRole } from './roles.js';
import { closeTransitively } from './transitive.js';
import { concatTables, type RecordTable } from './record-table.js';
import { estimateU } from './u-probabilities.js';

export interface LinkageOptions {
  /** The column that names each record; never compared. */
  readonly idColumn: string;
  /** Kinds for some or all columns; the others are inferred. */
  readonly fields?: readonly FieldSpec[];
  /** Report pairs whose probability of being one person is at least this (default 0.5). */
  readonly threshold?: number;
  readonly maxBlockSize?: number;
  /** Names and their nicknames (Thomas, Tommy), compared as names that sound alike. */
  readonly nicknames?: Nicknames;
  /** Called now and then during the long steps. */
  readonly onProgress?: (progress: LinkageProgress) => void;
}

export interface LinkageProgress {
  readonly stage: 'blocking' | 'model';
  readonly done: number;
  readonly total: number;
}

export interface ChosenField {
  readonly column: string;
  readonly kind: FieldKind;
  /** Why this kind: given by the caller, or what inference saw. */
  readonly why: string;
}

export interface FoundPairs {
  /** Record indices: in `findDuplicates` a < b; in `linkRecords` a is in the first table and b in the second. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Probability that the two records are one person. */
  readonly score: Float64Array;
}

export interface LinkageResult {
  readonly fields: readonly ChosenField[];
  readonly records: number;
  readonly candidatePairs: number;
  readonly pairs: FoundPairs;
  readonly passes: readonly PassStats[];
  readonly model: LinkageModel;
  readonly comparisons: readonly {
    readonly column: string;
    readonly kind: ComparedKind;
    readonly levels: readonly string[];
  }[];
  readonly expectedMatches: number;
  /** Shares of all possible pairs that are one person twice, and two relatives. */
  readonly shares: ClassShares;
  readonly roles: readonly FieldRole[];
  readonly warnings: readonly string[];
}

export function findDuplicates(table: RecordTable, options: LinkageOptions): LinkageResult {
  return run(table, undefined, options);
}

/** Pairs of one record of `first` and one of `second` that are the same person. */
export function linkRecords(first: RecordTable, second: RecordTable, options: LinkageOptions): LinkageResult {
  const missing = first.columns.filter((column) => !second.columns.includes(column));
  if (missing.length > 0) {
    throw new LinkageInputError(`the second file lacks the column(s) ${missing.join(', ')} of the first`);
  }
  const result = run(concatTables(first, second), first.size, options);
  const b = result.pairs.b.map((record) => record - first.size);
  return { ...result, pairs: { ...result.pairs, b } };
}

/** Kinds for every column but the id: the caller's, else inferred. */
export function chooseFields(table: RecordTable, options: Pick<LinkageOptions, 'idColumn' | 'fields'>): ChosenField[] {
  if (!table.columns.includes(options.idColumn)) {
    throw new LinkageInputError(`there is no column ${options.idColumn} (columns: ${table.columns.join(', ')})`);
  }
  for (const spec of options.fields ?? []) {
    if (!table.columns.includes(spec.column)) {
      throw new LinkageInputError(
        `--fields names ${spec.column}, which is not a column (columns: ${table.columns.join(', ')})`,
      );
    }
    if (spec.column === options.idColumn) throw new LinkageInputError(`${spec.column} is the id column`);
  }
  return table.columns
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => column !== options.idColumn)
    .map(({ column, index }) => {
      const given = options.fields?.find((spec) => spec.column === column);
      if (given) return { column, kind: given.kind, why: 'given' };
      const codes = table.codes[index]!;
      const counts = new Int32Array(table.values[index]!.length);
      for (const code of codes) if (code >= 0) counts[code]! += 1;
      return inferFieldKind({ column, values: table.values[index]!, counts });
    });
}

function run(table: RecordTable, split: number | undefined, options: LinkageOptions): LinkageResult {
  const warnings: string[] = [];
  const chosen = chooseFields(table, options);
  const compared = chosen.filter((field): field is ChosenField & { kind: ComparedKind } => field.kind !== 'ignore');
  const possiblePairs = split === undefined ? (table.size * (table.size - 1)) / 2 : split * (table.size - split);
  if (possiblePairs === 0) return nothingToCompare(chosen, table.size);
  if (compared.length === 0) throw new LinkageInputError('no column is left to compare');
  const fields = prepareFields(table, compared, options.nicknames);
  const comparisons = buildComparisons(fields);
  const passes = blockingPasses(fields, { size: table.size });
  const candidates = collectCandidates({
    size: table.size,
    split,
    fields,
    comparisons,
    passes,
    maxBlockSize: options.maxBlockSize,
    onPass: (pass) => options.onProgress?.({ stage: 'blocking', done: pass, total: passes.length }),
  });
  for (const pass of candidates.stats) {
    if (pass.oversizedBlocks > 0) {
      warnings.push(
        `${pass.pass}: ${pass.oversizedBlocks} block(s) holding ${pass.recordsInOversizedBlocks} records were larger ` +
          `than ${candidates.maxBlockSize}; their records were compared with their ${candidates.window} nearest ` +
          'neighbours only',
      );
    }
  }

  options.onProgress?.({ stage: 'model', done: 0, total: 1 });
  const uEstimate = estimateU(comparisons, { size: table.size, split });
  const roles = comparisons.map((comparison) => fieldRole(comparison.field.column, comparison.kind));
  const useTermFrequencies = comparisons.map(
    (comparison) => comparison.kind === 'name' || comparison.kind === 'text' || comparison.kind === 'code',
  );
  const family = roles.map((role) => role === 'family');
  const rarity = pairRarity(comparisons, candidates.set, useTermFrequencies, family);
  const input = {
    roles,
    comparisons,
    passes,
    candidates: candidates.set,
    uEstimate,
    possiblePairs,
    useTermFrequencies,
    rarity,
  };
  const fit = fitModel(input);
  options.onProgress?.({ stage: 'model', done: 1, total: 1 });

  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const evidence = pairEvidence(comparisons, roles, candidates.set, fit.model, rarity);
  const shares = estimateClassShares(evidence, possiblePairs, fit.model.lambda);
  const posteriors = personPosteriors(evidence, shares);
  const found = { a: [] as number[], b: [] as number[], score: [] as number[] };
  // A pair of an oversized block may come again from a later pass; report it once.
  const reported = candidates.stats.some((pass) => pass.oversizedBlocks > 0) ? new Set<number>() : undefined;
  for (let pair = 0; pair < candidates.set.count; pair += 1) {
    const score = posteriors[pair]!;
    if (score < threshold) continue;
    const a = candidates.set.a[pair]!;
    const b = candidates.set.b[pair]!;
    if (reported) {
      if (reported.has(a * table.size + b)) continue;
      reported.add(a * table.size + b);
    }
    found.a.push(a);
    found.b.push(b);
    found.score.push(score);
  }
  const pairs = { a: Int32Array.from(found.a), b: Int32Array.from(found.b), score: Float64Array.from(found.score) };
  return {
    fields: chosen,
    records: table.size,
    candidatePairs: candidates.set.count,
    // Within one file, copies of one person are linked through each other (see transitive.ts).
    pairs: split === undefined ? closeTransitively(pairs, threshold) : pairs,
    passes: candidates.stats,
    model: fit.model,
    comparisons: comparisons.map((comparison) => ({
      column: comparison.field.column,
      kind: comparison.kind,
      levels: comparison.levels,
    })),
    expectedMatches: fit.expectedMatches,
    shares,
    roles,
    warnings,
  };
}

/** A file (or two) with fewer than two records to pair: nothing to find. */
function nothingToCompare(fields: ChosenField[], records: number): LinkageResult {
  return {
    fields,
    records,
    candidatePairs: 0,
    pairs: { a: new Int32Array(0), b: new Int32Array(0), score: new Float64Array(0) },
    passes: [],
    model: { m: [], u: [], lambda: 0, weights: [], exactAdjustments: [], priorLogOdds: -Infinity },
    comparisons: [],
    expectedMatches: 0,
    shares: { person: 0, relatives: 0 },
    roles: [],
    warnings: [],
  };
}
