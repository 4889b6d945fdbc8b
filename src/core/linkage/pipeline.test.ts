import { describe, expect, it } from 'vitest';
import { LinkageInputError } from './kinds.js';
import { findDuplicates, linkRecords, type LinkageResult } from './pipeline.js';
import { recordTable, valueOf, type RecordTable } from './record-table.js';
import {
  FAMILY_REGISTER,
  FAMILY_REGISTER_DUPLICATES,
  TEST_PEOPLE_COLUMNS,
  testPeople,
  truePairs,
} from './test-people.js';

function f1(found: Set<string>, truth: Set<string>): { precision: number; recall: number; f1: number } {
  const hits = [...found].filter((pair) => truth.has(pair)).length;
  const precision = hits / Math.max(found.size, 1);
  const recall = hits / Math.max(truth.size, 1);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(precision + recall, 1e-12) };
}

function foundPairs(result: LinkageResult): Set<string> {
  return new Set(Array.from(result.pairs.a, (a, index) => `${a}-${result.pairs.b[index]}`));
}

function idPairs(table: RecordTable, result: LinkageResult, score = false): string[] {
  return Array.from(result.pairs.a, (a, index) => {
    const pair = `${valueOf(table, 0, a)}-${valueOf(table, 0, result.pairs.b[index]!)}`;
    return score ? `${pair} ${result.pairs.score[index]!.toFixed(2)}` : pair;
  }).sort();
}

describe('finding duplicates without labels', () => {
  const people = testPeople(800, 200);
  const table = recordTable(TEST_PEOPLE_COLUMNS, people.rows);

  it('finds the duplicates of a register it has never seen, inferring what each column holds', () => {
    const result = findDuplicates(table, { idColumn: 'id' });
    expect(result.fields.map((field) => `${field.column}:${field.kind}`)).toEqual([
      'given_name:name',
      'family_name:name',
      'date_of_birth:date',
      'address:text',
      'village:text',
    ]);
    const quality = f1(foundPairs(result), truePairs(people.person));
    expect(quality.precision).toBeGreaterThanOrEqual(0.98);
    expect(quality.recall).toBeGreaterThanOrEqual(0.98);
    for (const score of result.pairs.score) expect(score).toBeGreaterThanOrEqual(0.5);
    expect(result.candidatePairs).toBeLessThan((table.size * (table.size - 1)) / 2 / 20);
  });

  it('reports only pairs at or above the threshold asked for', () => {
    const strict = findDuplicates(table, { idColumn: 'id', threshold: 0.999 });
    const loose = findDuplicates(table, { idColumn: 'id', threshold: 0.5 });
    expect(strict.pairs.a.length).toBeLessThanOrEqual(loose.pairs.a.length);
    for (const score of strict.pairs.score) expect(score).toBeGreaterThanOrEqual(0.999);
  });

  it('links two files: each pair is one record of each', () => {
    const originals = recordTable(TEST_PEOPLE_COLUMNS, people.rows.slice(0, 800));
    const copies = recordTable(TEST_PEOPLE_COLUMNS, people.rows.slice(800));
    const result = linkRecords(originals, copies, { idColumn: 'id' });
    const truth = new Set(people.person.slice(800).map((who, copy) => `${who}-${copy}`));
    const quality = f1(foundPairs(result), truth);
    expect(quality.f1).toBeGreaterThanOrEqual(0.97);
  });

  it('keeps brothers, sisters and twins apart, and finds a child entered twice with a year typo or swapped names', () => {
    const [header, ...rows] = FAMILY_REGISTER.trim()
      .split('\n')
      .map((line) => line.split(','));
    const register = recordTable(header!, rows);
    const result = findDuplicates(register, { idColumn: 'id' });
    expect(idPairs(register, result)).toEqual([...FAMILY_REGISTER_DUPLICATES].sort());
    expect(result.roles).toEqual(['person', 'family', 'person', 'family', 'family', 'family']);
    expect(result.shares.relatives).toBeGreaterThan(result.shares.person);
  });

  it('refuses an id column or a field the file does not have, and a file with nothing left to compare', () => {
    expect(() => findDuplicates(table, { idColumn: 'nope' })).toThrow(LinkageInputError);
    expect(() => findDuplicates(table, { idColumn: 'id', fields: [{ column: 'mother', kind: 'name' }] })).toThrow(
      /--fields names mother, which is not a column/,
    );
    const ignored = TEST_PEOPLE_COLUMNS.slice(1).map((column) => ({ column, kind: 'ignore' as const }));
    expect(() => findDuplicates(table, { idColumn: 'id', fields: ignored })).toThrow(/no column is left to compare/);
  });
});
