/**
 * Fitting the model without labels:
 * 1. u from random pairs (`estimateU`);
 * 2. m by EM with u fixed, once per blocking pass, leaving out the comparisons that pass selected on (its pairs all
 *    agree on them, matches or not), then averaged over passes weighted by the matches each found;
 * 3. the prior: the expected number of matches among the candidates (the sum of their posteriors) over all
 *    possible pairs, iterated to a fixed point;
 * 4. u again, without the expected matches (random pairs of a file with many duplicates agree more than chance),
 *    and steps 2-3 once more.
 *
 * When the file has both family fields and the person's own fields (`roles.ts`), step 2 separates relatives too
 * (`three-class-em.ts`): with two classes, brothers, sisters and twins, who agree on every family field, would be
 * taken for matches and teach EM that a match's given names and birth date often differ.
 */
import type { BlockingPass } from './blocking.js';
import type { CandidateSet } from './candidate-set.js';
import type { Comparison } from './comparisons.js';
import { PRIOR_STRENGTH, STARTING_M } from './defaults.js';
import { expectationMaximisation, type FsParameters } from './em.js';
import { makeModel, probability, type LinkageModel } from './model.js';
import { exactLevelShare, type PairRarity } from './pair-rarity.js';
import type { FieldRole } from './roles.js';
import { threeClassEm } from './three-class-em.js';
import type { UEstimate } from './u-probabilities.js';

export interface FitInput {
  readonly comparisons: readonly Comparison[];
  /** Whose attribute each comparison's field is; relatives are told apart when both kinds are there. */
  readonly roles?: readonly FieldRole[];
  readonly passes: readonly BlockingPass[];
  readonly candidates: CandidateSet;
  readonly uEstimate: UEstimate;
  /** All pairs the file (or the two files) could form. */
  readonly possiblePairs: number;
  readonly useTermFrequencies: readonly boolean[];
  /** The candidates' term-frequency evidence (`pair-rarity.ts`), summed once for every fit. */
  readonly rarity: PairRarity;
}

export interface FitReport {
  readonly model: LinkageModel;
  /** Per pass: the share of its pairs EM took for matches. */
  readonly passLambdas: readonly number[];
  readonly expectedMatches: number;
}

export function fitModel(input: FitInput): FitReport {
  const { comparisons, uEstimate } = input;
  let u = uEstimate.u.map((row) => Float64Array.from(row));
  const startM = comparisons.map((comparison) => Float64Array.from(STARTING_M[comparison.kind]));
  const fitted = fitOnce(input, u, startM);
  const expected = expectedLevelCounts(input, fitted.model);
  // Random pairs include the duplicates themselves: take the expected matches out and fit again.
  u = comparisons.map((comparison, c) => {
    const total = uEstimate.pairsWithValues[c]!;
    const matches = expected[c]!.reduce((sum, value) => sum + value, 0);
    if (total <= matches) return u[c]!;
    const corrected = Float64Array.from(
      u[c]!,
      (value, level) => Math.max(value * total - expected[c]![level]!, 0.5) / (total - matches),
    );
    const sum = corrected.reduce((s, value) => s + value, 0);
    return corrected.map((value) => value / sum);
  });
  return fitOnce(input, u, fitted.model.m);
}

function fitOnce(input: FitInput, u: Float64Array[], startM: readonly Float64Array[]): FitReport {
  const { comparisons, passes, candidates } = input;
  const priorM = comparisons.map((comparison) => Float64Array.from(STARTING_M[comparison.kind]));
  const sums = comparisons.map((comparison) => new Float64Array(comparison.levels.length));
  const weights = new Float64Array(comparisons.length);
  const passLambdas: number[] = [];
  const family = input.roles?.map((role) => role === 'family');
  const relativesPossible = family !== undefined && family.some(Boolean) && family.some((value) => !value);
  passes.forEach((pass, p) => {
    const include = comparisons.map((_, c) => !pass.fields.includes(c));
    if (relativesPossible) {
      const result = threeClassPass(input, p, { family, include, u, priorM });
      passLambdas.push(result.lambda);
      comparisons.forEach((_, c) => {
        if (!include[c]) return;
        weights[c]! += result.matches;
        result.m[c]!.forEach((value, level) => (sums[c]![level]! += value * result.matches));
      });
      return;
    }
    const result = expectationMaximisation(
      candidates.table,
      candidates.perPass[p]!,
      { m: startM, u, lambda: 0.1 },
      { fixU: true, include, priorM, priorStrength: PRIOR_STRENGTH },
    );
    passLambdas.push(result.lambda);
    comparisons.forEach((_, c) => {
      if (!include[c]) return;
      weights[c]! += result.matches;
      result.m[c]!.forEach((value, level) => (sums[c]![level]! += value * result.matches));
    });
  });
  const m = comparisons.map((_, c) => (weights[c]! > 0 ? sums[c]!.map((value) => value / weights[c]!) : startM[c]!));
  // The prior: a fixed point of λ = Σ posterior / possible pairs. Pairs with a Bayes factor below 2^-10 add at most
  // a thousandth to the sum however many they are, and are left out.
  let lambda = 1 / input.possiblePairs;
  let model = makeModel(comparisons, { m, u, lambda }, input.useTermFrequencies);
  const factors = candidateLogOdds(input, model).map((value) => value - model.priorLogOdds);
  const relevant = factors.filter((value) => value >= -10);
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const prior = Math.log2(lambda / (1 - lambda));
    let sum = 0;
    for (const value of relevant) sum += probability(value + prior);
    const next = Math.min(0.5, Math.max(1e-15, sum / input.possiblePairs));
    const done = Math.abs(next - lambda) < lambda * 1e-5;
    lambda = next;
    if (done) break;
  }
  model = makeModel(comparisons, { m, u, lambda } satisfies FsParameters, input.useTermFrequencies);
  let expectedMatches = 0;
  const prior = model.priorLogOdds;
  for (const value of relevant) expectedMatches += probability(value + prior);
  return { model, passLambdas, expectedMatches };
}

