import { describe, expect, it } from 'vitest';
import { estimateClassShares, personPosteriors, type PairEvidence } from './relatives.js';
import { mulberry32 } from './u-probabilities.js';

const evidence = (person: number[], relatives: number[], relativesPossible = true): PairEvidence => ({
  person: Float64Array.from(person),
  relatives: Float64Array.from(relatives),
  relativesPossible,
});

describe('telling one person entered twice from two relatives', () => {
  // log2 Bayes factors against "unrelated". A twin-like pair: the family's fields agree (30 bits for both classes),
  // given names differ (-5 for a person, 0 for relatives), same birth date (15 bits for a person; 10 for relatives:
  // twins happen, one pair of relatives in 30 against one pair of strangers in 30,000).
  const twinLike = { person: 30 - 5 + 15, relatives: 30 + 10 };
  // One child entered twice: the same with agreeing given names (+7 for a person, 0 for relatives).
  const duplicate = { person: 30 + 7 + 15, relatives: 30 + 10 };

  it('calls twins relatives when relatives are common, and a duplicate the same person', () => {
    const pairs = evidence([twinLike.person, duplicate.person], [twinLike.relatives, duplicate.relatives]);
    const [twins, same] = personPosteriors(pairs, { person: 1e-4, relatives: 1e-3 });
    expect(twins).toBeLessThan(0.15);
    expect(same).toBeGreaterThan(0.99);
  });

  it('with no relatives possible, is two-class Fellegi-Sunter', () => {
    const pairs = evidence([twinLike.person], [-Infinity], false);
    const [posterior] = personPosteriors(pairs, { person: 1e-4, relatives: 0 });
    const logOdds = Math.log2(1e-4 / (1 - 1e-4)) + twinLike.person;
    expect(posterior).toBeCloseTo(1 / (1 + 2 ** -logOdds), 10);
  });

  it('estimates the shares of duplicates and relatives among all pairs from the candidates', () => {
    const random = mulberry32(5);
    const person: number[] = [];
    const relatives: number[] = [];
    // 1,000,000 possible pairs: 300 duplicates, 1,200 relatives, and 20,000 unrelated candidates.
    for (let pair = 0; pair < 300; pair += 1) {
      person.push(40 + random() * 10);
      relatives.push(20 + random() * 5);
    }
    for (let pair = 0; pair < 1200; pair += 1) {
      person.push(10 + random() * 5);
      relatives.push(30 + random() * 5);
    }
    for (let pair = 0; pair < 20_000; pair += 1) {
      person.push(-20 + random() * 10);
      relatives.push(-20 + random() * 10);
    }
    const shares = estimateClassShares(evidence(person, relatives), 1_000_000, 1e-5);
    expect(shares.person * 1_000_000).toBeCloseTo(300, -1);
    expect(shares.relatives * 1_000_000).toBeCloseTo(1200, -1);
  });
});
