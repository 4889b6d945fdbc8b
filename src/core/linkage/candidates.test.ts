import { describe, expect, it } from 'vitest';
import type { BlockingPass } from './blocking.js';
import { forEachCandidate } from './candidates.js';

/** A pass from each record's keys (one array per slot; -1 = none). */
function pass(name: string, ...slots: number[][]): BlockingPass {
  const keyCount = Math.max(-1, ...slots.flat()) + 1;
  return { name, keys: slots.map((slot) => Int32Array.from(slot)), keyCount, fields: [], pairs: 0 };
}

function collect(passes: BlockingPass[], options: { split?: number; maxBlockSize?: number } = {}) {
  const seen: Array<[number, number, number]> = [];
  const stats = forEachCandidate(
    passes,
    { size: passes[0]!.keys[0]!.length, maxBlockSize: 100, window: 1, sortKey: String, ...options },
    (a, b, mask) => seen.push([a, b, mask]),
  );
  return { seen, stats };
}

describe('walking the candidate pairs', () => {
  // Records 0-5. Pass A: {0,1,2} share key 0, {3,4} key 1. Pass B (two slots, shared keys): 0 and 3 share key 5
  // through different slots, 1 and 2 share key 6 in both slots.
  const passes = [pass('A', [0, 0, 0, 1, 1, -1]), pass('B', [5, 6, 6, 7, -1, 8], [9, 6, 6, 5, -1, -1])];

  it('gives each pair once, with the set of passes it shares a key in', () => {
    const { seen, stats } = collect(passes);
    expect(seen.sort()).toEqual([
      [0, 1, 0b01],
      [0, 2, 0b01],
      [0, 3, 0b10],
      [1, 2, 0b11],
      [3, 4, 0b01],
    ]);
    expect(stats.map((stat) => [stat.pass, stat.pairs, stat.newPairs])).toEqual([
      ['A', 4, 4],
      ['B', 2, 1],
    ]);
  });

  it('links only across the two files', () => {
    const { seen } = collect(passes, { split: 2 });
    expect(seen.map(([a, b]) => [a, b]).sort()).toEqual([
      [0, 2],
      [0, 3],
      [1, 2],
    ]);
  });

  it('compares a block larger than the limit with near neighbours only, and says so', () => {
    const big = [pass('big', [0, 0, 0, 0, 0, 0])];
    const { seen, stats } = collect(big, { maxBlockSize: 4 });
    expect(seen).toHaveLength(5);
    expect(stats[0]).toMatchObject({ oversizedBlocks: 1, recordsInOversizedBlocks: 6 });
  });
});
