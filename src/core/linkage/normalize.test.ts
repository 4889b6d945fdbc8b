import { describe, expect, it } from 'vitest';
import { inferDateOrder, looksLikeDate, normalizeDate } from './dates.js';
import { normalizeCode, normalizeName, normalizeText, squash } from './normalize.js';

describe('normalising values', () => {
  it('folds accents, case, apostrophes and separators out of names', () => {
    expect(normalizeName('  Zoë  O’Brien-Smith ')).toBe('zoe obrien smith');
    expect(normalizeName('JOSÉ')).toBe(normalizeName('jose'));
    expect(normalizeName(' -- ')).toBe('');
  });

  it('keeps letters and digits of text, and only letters and digits of codes', () => {
    expect(normalizeText('Flat 68,  Woralul St.')).toBe('flat 68 woralul st');
    expect(normalizeCode('SW1A 1AA')).toBe('sw1a1aa');
    expect(normalizeCode('123-45-6789')).toBe('123456789');
    expect(squash('lubuma place')).toBe('lubumaplace');
  });
});

describe('dates', () => {
  it('writes every form as YYYYMMDD, keeping impossible dates as typed', () => {
    expect(normalizeDate('19161017')).toBe('19161017');
    expect(normalizeDate('19160017')).toBe('19160017');
    expect(normalizeDate('1916-10-7')).toBe('19161007');
    expect(normalizeDate('1916-10-07T00:00:00Z')).toBe('19161007');
    expect(normalizeDate('7/10/1916', 'dmy')).toBe('19161007');
    expect(normalizeDate('10/7/1916', 'mdy')).toBe('19161007');
    expect(normalizeDate('next tuesday')).toBeUndefined();
  });

  it('tells day-first from month-first columns by the parts above 12', () => {
    expect(inferDateOrder(['03/12/1990', '25/01/1985'])).toBe('dmy');
    expect(inferDateOrder(['03/12/1990', '01/25/1985', '12/31/2000'])).toBe('mdy');
    expect(inferDateOrder(['1990-01-02'])).toBe('dmy');
  });

  it('recognises plausible dates only', () => {
    expect(looksLikeDate('19770501')).toBe(true);
    expect(looksLikeDate('4975843')).toBe(false);
    expect(looksLikeDate('12345678')).toBe(false);
  });
});
