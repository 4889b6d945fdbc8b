import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCsv, type CsvTable } from './csv.js';

const Row = z.object({ code: z.string().min(1, 'is required'), note: z.string().nullable() }).strict();
const TABLE: CsvTable<z.infer<typeof Row>> = {
  columns: { code: { field: 'code' }, note: { field: 'note', optional: true } },
  schema: Row,
  key: 'code',
};

describe('parseCsv', () => {
  it('reads an optional column left out or left empty as null, and keeps the line of each row', () => {
    expect(parseCsv('code\nA\n\nB\n', 'f.csv', TABLE)).toEqual({
      rows: [
        { line: 2, value: { code: 'A', note: null } },
        { line: 4, value: { code: 'B', note: null } },
      ],
      problems: [],
    });
    expect(parseCsv('\uFEFFcode,note\nA,\nB, hello \n', 'f.csv', TABLE).rows.map((row) => row.value)).toEqual([
      { code: 'A', note: null },
      { code: 'B', note: 'hello' },
    ]);
  });

  it('names unknown and repeated columns on line 1 and still checks every row', () => {
    expect(parseCsv('code,colour,colour\n,red,blue\nA,x,y\nA,x,y\n', 'f.csv', TABLE).problems).toEqual([
      'f.csv:1: unknown column(s) colour',
      'f.csv:1: column(s) colour named twice',
      'f.csv:2: code: is required',
      'f.csv:4: code: A is already on line 3',
    ]);
  });

  it('names a missing required column even when the file has no rows, and reads an empty file as no rows', () => {
    expect(parseCsv('note\n', 'f.csv', TABLE).problems).toEqual(['f.csv:1: missing column(s) code']);
    expect(parseCsv('', 'f.csv', TABLE)).toEqual({ rows: [], problems: [] });
  });

  it('reports a line with too many values by its line number', () => {
    expect(parseCsv('code,note\nA,1\nB,2,3\n', 'f.csv', TABLE).problems).toEqual([
      'f.csv:3: Invalid Record Length: columns length is 2, got 3 on line 3',
    ]);
  });
});
