/**
 * The fitted Fellegi-Sunter model and how it scores a pair: the log-odds that two records are one person is the
 * prior log-odds plus, per comparison, log2(m/u) of the pair's level (0 for a missing value). Exact agreement on a
 * value some fields share with many records (a common surname) is worth less than on a rare one: its u is that
 * value's frequency instead of the field's average chance of agreement (term-frequency adjustment).
 */
import type { Comparison } from './comparisons.js';
import type { FsParameters } from './em.js';
import { termFrequencyAdjustments } from './term-frequency.js';

export interface LinkageModel extends FsParameters {
  /** Per comparison, per level: log2(m/u); the missing level is 0. */
  readonly weights: readonly Float64Array[];
  /** Per comparison with term frequencies: per value code, what to add to the exact level's weight. */
  readonly exactAdjustments: readonly (Float64Array | undefined)[];
  /** log2 of the prior odds that a pair of records is one person. */
  readonly priorLogOdds: number;
}

export function makeModel(
  comparisons: readonly Comparison[],
  parameters: FsParameters,
  useTermFrequencies: readonly boolean[],
): LinkageModel {
  const { m, u, lambda } = parameters;
  const weights = comparisons.map((comparison, c) => {
    const row = new Float64Array(comparison.levels.length + 1);
    for (let level = 0; level < comparison.levels.length; level += 1)
      row[level] = Math.log2(m[c]![level]! / u[c]![level]!);
    return row;
  });
  const exactAdjustments = comparisons.map((comparison, c) =>
    useTermFrequencies[c]
      ? termFrequencyAdjustments(comparison.field.counts, comparison.field.present, u[c]![0]!)
      : undefined,
  );
  return { m, u, lambda, weights, exactAdjustments, priorLogOdds: Math.log2(lambda / (1 - lambda)) };
}

/** log2 of the odds that records a and b are one person; `levels` receives each comparison's level. */
export function scorePair(
  model: LinkageModel,
  comparisons: readonly Comparison[],
  a: number,
  b: number,
  levels?: Uint8Array,
): number {
  let logOdds = model.priorLogOdds;
  for (let c = 0; c < comparisons.length; c += 1) {
    const comparison = comparisons[c]!;
    const level = comparison.level(a, b);
    if (levels) levels[c] = level;
    logOdds += model.weights[c]![level]!;
    if (level === 0) {
      const adjustment = model.exactAdjustments[c];
      if (adjustment) logOdds += adjustment[comparison.field.codes[a]!]!;
    }
  }
  return logOdds;
}

export function probability(logOdds: number): number {
  return 1 / (1 + 2 ** -logOdds);
}
