/**
 * Expectation-maximisation for the Fellegi-Sunter model, without labels. Each pair is a match with probability
 * λ; given its class, its comparison levels are independent, with probabilities m (matches) and u (non-matches) per
 * level. EM alternates: the probability that each pattern is a match given m, u, λ; then m, u, λ as the averages
 * weighted by those probabilities. A missing level says nothing and is left out of both.
 *
 * Options: keep u fixed (estimated better from random pairs, see `u-probabilities.ts`), leave some comparisons out
 * (those a blocking pass selected on), and a Dirichlet prior on m worth `priorStrength` pairs, so that levels never
 * seen among matches do not get m = 0 (an infinite weight) on small files.
 *
 * @example
 * const fit = expectationMaximisation(table, counts, { m: startM, u, lambda: 0.1 }, { fixU: true });
 * fit.m[0]; // probabilities of each level of comparison 0 among matches
 */
import type { PatternCounts, PatternTable } from './patterns.js';

export interface FsParameters {
  /** Per comparison, per level (missing excluded): P(level | match). */
  readonly m: readonly Float64Array[];
  /** Per comparison, per level (missing excluded): P(level | non-match). */
  readonly u: readonly Float64Array[];
  /** P(match) over the pairs the counts describe. */
  readonly lambda: number;
}

export interface EmOptions {
  readonly fixU?: boolean;
  /** Per comparison: whether it takes part; all by default. */
  readonly include?: readonly boolean[];
  readonly maxIterations?: number;
  readonly tolerance?: number;
  /** Prior mean of m (defaults to the starting m) and its weight in pairs. */
  readonly priorM?: readonly Float64Array[];
  readonly priorStrength?: number;
}

export interface EmResult extends FsParameters {
  readonly iterations: number;
  /** Expected number of matches among the counted pairs. */
  readonly matches: number;
}

const FLOOR = 1e-9;

export function expectationMaximisation(
  table: PatternTable,
  counts: PatternCounts,
  start: FsParameters,
  options: EmOptions = {},
): EmResult {
  const comparisons = start.m.length;
  const include = options.include ?? start.m.map(() => true);
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const priorM = options.priorM ?? start.m;
  const strength = options.priorStrength ?? 0;
  let m: Float64Array[] = start.m.map((row) => Float64Array.from(row));
  let u: Float64Array[] = start.u.map((row) => Float64Array.from(row));
  let lambda = start.lambda;
  const patterns = Math.min(table.size, counts.counts.length);
  const total = counts.total();
  let matches = 0;
  let iteration = 0;
  const rows = table.rows;
  const offsets = Int32Array.from(m, (_, c) => m.slice(0, c).reduce((sum, row) => sum + row.length + 1, 0));
  const ratioSize = m.reduce((sum, row) => sum + row.length + 1, 0);
  const logRatio = new Float64Array(ratioSize);
  const included = Int32Array.from(
    include.flatMap((yes, c) => (yes ? [c] : [])),
    (c) => c,
  );
  for (; iteration < maxIterations; iteration += 1) {
    const matchSums = m.map((row) => new Float64Array(row.length));
    const nonMatchSums = u.map((row) => new Float64Array(row.length));
    const logPrior = Math.log(lambda / (1 - lambda));
    // log(m/u) per comparison and level, flat; the missing level stays 0.
    m.forEach((row, c) =>
      row.forEach((value, level) => (logRatio[offsets[c]! + level] = Math.log(value / u[c]![level]!))),
    );
    matches = 0;
    for (let id = 0; id < patterns; id += 1) {
      const count = counts.counts[id]!;
      if (count === 0) continue;
      const row = id * comparisons;
      let logOdds = logPrior;
      for (let k = 0; k < included.length; k += 1) {
        const c = included[k]!;
        logOdds += logRatio[offsets[c]! + rows[row + c]!]!;
      }
      const posterior = 1 / (1 + Math.exp(-logOdds));
      const matchWeight = count * posterior;
      const nonMatchWeight = count - matchWeight;
      matches += matchWeight;
      for (let c = 0; c < comparisons; c += 1) {
        const level = rows[row + c]!;
        if (level >= m[c]!.length) continue;
        matchSums[c]![level]! += matchWeight;
        nonMatchSums[c]![level]! += nonMatchWeight;
      }
    }
    const nextM = matchSums.map((sums, c) => normalize(sums, priorM[c]!, strength));
    const nextU = options.fixU ? u : nonMatchSums.map((sums) => normalize(sums, undefined, 0));
    const nextLambda = Math.min(1 - FLOOR, Math.max(FLOOR, matches / total));
    const change = Math.max(
      Math.abs(nextLambda - lambda),
      ...nextM.flatMap((row, c) => (include[c] ? [...row].map((value, level) => Math.abs(value - m[c]![level]!)) : [])),
    );
    m = nextM.map((row, c) => (include[c] ? row : m[c]!));
    u = nextU;
    lambda = nextLambda;
    if (change < tolerance) {
      iteration += 1;
      break;
    }
  }
  return { m, u, lambda, iterations: iteration, matches };
}

function normalize(sums: Float64Array, prior: Float64Array | undefined, strength: number): Float64Array {
  let total = strength;
  for (const value of sums) total += value;
  return Float64Array.from(sums, (value, level) => {
    const withPrior = value + (prior ? prior[level]! * strength : 0);
    return Math.max(FLOOR, total > 0 ? withPrior / total : 1 / sums.length);
  });
}
