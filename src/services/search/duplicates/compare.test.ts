import { describe, expect, it } from 'vitest';
import type { DuplicateField } from '../../../core/forms/index.js';
import { compareValues, levelNames, normalizedValue } from './compare.js';

const given: DuplicateField = { field: 'child.firstNames', compare: 'name', family: false };
const level = (a: [string, string], b: [string, string]) => {
  const [givenA, familyA] = a.map((value) => normalizedValue('name', value));
  const [givenB, familyB] = b.map((value) => normalizedValue('name', value));
  return levelNames(given)[compareValues(given, givenA!, givenB!, { a: familyA!, b: familyB! })];
};

describe('comparing names', () => {
  it('sees given and family names swapped, with a typing error or a middle name left out as well', () => {
    expect(level(['Mutale', 'Phiri'], ['Phiri', 'Mutale'])).toBe('swapped');
    expect(level(['Mayeso', 'Wilson'], ['Wolson', 'Mayeso'])).toBe('swapped');
    expect(level(['Khadija Maryam', 'Mohamedi'], ['Mohamedi', 'Khadija'])).toBe('swapped');
    expect(level(['Cabwe', 'Mwila Kasonde'], ['Mwilla Kasonde', 'Kabwe'])).toBe('swapped');
  });

  it('does not take two children of one family with different given names for swapped names', () => {
    expect(level(['Chanda', 'Mulenga'], ['Mwila', 'Mulenga'])).toBe('different');
    // Only one of the two names crosses over.
    expect(level(['Mulenga', 'Phiri'], ['Banda', 'Mulenga'])).toBe('different');
  });
});

describe('comparing dates', () => {
  const born: DuplicateField = { field: 'child.birthDate', compare: 'date', withinDays: 0, family: false };
  const dateLevel = (a: string, b: string) => levelNames(born)[compareValues(born, a, b)];

  it('sees a year typed wrong, alone or with the day and month swapped as well', () => {
    expect(dateLevel('2019-09-30', '2019-09-30')).toBe('exact');
    expect(dateLevel('2019-09-30', '2021-09-30')).toBe('year 1-3 off');
    expect(dateLevel('2019-09-03', '2021-03-09')).toBe('year 1-3 off');
    expect(dateLevel('2019-09-03', '2019-03-09')).toBe('day/month swapped');
    expect(dateLevel('2019-09-03', '2023-03-09')).toBe('different');
  });
});
