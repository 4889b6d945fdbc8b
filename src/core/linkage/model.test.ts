import { describe, expect, it } from 'vitest';
import { buildComparisons } from './comparisons.js';
import { prepareFields } from './fields.js';
import { makeModel, probability, scorePair } from './model.js';
import { recordTable } from './record-table.js';

describe('the Fellegi-Sunter model', () => {
  const table = recordTable(
    ['id', 'surname', 'postcode'],
    [
      ['1', 'Smith', '2257'],
      ['2', 'Smith', '2258'],
      ['3', 'Smith', ''],
      ['4', 'Wojciechowski', '2257'],
      ['5', 'Wojciechowski', '9'],
    ],
  );
  const comparisons = buildComparisons(
    prepareFields(table, [
      { column: 'surname', kind: 'name' },
      { column: 'postcode', kind: 'code' },
    ]),
  );
  const parameters = {
    m: [Float64Array.of(0.8, 0.05, 0.03, 0.03, 0.04, 0.05), Float64Array.of(0.9, 0.05, 0.05)],
    u: [Float64Array.of(0.01, 0.01, 0.001, 0.01, 0.02, 0.949), Float64Array.of(0.001, 0.01, 0.989)],
    lambda: 0.001,
  };

  it('weighs each level log2(m/u), a missing value 0, from prior odds log2(λ/(1-λ))', () => {
    const model = makeModel(comparisons, parameters, [false, false]);
    expect(model.weights[0]![0]).toBeCloseTo(Math.log2(80), 10);
    expect(model.weights[1]![2]).toBeCloseTo(Math.log2(0.05 / 0.989), 10);
    expect(model.weights[1]![3]).toBe(0);
    expect(model.priorLogOdds).toBeCloseTo(Math.log2(0.001 / 0.999), 10);
    const levels = new Uint8Array(2);
    const logOdds = scorePair(model, comparisons, 0, 2, levels);
    expect([...levels]).toEqual([0, 3]);
    expect(logOdds).toBeCloseTo(model.priorLogOdds + Math.log2(80), 10);
    expect(probability(logOdds)).toBeCloseTo(1 / (1 + 2 ** -logOdds), 12);
  });

  it('with term frequencies, agreeing on a common surname counts less than on a rare one', () => {
    const model = makeModel(comparisons, parameters, [true, false]);
    const common = scorePair(model, comparisons, 0, 1) - model.weights[1]![1]!;
    const rare = scorePair(model, comparisons, 3, 4) - model.weights[1]![2]!;
    expect(common).toBeCloseTo(model.priorLogOdds + Math.log2(0.8 / (3 / 5)), 10);
    expect(rare).toBeCloseTo(model.priorLogOdds + Math.log2(0.8 / (2 / 5)), 10);
    expect(rare).toBeGreaterThan(common);
  });
});
