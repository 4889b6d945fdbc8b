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
