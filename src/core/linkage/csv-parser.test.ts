import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError } from './csv-parser.js';
import { CsvFormatError, readCsvTable } from './read-csv.js';

function parse(text: string, chunk = text.length): Array<[number, string[]]> {
  const records: Array<[number, string[]]> = [];
  const parser = new CsvParser((values, line) => records.push([line, values]));
  for (let at = 0; at < text.length; at += chunk) parser.push(text.slice(at, at + chunk));
  parser.end();
  return records;
}

const TEXT =
  '\uFEFFid, name , note\r\n' +
  '1, "Banda, Mary" , plain\r\n' +
  '\n' +
  '2,"multi\nline","say ""hi"""\n' +
  '3, O"Brien ,\n' +
  '4,,last';

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parsing CSV', () => {
  const expected: Array<[number, string[]]> = [
    [1, ['id', 'name', 'note']],
    [2, ['1', 'Banda, Mary', 'plain']],
    [4, ['2', 'multi\nline', 'say "hi"']],
    [6, ['3', 'O"Brien', '']],
    [7, ['4', '', 'last']],
  ];

  it('reads quotes, escaped quotes, line breaks in values, CRLF, a BOM, and trims; knows each record’s line', () => {
    expect(parse(TEXT)).toEqual(expected);
  });

  it('gives the same records however the text is cut into chunks', () => {
    for (const chunk of [1, 2, 3, 5, 7]) expect(parse(TEXT, chunk)).toEqual(expected);
  });

  it('stops at the line where a quoted value opens and never closes', () => {
    const lines = ['a,b', '1,2', '3,4', '5,6', '7,8', '9,10', '11,"12', '13,14', '15,16'];
    for (const chunk of [4, 1000]) {
      const error = thrown(() => parse(lines.join('\n'), chunk));
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(7);
    }
  });

  it('refuses characters between a closing quote and the next comma', () => {
    expect(() => parse('a,b\n"1"x,2\n')).toThrow(/followed by other characters/);
  });
});

describe('reading a CSV file into a table', () => {
  const folder = mkdtempSync(join(tmpdir(), 'civitas-csv-'));

  it('names the file and line of a record with the wrong number of values', async () => {
    const file = join(folder, 'short.csv');
    writeFileSync(file, 'id,name\n1,Ann\n2\n');
    await expect(readCsvTable(file)).rejects.toThrow(`${file}: line 3: has 1 value where the header has 2`);
    await expect(readCsvTable(file)).rejects.toBeInstanceOf(CsvFormatError);
  });

  it('refuses an empty file and a header with a repeated or empty name', async () => {
    const empty = join(folder, 'empty.csv');
    writeFileSync(empty, '');
    await expect(readCsvTable(empty)).rejects.toThrow(/needs a header line/);
    const repeated = join(folder, 'repeated.csv');
    writeFileSync(repeated, 'id,name,name\n');
    await expect(readCsvTable(repeated)).rejects.toThrow(/line 1: the header names name twice/);
  });

  it('reads every record, values trimmed', async () => {
    const file = join(folder, 'good.csv');
    writeFileSync(file, 'id, name\n1, Ann\n2, "Bo, Jr"\n');
    const table = await readCsvTable(file);
    expect(table.columns).toEqual(['id', 'name']);
    expect(table.values[1]).toEqual(['Ann', 'Bo, Jr']);
  });
});