/** m and the share of matches of one blocking pass's candidates, by the three-class EM. */
function threeClassPass(
  input: FitInput,
  pass: number,
  options: {
    family: readonly boolean[];
    include: readonly boolean[];
    u: readonly Float64Array[];
    priorM: readonly Float64Array[];
  },
): { m: number[][]; lambda: number; matches: number } {
  const { candidates, comparisons } = input;
  const counts = candidates.perPass[pass]!.counts;
  const patterns: Int8Array[] = [];
  const weights: number[] = [];
  for (let id = 0; id < Math.min(candidates.table.size, counts.length); id += 1) {
    if (!counts[id]) continue;
    patterns.push(
      Int8Array.from(comparisons, (comparison, c) => {
        const level = candidates.table.level(id, c);
        return level >= comparison.levels.length ? -1 : level;
      }),
    );
    weights.push(counts[id]!);
  }
  const total = weights.reduce((sum, count) => sum + count, 0);
  const fit = threeClassEm({
    patterns,
    counts: weights,
    family: options.family,
    include: options.include,
    eventDate: comparisons.findIndex((comparison, c) => comparison.kind === 'date' && !options.family[c]),
    u: options.u.map((row) => Array.from(row)),
    startM: options.priorM.map((row) => Array.from(row)),
    lambda: 0.1,
    relatives: 0.1,
    priorStrength: PRIOR_STRENGTH,
  });
  return { m: fit.m, lambda: fit.lambda, matches: fit.lambda * total };
}

/** log2-odds of each candidate pair under `model`. */
export function candidateLogOdds(input: FitInput, model: LinkageModel): Float64Array {
  const { candidates, comparisons } = input;
  const result = new Float64Array(candidates.count);
  const base = exactLevelShare(candidates.table, model);
  for (let id = 0; id < candidates.table.size; id += 1) {
    let sum = model.priorLogOdds + base[id]!;
    for (let c = 0; c < comparisons.length; c += 1) sum += model.weights[c]![candidates.table.level(id, c)]!;
    base[id] = sum;
  }
  const rarity = input.rarity.all;
  for (let pair = 0; pair < candidates.count; pair += 1)
    result[pair] = base[candidates.pattern[pair]!]! + rarity[pair]!;
  return result;
}

/** Per comparison and level: the expected number of matching candidate pairs there. */
function expectedLevelCounts(input: FitInput, model: LinkageModel): Float64Array[] {
  const { candidates, comparisons } = input;
  const result = comparisons.map((comparison) => new Float64Array(comparison.levels.length));
  const logOdds = candidateLogOdds(input, model);
  // Summed per pattern first: all pairs of a pattern add to the same levels.
  const perPattern = new Float64Array(candidates.table.size);
  for (let pair = 0; pair < candidates.count; pair += 1) {
    const posterior = probability(logOdds[pair]!);
    if (posterior >= 1e-6) perPattern[candidates.pattern[pair]!]! += posterior;
  }
  for (let id = 0; id < candidates.table.size; id += 1) {
    if (perPattern[id] === 0) continue;
    comparisons.forEach((comparison, c) => {
      const level = candidates.table.level(id, c);
      if (level < comparison.levels.length) result[c]![level]! += perPattern[id]!;
    });
  }
  return result;
}
