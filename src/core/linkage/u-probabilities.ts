/**
 * P(level | non-match) of each comparison, from random pairs: two records drawn at random are almost never the same
 * person, so how often they agree by chance is what agreement is worth against. Exact agreement is counted exactly
 * from the value frequencies (Σ c·(c-1)/2 agreeing pairs); the other levels share the rest in the proportions seen
 * on a sample of random pairs (all pairs, when there are fewer than the sample size).
 */
import type { Comparison } from './comparisons.js';

export interface UEstimate {
  /** Per comparison, per level (missing excluded). */
  readonly u: Float64Array[];
  /** Per comparison: pairs of records that both have a value (the population `u` describes). */
  readonly pairsWithValues: Float64Array;
}

export interface RandomPairOptions {
  readonly size: number;
  /** Linking: records below `split` are the first file's; pairs are one from each. */
  readonly split?: number;
  readonly samples?: number;
  readonly seed?: number;
}

export function estimateU(comparisons: readonly Comparison[], options: RandomPairOptions): UEstimate {
  const sampled = comparisons.map((comparison, c) => {
    const counts = new Float64Array(comparison.levels.length);
    // Names and text cost a string similarity per pair; dates, codes and numbers are cheap, and their rare levels
    // (a birth year typed a few years off) need more pairs to be seen at all.
    const expensive = comparison.kind === 'name' || comparison.kind === 'text';
    const samples = options.samples ?? (expensive ? 50_000 : 200_000);
    forRandomPairs({ ...options, seed: (options.seed ?? 0x5eed) + c }, samples, (a, b) => {
      const level = comparison.level(a, b);
      if (level < comparison.levels.length) counts[level]! += 1;
    });
    return counts;
  });
  const pairsWithValues = new Float64Array(comparisons.length);
  const u = comparisons.map((comparison, c) => {
    const { agreeing, pairs } = exactAgreement(comparison, options.size, options.split);
    pairsWithValues[c] = pairs;
    const exact = pairs > 0 ? agreeing / pairs : 0;
    const counts = sampled[c]!;
    const levels = comparison.levels.length;
    let others = 0;
    for (let level = 1; level < levels; level += 1) others += counts[level]! + 0.5;
    const row = new Float64Array(levels);
    // Never 0 nor 1: a level must stay possible for non-matches, however rare.
    row[0] = Math.min(Math.max(exact, 0.5 / Math.max(pairs, 1)), 1 - 1e-6);
    for (let level = 1; level < levels; level += 1) row[level] = ((1 - row[0]) * (counts[level]! + 0.5)) / others;
    return row;
  });
  return { u, pairsWithValues };
}

/** Calls `visit` for `samples` random pairs of distinct records (or every pair, if there are fewer). */
export function forRandomPairs(
  options: RandomPairOptions,
  samples: number,
  visit: (a: number, b: number) => void,
): void {
  const { size, split } = options;
  const total = split === undefined ? (size * (size - 1)) / 2 : split * (size - split);
  if (total <= samples) {
    for (let a = 0; a < (split ?? size); a += 1) {
      for (let b = split === undefined ? a + 1 : split; b < size; b += 1) visit(a, b);
    }
    return;
  }
  const random = mulberry32(options.seed ?? 0x5eed);
  for (let drawn = 0; drawn < samples; drawn += 1) {
    if (split === undefined) {
      const a = Math.floor(random() * size);
      let b = Math.floor(random() * (size - 1));
      if (b >= a) b += 1;
      visit(Math.min(a, b), Math.max(a, b));
    } else {
      visit(Math.floor(random() * split), split + Math.floor(random() * (size - split)));
    }
  }
}

function exactAgreement(comparison: Comparison, size: number, split: number | undefined) {
  const { codes, space } = comparison.field;
  if (split === undefined) {
    const counts = comparison.field.counts;
    let agreeing = 0;
    for (const count of counts) agreeing += (count * (count - 1)) / 2;
    const present = comparison.field.present;
    return { agreeing, pairs: (present * (present - 1)) / 2 };
  }
  const first = new Float64Array(space.values.length);
  const second = new Float64Array(space.values.length);
  let presentFirst = 0;
  let presentSecond = 0;
  for (let record = 0; record < size; record += 1) {
    const code = codes[record]!;
    if (code < 0) continue;
    if (record < split) {
      first[code]! += 1;
      presentFirst += 1;
    } else {
      second[code]! += 1;
      presentSecond += 1;
    }
  }
  let agreeing = 0;
  for (let code = 0; code < first.length; code += 1) agreeing += first[code]! * second[code]!;
  return { agreeing, pairs: presentFirst * presentSecond };
}

/** A small seeded generator, so that the same input always gives the same answer. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
