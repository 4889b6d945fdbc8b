import { describe, expect, it } from 'vitest';
import { PairCache } from './pair-cache.js';

describe('the cache of results per pair of values', () => {
  for (const size of [100, 100_000]) {
    it(`gives the computed result in either order (${size} values)`, () => {
      let calls = 0;
      const cache = new PairCache(size, (a, b) => {
        calls += 1;
        return (a * 7 + b) % 100;
      });
      expect(cache.get(3, 9)).toBe((3 * 7 + 9) % 100);
      expect(cache.get(9, 3)).toBe((3 * 7 + 9) % 100);
      expect(calls).toBe(1);
      for (let a = 0; a < 300; a += 1)
        expect(cache.get(a % size, (a * 31) % size)).toBe(
          (Math.min(a % size, (a * 31) % size) * 7 + Math.max(a % size, (a * 31) % size)) % 100,
        );
    });
  }

  it('computes every time, still right, for more values than a slot can pack', () => {
    let calls = 0;
    const cache = new PairCache(9_000_000, (a, b) => {
      calls += 1;
      return (a + b) % 128;
    });
    expect(cache.get(8_999_999, 5)).toBe((8_999_999 + 5) % 128);
    expect(cache.get(5, 8_999_999)).toBe((8_999_999 + 5) % 128);
    expect(calls).toBe(2);
  });
});
