/**
 * The term-frequency part of each candidate pair's evidence, summed once. The exact level's adjustment
 * (`term-frequency.ts`) is log2(u_exact / frequency) = log2(u_exact) + rarity, where rarity = -log2(frequency) of the
 * shared value depends on the data alone. With the rarity summed per pair here, the model's share is a constant per
 * comparison pattern (`exactLevelShare`), so scoring tens of millions of candidates, several times while fitting, is
 * one addition per pair instead of a walk over the comparisons reading each record's values again.
 */
import type { CandidateSet } from './candidate-set.js';
import type { Comparison } from './comparisons.js';
import type { LinkageModel } from './model.js';
import type { PatternTable } from './patterns.js';

export interface PairRarity {
  /** Per candidate: the rarity of the values it agrees on exactly, over the comparisons with term frequencies. */
  readonly all: Float64Array;
  /** The same over the family's fields only (what two relatives share as well). */
  readonly family: Float64Array;
}

export function pairRarity(
  comparisons: readonly Comparison[],
  candidates: CandidateSet,
  useTermFrequencies: readonly boolean[],
  family: readonly boolean[],
): PairRarity {
  const { table } = candidates;
  const rarities = comparisons.map((comparison, c) => (useTermFrequencies[c] ? valueRarity(comparison) : undefined));
  // Per pattern, the comparisons with term frequencies at their exact level, flat.
  const offsets = new Int32Array(table.size + 1);
  const exact: number[] = [];
  for (let id = 0; id < table.size; id += 1) {
    for (let c = 0; c < comparisons.length; c += 1) if (rarities[c] && table.level(id, c) === 0) exact.push(c);
    offsets[id + 1] = exact.length;
  }
  const codes = comparisons.map((comparison) => comparison.field.codes);
  const all = new Float64Array(candidates.count);
  const familyOnly = new Float64Array(family.some(Boolean) ? candidates.count : 0);
  for (let pair = 0; pair < candidates.count; pair += 1) {
    const id = candidates.pattern[pair]!;
    const a = candidates.a[pair]!;
    let sum = 0;
    let familySum = 0;
    for (let k = offsets[id]!; k < offsets[id + 1]!; k += 1) {
      const c = exact[k]!;
      const value = rarities[c]![codes[c]![a]!]!;
      sum += value;
      if (family[c]) familySum += value;
    }
    all[pair] = sum;
    if (familyOnly.length > 0) familyOnly[pair] = familySum;
  }
  return { all, family: familyOnly };
}

/**
 * Per pattern: what the model adds for exact agreement on the comparisons with term frequencies (log2 of their u
 * at the exact level), over the comparisons `which` selects; plus a pair's rarity, its exact adjustments.
 */
export function exactLevelShare(
  table: PatternTable,
  model: LinkageModel,
  which: (c: number) => boolean = () => true,
): Float64Array {
  const logU = model.u.map((row) => Math.log2(row[0]!));
  const result = new Float64Array(table.size);
  for (let id = 0; id < table.size; id += 1) {
    let sum = 0;
    for (let c = 0; c < logU.length; c += 1) {
      if (model.exactAdjustments[c] && which(c) && table.level(id, c) === 0) sum += logU[c]!;
    }
    result[id] = sum;
  }
  return result;
}

/** -log2 of each value's frequency in its field (0 for a value the field never holds). */
function valueRarity(comparison: Comparison): Float64Array {
  const { counts, present } = comparison.field;
  return Float64Array.from(counts, (count) => (count === 0 ? 0 : -Math.log2(count / Math.max(present, 1))));
}
