import { describe, expect, it } from 'vitest';
import { blockingPasses } from './blocking.js';
import { forEachCandidate } from './candidates.js';
import { prepareFields, type PreparedField } from './fields.js';
import { recordTable } from './record-table.js';
import { TEST_PEOPLE_COLUMNS, testPeople, truePairs } from './test-people.js';

const KINDS = [
  { column: 'given_name', kind: 'name' },
  { column: 'family_name', kind: 'name' },
  { column: 'date_of_birth', kind: 'date' },
  { column: 'address', kind: 'text' },
  { column: 'village', kind: 'code' },
] as const;

function candidatesOf(fields: PreparedField[], size: number, pairBudget?: number) {
  const passes = blockingPasses(fields, { size, pairBudget });
  const pairs = new Set<string>();
  forEachCandidate(passes, { size, maxBlockSize: 1000, window: 10, sortKey: String }, (a, b) => {
    pairs.add(`${a}-${b}`);
  });
  return { passes, pairs };
}

describe('blocking', () => {
  const people = testPeople(400, 100);
  const table = recordTable(TEST_PEOPLE_COLUMNS, people.rows);
  const fields = prepareFields(table, KINDS);

  it('finds every duplicate (typos, names swapped, a year typed off, a missing address) among few candidates', () => {
    const { pairs } = candidatesOf(fields, table.size);
    const truth = truePairs(people.person);
    const missed = [...truth].filter((pair) => !pairs.has(pair));
    expect(missed).toEqual([]);
    expect(pairs.size).toBeLessThan((table.size * (table.size - 1)) / 2 / 10);
  });

  it('makes the passes the file’s fields allow, each knowing which fields chose its pairs', () => {
    const { passes } = candidatesOf(fields, table.size);
    expect(passes.map((pass) => pass.name)).toEqual([
      'sound of any name + year of date_of_birth',
      'date_of_birth',
      'sounds of given_name and family_name',
      'start of any name + village',
      'sound of any name + village',
      'address + village',
      'sound of any name + address',
    ]);
    expect(passes[1]!.fields).toEqual([2]);
    expect(passes[0]!.fields).toEqual([0, 1, 2]);
  });

  it('narrows a pass that would give too many pairs, and leaves out one it cannot narrow enough', () => {
    const { passes } = candidatesOf(fields, table.size, 60);
    const names = passes.map((pass) => pass.name);
    expect(names).toContain('sound of any name + year of date_of_birth + initial of any name');
    expect(names).toContain('date_of_birth + village');
    expect(names).not.toContain('address + village');
    for (const pass of passes) expect(pass.pairs).toBeLessThanOrEqual(600);
  });

  it('blocks on the values themselves when there are no names, dates or identity numbers', () => {
    const only = prepareFields(table, [{ column: 'address', kind: 'text' }]);
    const passes = blockingPasses(only, { size: table.size });
    expect(passes.map((pass) => pass.name)).toEqual(['address']);
  });
});
