import { describe, expect, it } from 'vitest';
import { blockingPasses } from './blocking.js';
import { collectCandidates } from './candidate-set.js';
import { buildComparisons } from './comparisons.js';
import { prepareFields } from './fields.js';
import { candidateLogOdds } from './fit.js';
import { makeModel, scorePair } from './model.js';
import { exactLevelShare, pairRarity } from './pair-rarity.js';
import { recordTable } from './record-table.js';
import { STARTING_M } from './defaults.js';
import { TEST_PEOPLE_COLUMNS, testPeople } from './test-people.js';

describe('term-frequency evidence summed once per candidate pair', () => {
  const people = testPeople(400, 100);
  const table = recordTable(TEST_PEOPLE_COLUMNS, people.rows);
  const fields = prepareFields(table, [
    { column: 'given_name', kind: 'name' },
    { column: 'family_name', kind: 'name' },
    { column: 'date_of_birth', kind: 'date' },
    { column: 'address', kind: 'text' },
    { column: 'village', kind: 'code' },
  ]);
  const comparisons = buildComparisons(fields);
  const passes = blockingPasses(fields, { size: table.size });
  const candidates = collectCandidates({ size: table.size, fields, comparisons, passes }).set;
  const useTermFrequencies = comparisons.map((comparison) => comparison.kind !== 'date');
  const family = comparisons.map((comparison) => comparison.field.column === 'family_name');
  const model = makeModel(
    comparisons,
    {
      m: comparisons.map((comparison) => Float64Array.from(STARTING_M[comparison.kind])),
      u: comparisons.map((comparison) => new Float64Array(comparison.levels.length).fill(1 / comparison.levels.length)),
      lambda: 0.01,
    },
    useTermFrequencies,
  );
  const rarity = pairRarity(comparisons, candidates, useTermFrequencies, family);

  it('gives every candidate the log-odds that scoring it alone, value by value, gives', () => {
    expect(candidates.count).toBeGreaterThan(100);
    const logOdds = candidateLogOdds(
      {
        comparisons,
        passes,
        candidates,
        uEstimate: { u: [], pairsWithValues: new Float64Array() },
        possiblePairs: 1,
        useTermFrequencies,
        rarity,
      },
      model,
    );
    for (let pair = 0; pair < candidates.count; pair += 1) {
      expect(logOdds[pair]).toBeCloseTo(scorePair(model, comparisons, candidates.a[pair]!, candidates.b[pair]!), 9);
    }
  });

  it('keeps the family fields’ share apart, for the relatives class', () => {
    const familyShare = exactLevelShare(candidates.table, model, (c) => family[c]!);
    for (let pair = 0; pair < candidates.count; pair += 1) {
      const a = candidates.a[pair]!;
      const b = candidates.b[pair]!;
      const surname = comparisons.findIndex((comparison) => comparison.field.column === 'family_name');
      const agree = comparisons[surname]!.level(a, b) === 0;
      const expected = agree ? model.exactAdjustments[surname]![comparisons[surname]!.field.codes[a]!]! : 0;
      expect(familyShare[candidates.pattern[pair]!]! + rarity.family[pair]!).toBeCloseTo(expected, 9);
    }
  });
});
