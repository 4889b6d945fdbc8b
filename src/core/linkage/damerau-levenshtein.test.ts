import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, withinOneEdit } from './damerau-levenshtein.js';

describe('Damerau-Levenshtein distance (optimal string alignment)', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    expect(damerauLevenshtein('4957843', '4975843')).toBe(1);
    expect(damerauLevenshtein('ca', 'abc')).toBe(3);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('abc', 'abc')).toBe(0);
    expect(damerauLevenshtein('19161017', '19160017')).toBe(1);
  });

  it('agrees with withinOneEdit on every pair of a small alphabet', () => {
    const words = ['', 'a', 'b', 'ab', 'ba', 'aa', 'abc', 'acb', 'bac', 'abcd', 'abdc', 'badc', 'xbcd', 'abc d'];
    for (const a of words) {
      for (const b of words) {
        expect(withinOneEdit(a, b), `${a} / ${b}`).toBe(damerauLevenshtein(a, b) <= 1);
      }
    }
  });
});
