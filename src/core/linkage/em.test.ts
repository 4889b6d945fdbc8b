import { describe, expect, it } from 'vitest';
import { expectationMaximisation } from './em.js';
import { PatternCounts, PatternTable } from './patterns.js';
import { mulberry32 } from './u-probabilities.js';

// Three comparisons of three levels (exact, close, different) plus missing, with known parameters.
const M = [
  [0.85, 0.1, 0.05],
  [0.7, 0.2, 0.1],
  [0.9, 0.06, 0.04],
];
const U = [
  [0.02, 0.08, 0.9],
  [0.05, 0.15, 0.8],
  [0.01, 0.04, 0.95],
];
const LAMBDA = 0.15;

function synthetic(pairs: number, seed = 3) {
  const random = mulberry32(seed);
  const table = new PatternTable([4, 4, 4]);
  const counts = new PatternCounts();
  const levels = new Uint8Array(3);
  const draw = (probabilities: number[]) => {
    let roll = random();
    for (let level = 0; level < probabilities.length; level += 1) {
      roll -= probabilities[level]!;
      if (roll < 0) return level;
    }
    return probabilities.length - 1;
  };
  for (let pair = 0; pair < pairs; pair += 1) {
    const match = random() < LAMBDA;
    for (let c = 0; c < 3; c += 1) levels[c] = random() < 0.05 ? 3 : draw(match ? M[c]! : U[c]!);
    counts.add(table.idOf(levels));
  }
  return { table, counts };
}

const rows = (values: number[][]) => values.map((row) => Float64Array.from(row));

describe('expectation-maximisation without labels', () => {
  const { table, counts } = synthetic(40_000);

  it('recovers m, u and the share of matches from pairs alone, missing values left out', () => {
    const flat = [1 / 3, 1 / 3, 1 / 3];
    const fit = expectationMaximisation(table, counts, {
      m: rows([
        [0.6, 0.2, 0.2],
        [0.6, 0.2, 0.2],
        [0.6, 0.2, 0.2],
      ]),
      u: rows([flat, flat, flat]),
      lambda: 0.5,
    });
    expect(fit.lambda).toBeCloseTo(LAMBDA, 1.5);
    fit.m.forEach((row, c) => row.forEach((value, level) => expect(value).toBeCloseTo(M[c]![level]!, 1.5)));
    fit.u.forEach((row, c) => row.forEach((value, level) => expect(value).toBeCloseTo(U[c]![level]!, 1.5)));
    expect(fit.matches / counts.total()).toBeCloseTo(fit.lambda, 6);
  });

  it('with u fixed, estimates m and the share of matches, and leaves excluded comparisons as they started', () => {
    const start = rows([
      [0.5, 0.25, 0.25],
      [0.5, 0.25, 0.25],
      [0.5, 0.25, 0.25],
    ]);
    const fit = expectationMaximisation(
      table,
      counts,
      { m: start, u: rows(U), lambda: 0.3 },
      { fixU: true, include: [true, true, false] },
    );
    expect(fit.lambda).toBeCloseTo(LAMBDA, 1.5);
    expect(fit.m[0]![0]).toBeCloseTo(0.85, 1.5);
    expect(fit.m[1]![2]).toBeCloseTo(0.1, 1.5);
    expect(fit.u[2]).toEqual(Float64Array.from(U[2]!));
    expect(fit.m[2]).toEqual(start[2]);
  });

  it('keeps a level never seen among matches possible, with a prior worth a few pairs', () => {
    const small = new PatternTable([2, 2]);
    const few = new PatternCounts();
    few.add(small.idOf(Uint8Array.of(0, 0)), 20);
    few.add(small.idOf(Uint8Array.of(1, 0)), 2);
    const fit = expectationMaximisation(
      small,
      few,
      {
        m: rows([[0.9], [0.9]]).map(() => Float64Array.of(0.9, 0.1)),
        u: rows([
          [0.1, 0.9],
          [0.1, 0.9],
        ]),
        lambda: 0.5,
      },
      { fixU: true, priorStrength: 10 },
    );
    expect(fit.m[1]![1]).toBeGreaterThan(0.005);
  });
});
