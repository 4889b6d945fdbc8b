import { describe, expect, it } from 'vitest';
import { concatTables, recordTable, valueOf } from './record-table.js';

describe('records as coded columns', () => {
  it('trims values, gives equal values one code and empty values -1, and grows past its first allocation', () => {
    const rows = Array.from({ length: 3000 }, (_, index) => [String(index), index % 2 ? ' Smith ' : '', 'x']);
    const table = recordTable(['id', 'surname', 'other'], rows);
    expect(table.size).toBe(3000);
    expect(table.codes[1]![1]).toBe(table.codes[1]![3]);
    expect(table.codes[1]![0]).toBe(-1);
    expect(valueOf(table, 1, 2999)).toBe('Smith');
    expect(table.values[0]).toHaveLength(3000);
  });

  it('puts two tables together with codes shared by equal values, columns matched by name', () => {
    const first = recordTable(
      ['id', 'name'],
      [
        ['1', 'Ann'],
        ['2', 'Bo'],
      ],
    );
    const second = recordTable(
      ['name', 'id'],
      [
        ['Bo', '9'],
        ['Cy', '8'],
      ],
    );
    const both = concatTables(first, second);
    expect(both.size).toBe(4);
    expect(both.columns).toEqual(['id', 'name']);
    expect(both.codes[1]![1]).toBe(both.codes[1]![2]);
    expect([0, 1, 2, 3].map((record) => valueOf(both, 0, record))).toEqual(['1', '2', '9', '8']);
    expect(valueOf(both, 1, 3)).toBe('Cy');
  });
});
