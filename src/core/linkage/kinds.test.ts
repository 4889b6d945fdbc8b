import { describe, expect, it } from 'vitest';
import { LinkageInputError, parseFieldSpecs } from './kinds.js';

describe('the --fields list', () => {
  it('reads column:kind pairs, spaces and empty items ignored', () => {
    expect(parseFieldSpecs(' given_name:name, date_of_birth : date,,soc_sec_id:ignore ')).toEqual([
      { column: 'given_name', kind: 'name' },
      { column: 'date_of_birth', kind: 'date' },
      { column: 'soc_sec_id', kind: 'ignore' },
    ]);
  });

  it('keeps a colon inside a column name', () => {
    expect(parseFieldSpecs('child:given:name')).toEqual([{ column: 'child:given', kind: 'name' }]);
  });

  it('refuses unknown kinds, items without a kind, repeated columns and an empty list, naming the culprit', () => {
    expect(() => parseFieldSpecs('surname:fuzzy')).toThrow(/"fuzzy" \(for surname\) is not a kind; kinds: name, date/);
    expect(() => parseFieldSpecs('surname')).toThrow(LinkageInputError);
    expect(() => parseFieldSpecs('surname:name,surname:text')).toThrow(/surname is listed twice/);
    expect(() => parseFieldSpecs(' , ')).toThrow(/at least one/);
  });
});
