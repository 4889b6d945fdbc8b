import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';

const draws = (seed: string | number, n = 1000) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => random.uint32());
};

describe('seededRandom', () => {
  it('gives the same numbers for the same seed, and a number seed equals its text', () => {
    expect(draws('civitas')).toEqual(draws('civitas'));
    expect(draws(7)).toEqual(draws('7'));
  });

  it('gives different numbers for nearby seeds', () => {
    const a = draws(1);
    const b = draws(2);
    expect(a.filter((value, index) => value === b[index]).length).toBeLessThan(3);
  });

  it('keeps int, between and float in range, and spreads them evenly', () => {
    const random = seededRandom('range');
    const counts = new Array<number>(10).fill(0);
    const betweens = new Set<number>();
    let floatsInRange = true;
    for (let index = 0; index < 100_000; index += 1) {
      counts[random.int(10)]! += 1;
      betweens.add(random.between(3, 5));
      const float = random.float();
      floatsInRange &&= float >= 0 && float < 1;
    }
    expect([...betweens].sort()).toEqual([3, 4, 5]);
    expect(floatsInRange).toBe(true);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});
