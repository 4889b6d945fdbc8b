import { describe, expect, it } from 'vitest';
import { inferFieldKind } from './infer-kinds.js';

function sample(column: string, values: string[]) {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  return inferFieldKind({ column, values: [...counts.keys()], counts: [...counts.values()] }).kind;
}

describe('guessing a column’s kind', () => {
  it('reads the FEBRL header as a person would', () => {
    expect(sample('given_name', ['kayla', 'lachlan', 'deakin'])).toBe('name');
    expect(sample('surname', ['waller', 'berry', 'sondergeld'])).toBe('name');
    expect(sample('street_number', ['6', '69', '48'])).toBe('code');
    expect(sample('address_1', ['tullaroop street', 'giblin street'])).toBe('text');
    expect(sample('suburb', ['st james', 'bittern'])).toBe('text');
    expect(sample('postcode', ['4011', '4814'])).toBe('code');
    expect(sample('state', ['wa', 'qld', 'vic'])).toBe('code');
    expect(sample('date_of_birth', ['19081209', '19990219'])).toBe('date');
    expect(sample('soc_sec_id', ['6988048', '7364009'])).toBe('id');
  });

  it('goes by the values when the header says nothing', () => {
    expect(sample('c1', ['1990-01-02', '2001-12-31', '1985-07-04'])).toBe('date');
    expect(sample('c2', ['83920174', '10384756', '99283746'])).toBe('id');
    expect(sample('c3', ['m', 'f', 'f'])).toBe('code');
    const names = Array.from(
      { length: 40 },
      (_, index) => `name${String.fromCharCode(97 + (index % 26))}x${index > 25 ? 'y' : ''}`,
    );
    expect(sample('c5', names)).toBe('name');
    expect(sample('c6', ['nsw', 'vic', 'qld', 'wa', 'nsw'])).toBe('code');
    expect(sample('c4', ['the old mill house by the river', 'flat 4 north wing'])).toBe('text');
  });

  it('believes the header only when the values agree, and ignores an empty column', () => {
    expect(sample('date_of_birth', ['unknown', 'about 1950', 'n/a'])).toBe('text');
    expect(sample('first_name', ['123', '456'])).not.toBe('name');
    expect(sample('notes', ['', ''])).toBe('ignore');
  });
});
