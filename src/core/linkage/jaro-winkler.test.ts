import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler, jaroWinklerBound, jaroWinklerCeiling, maskOf } from './jaro-winkler.js';

describe('Jaro-Winkler similarity', () => {
  it('gives the published values of Winkler’s examples', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.9444, 4);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 4);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('JELLYFISH', 'SMELLYFISH')).toBeCloseTo(0.8963, 4);
  });

  it('is 1 for equal strings, 0 when nothing matches or one side is empty, and symmetric', () => {
    expect(jaroWinkler('kayla', 'kayla')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('hannagan', 'hannaan')).toBeCloseTo(jaroWinkler('hannaan', 'hannagan'), 12);
  });

  it('handles strings longer than its scratch buffers', () => {
    const long = 'x'.repeat(300);
    expect(jaroWinkler(long, `${long}y`)).toBeGreaterThan(0.99);
  });
});

describe('the Jaro-Winkler upper bound', () => {
  it('is never below the similarity itself', () => {
    const words = ['martha', 'marhta', 'kayla', 'harrington', 'hannagan', 'hannaan', 'mikhayla', 'x', 'aaaa', 'ab cd'];
    for (const a of words) {
      for (const b of words) {
        expect(jaroWinklerBound(a, b, maskOf(a), maskOf(b)) + 1e-12).toBeGreaterThanOrEqual(jaroWinkler(a, b));
      }
    }
  });

  it('rules out names that share few letters', () => {
    expect(jaroWinklerBound('kayla', 'harrington', maskOf('kayla'), maskOf('harrington'))).toBeLessThan(0.8);
  });
});

describe('the Jaro-Winkler ceiling from lengths and letter sets', () => {
  const words = [
    'martha',
    'marhta',
    'kayla',
    'harrington',
    'hannagan',
    'hannaan',
    'mikhayla',
    'x',
    'aaaa',
    'ab cd',
    'chanda',
    'mwila',
    'mwilla',
    'thokozani',
    'tokozani',
    'ohmadabadi',
    'ahmadabadi',
    'mary ann',
    'maryann',
    'zz9',
    'éa',
  ];
  it('is never below the similarity itself', () => {
    for (const a of words) {
      for (const b of words) {
        const ceiling = jaroWinklerCeiling(a.length, b.length, maskOf(a), maskOf(b));
        expect(ceiling + 1e-12).toBeGreaterThanOrEqual(jaroWinkler(a, b));
      }
    }
  });

  it('rules out names with different letters', () => {
    expect(jaroWinklerCeiling(6, 5, maskOf('chanda'), maskOf('mwila'))).toBeLessThan(0.8);
  });

  it('is never below the similarity for thousands of random short names', () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
    const word = () =>
      Array.from({ length: 2 + Math.floor(next() * 9) }, () => 'aeimnorstuwy k'[Math.floor(next() * 14)]).join('');
    for (let i = 0; i < 5000; i += 1) {
      const a = word();
      const b = word();
      const ceiling = jaroWinklerCeiling(a.length, b.length, maskOf(a), maskOf(b));
      expect(ceiling + 1e-9).toBeGreaterThanOrEqual(jaroWinkler(a, b));
    }
  });
});
