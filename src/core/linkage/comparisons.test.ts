import { describe, expect, it } from 'vitest';
import { buildComparisons, compareDates, type Comparison } from './comparisons.js';
import { prepareFields } from './fields.js';
import type { ComparedKind } from './kinds.js';
import { recordTable } from './record-table.js';

const COLUMNS = ['id', 'given', 'family', 'born', 'street', 'street2', 'postcode', 'nin'];
const KINDS: Record<string, ComparedKind> = {
  given: 'name',
  family: 'name',
  born: 'date',
  street: 'text',
  street2: 'text',
  postcode: 'code',
  nin: 'id',
};

function comparisonsOf(rows: string[][]): Record<string, Comparison> {
  const table = recordTable(COLUMNS, rows);
  const fields = prepareFields(
    table,
    Object.entries(KINDS).map(([column, kind]) => ({ column, kind })),
  );
  return Object.fromEntries(buildComparisons(fields).map((comparison) => [comparison.field.column, comparison]));
}

function levelName(comparison: Comparison, a: number, b: number): string {
  return comparison.levels[comparison.level(a, b)] ?? 'missing';
}

describe('comparing two records field by field', () => {
  const c = comparisonsOf([
    ['1', 'Martha', 'Okafor', '1990-03-04', '12 Market Road', 'Flat 2', '2257', '4957843'],
    ['2', 'marhta', 'okafor', '1990-03-04', '12 market  road', 'flat 2', '2275', '4975843'],
    ['3', 'Okafor', 'Martha', '1990-04-03', 'Flat 2', '12 Market Road', '2257', '4957843'],
    ['4', 'Brian', 'Kathryn', '1988-03-04', '12 Marke Road', '', '9999', '1111111'],
    ['5', 'Brown', 'Banda', '1991-03-04', '', 'x', '', ''],
  ]);

  it('puts names at exact, close, swapped, same-sound or different', () => {
    expect(levelName(c.family!, 0, 1)).toBe('exact');
    expect(levelName(c.given!, 0, 1)).toBe('jw>=0.92');
    expect(levelName(c.given!, 0, 2)).toBe('swapped');
    expect(levelName(c.given!, 3, 4)).toBe('phonetic');
    expect(levelName(c.given!, 0, 4)).toBe('different');
  });

  it('counts a swap once: the later of the two name fields says nothing more', () => {
    expect(levelName(c.family!, 0, 2)).toBe('missing');
  });

  it('ignores case, accents and spacing in text, and sees address lines swapped', () => {
    expect(levelName(c.street!, 0, 1)).toBe('exact');
    expect(levelName(c.street!, 0, 2)).toBe('swapped');
    expect(levelName(c.street!, 0, 3)).toBe('jw>=0.92');
    expect(levelName(c.street!, 0, 4)).toBe('missing');
  });

  it('puts dates at exact, one digit off, day and month swapped, year off or different', () => {
    expect(levelName(c.born!, 0, 1)).toBe('exact');
    expect(levelName(c.born!, 0, 2)).toBe('day/month swapped');
    expect(levelName(c.born!, 0, 3)).toBe('year 1-3 off');
    expect(levelName(c.born!, 0, 4)).toBe('one digit off');
    expect(compareDates('19161017', '19160017')).toBe(1);
    expect(compareDates('19770501', '19320808')).toBe(4);
    // The year two off and the day and month swapped as well: still "year 1-3 off"; four years off is too far.
    expect(compareDates('20190903', '20210309')).toBe(3);
    expect(compareDates('20190903', '20230309')).toBe(4);
  });

  it('puts codes and identity numbers at exact, one edit or transposition, or different', () => {
    expect(levelName(c.postcode!, 0, 2)).toBe('exact');
    expect(levelName(c.postcode!, 0, 1)).toBe('one edit');
    expect(levelName(c.postcode!, 0, 3)).toBe('different');
    expect(levelName(c.nin!, 0, 1)).toBe('one edit');
    expect(levelName(c.nin!, 0, 4)).toBe('missing');
  });
});
