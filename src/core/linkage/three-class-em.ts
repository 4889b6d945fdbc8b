/**
 * Expectation-maximisation of the three-class model (same person, relatives, unrelated; see relatives.ts) over the candidate pairs' comparison patterns, without
 * labels. Each pattern is the same person (M), relatives (R) or unrelated (U); u is fixed (random pairs estimate it
 * better), R takes M's m on the family fields and u on the person's own fields. EM alternates: each pattern's
 * probability of M, R and U; then the class shares and m as averages weighted by them. A Dirichlet prior worth
 * `priorStrength` pairs keeps m near typical values where the data say little, so that no level gets m = 0.
 */
import { TWIN_SHARE } from './relatives.js';

export interface ThreeClassInput {
  /** Per pattern, per field: the level, or -1 when missing. */
  readonly patterns: readonly Int8Array[];
  readonly counts: readonly number[];
  readonly family: readonly boolean[];
  /** Per field: whether it takes part (a blocking pass's own fields say nothing about its pairs); all by default. */
  readonly include?: readonly boolean[];
  /** The index of the event date field (its exact level is shared by twins), or -1. */
  readonly eventDate: number;
  readonly u: readonly number[][];
  readonly startM: readonly number[][];
  readonly lambda: number;
  readonly relatives: number;
  readonly priorStrength: number;
  readonly iterations?: number;
}

export interface ThreeClassFit {
  readonly m: number[][];
  readonly lambda: number;
  readonly relatives: number;
}

const FLOOR = 1e-6;

export function threeClassEm(input: ThreeClassInput): ThreeClassFit {
  const fields = input.u.length;
  const hasFamily = input.family.some(Boolean);
  let m = input.startM.map((row) => [...row]);
  let lambda = input.lambda;
  let relatives = hasFamily ? input.relatives : 0;
  const relativeProbability = (field: number, level: number) =>
    field === input.eventDate
      ? level === 0
        ? TWIN_SHARE
        : ((1 - TWIN_SHARE) * input.u[field]![level]!) / Math.max(FLOOR, 1 - input.u[field]![0]!)
      : input.u[field]![level]!;
  for (let iteration = 0; iteration < (input.iterations ?? 100); iteration += 1) {
    const mCounts = input.startM.map((row) => row.map((share) => share * input.priorStrength));
    let sumM = 0;
    let sumR = 0;
    let total = 0;
    input.patterns.forEach((pattern, p) => {
      let pM = lambda;
      let pR = relatives;
      let pU = Math.max(FLOOR, 1 - lambda - relatives);
      for (let f = 0; f < fields; f += 1) {
        const level = pattern[f]!;
        if (level < 0 || input.include?.[f] === false) continue;
        pM *= m[f]![level]!;
        pU *= input.u[f]![level]!;
        pR *= input.family[f] ? m[f]![level]! : relativeProbability(f, level);
      }
      const sum = pM + pR + pU || FLOOR;
      const n = input.counts[p]!;
      const wM = (n * pM) / sum;
      const wR = (n * pR) / sum;
      sumM += wM;
      sumR += wR;
      total += n;
      for (let f = 0; f < fields; f += 1) {
        const level = pattern[f]!;
        if (level < 0 || input.include?.[f] === false) continue;
        // m is learnt from the duplicates alone, the family fields' too, though relatives share it: the relatives'
        // class also soaks up strangers who share a common mother's name, and taught m that a mother's birth date
        // or identity number often differs (26% for one child entered twice, against 1% learnt from duplicates).
        mCounts[f]![level]! += wM;
      }
    });
    const next = mCounts.map((row) => {
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((value) => Math.max(FLOOR, value / sum));
    });
    const nextLambda = Math.min(0.9, Math.max(1e-5, sumM / total));
    const nextRelatives = hasFamily ? Math.min(0.9 - nextLambda, Math.max(1e-3, sumR / total)) : 0;
    const change = Math.abs(nextLambda - lambda) + Math.abs(nextRelatives - relatives);
    m = next;
    lambda = nextLambda;
    relatives = nextRelatives;
    if (change < 1e-7) break;
  }
  return { m, lambda, relatives };
}
