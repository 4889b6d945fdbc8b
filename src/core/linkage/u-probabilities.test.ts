import { describe, expect, it } from 'vitest';
import { buildComparisons } from './comparisons.js';
import { prepareFields } from './fields.js';
import { recordTable } from './record-table.js';
import { estimateU, forRandomPairs } from './u-probabilities.js';

describe('u from random pairs', () => {
  it('counts exact agreement from value frequencies and the other levels over every pair of a small file', () => {
    // Postcodes: 2257 ×3, 2258 ×1, 9999 ×1, one missing. Pairs with values: 10; exact: 3; one edit: 3; different: 4.
    const table = recordTable(
      ['id', 'postcode'],
      [
        ['1', '2257'],
        ['2', '2257'],
        ['3', '2257'],
        ['4', '2258'],
        ['5', '9999'],
        ['6', ''],
      ],
    );
    const comparisons = buildComparisons(prepareFields(table, [{ column: 'postcode', kind: 'code' }]));
    const { u, pairsWithValues } = estimateU(comparisons, { size: table.size });
    expect(pairsWithValues[0]).toBe(10);
    expect(u[0]![0]).toBeCloseTo(0.3, 10);
    // The rest, 0.7, shared 3.5 : 4.5 (half a pair added to each level so none is impossible).
    expect(u[0]![1]).toBeCloseTo((0.7 * 3.5) / 8, 10);
    expect(u[0]![2]).toBeCloseTo((0.7 * 4.5) / 8, 10);
  });

  it('draws the same random pairs for the same seed, distinct records, across the two files when linking', () => {
    const draw = (seed: number, split?: number) => {
      const pairs: string[] = [];
      forRandomPairs({ size: 1000, split, seed }, 50, (a, b) => pairs.push(`${a}-${b}`));
      return pairs;
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    for (const pair of draw(1)) {
      const [a, b] = pair.split('-').map(Number);
      expect(a).toBeLessThan(b!);
    }
    for (const pair of draw(1, 400)) {
      const [a, b] = pair.split('-').map(Number);
      expect(a).toBeLessThan(400);
      expect(b).toBeGreaterThanOrEqual(400);
    }
  });
});
