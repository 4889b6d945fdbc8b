/**
 * The candidate pairs, compared: each pair's comparison vector reduced to a pattern id, and each blocking pass's
 * pattern counts (all the pairs sharing one of its keys, also those an earlier pass found), which is what EM needs.
 * Pairs are kept as three typed arrays (8 bytes and a pattern id each), so tens of millions fit in memory.
 */
import type { BlockingPass } from './blocking.js';
import { forEachCandidate, type PassStats } from './candidates.js';
import type { Comparison } from './comparisons.js';
import { MAX_BLOCK_SIZE, OVERSIZED_BLOCK_WINDOW } from './defaults.js';
import type { PreparedField } from './fields.js';
import { PatternCounts, PatternTable } from './patterns.js';

export interface CandidateSet {
  readonly table: PatternTable;
  /** Pattern counts of every pair of each pass (also those an earlier pass found). */
  readonly perPass: readonly PatternCounts[];
  readonly count: number;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly pattern: Uint32Array;
}

export interface CollectOptions {
  readonly size: number;
  readonly split?: number;
  readonly fields: readonly PreparedField[];
  readonly comparisons: readonly Comparison[];
  readonly passes: readonly BlockingPass[];
  readonly maxBlockSize?: number;
  readonly onPass?: (pass: number) => void;
}

export function collectCandidates(options: CollectOptions): {
  set: CandidateSet;
  stats: PassStats[];
  maxBlockSize: number;
  window: number;
} {
  const { comparisons, passes, fields } = options;
  const table = new PatternTable(comparisons.map((comparison) => comparison.levels.length + 1));
  const perPass = passes.map(() => new PatternCounts());
  const levels = new Uint8Array(comparisons.length);
  let capacity = 1 << 16;
  let a = new Int32Array(capacity);
  let b = new Int32Array(capacity);
  let pattern = new Uint32Array(capacity);
  let count = 0;
  // Neighbours in an oversized block: records sorted by all their values.
  const sortKey = (record: number) =>
    fields.map((field) => (field.codes[record]! < 0 ? '' : field.space.values[field.codes[record]!]!)).join('\u0001');
  const maxBlockSize = options.maxBlockSize ?? MAX_BLOCK_SIZE;
  const stats = forEachCandidate(
    passes,
    {
      size: options.size,
      split: options.split,
      maxBlockSize,
      window: OVERSIZED_BLOCK_WINDOW,
      sortKey,
      onPass: options.onPass,
    },
    (first, second, inPasses) => {
      for (let c = 0; c < comparisons.length; c += 1) levels[c] = comparisons[c]!.level(first, second);
      const id = table.idOf(levels);
      for (let pass = 0; pass < passes.length; pass += 1) if (inPasses & (1 << pass)) perPass[pass]!.add(id);
      if (count === capacity) {
        capacity *= 2;
        a = grow(a, capacity);
        b = grow(b, capacity);
        pattern = grow(pattern, capacity);
      }
      a[count] = first;
      b[count] = second;
      pattern[count] = id;
      count += 1;
    },
  );
  return {
    set: {
      table,
      perPass,
      count,
      a: a.subarray(0, count),
      b: b.subarray(0, count),
      pattern: pattern.subarray(0, count),
    },
    stats,
    maxBlockSize,
    window: OVERSIZED_BLOCK_WINDOW,
  };
}

function grow<T extends Int32Array | Uint32Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}
