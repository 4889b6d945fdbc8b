/**
 * Reading one of a country's CSV files into checked rows: every problem of the file is reported at once, each as
 * `file:line: column: what is wrong`, so an operator mends the file in one pass.
 */
import { readCsv } from '../../core/csv.js';
import type { z } from 'zod';

export interface CsvColumn<Field extends string> {
  /** The field of the parsed row this column fills. */
  readonly field: Field;
  /** An optional column may be left out of the file, or left empty on a line; it then reads as null. */
  readonly optional?: boolean;
}

/** What a CSV file holds: its columns by header name, the schema of one row, and the field unique in the file. */
export interface CsvTable<Row> {
  readonly columns: Readonly<Record<string, CsvColumn<keyof Row & string>>>;
  /** Checks one row; its issue messages are reported as they are, after `file:line: column:`. */
  readonly schema: z.ZodType<Row>;
  readonly key: keyof Row & string;
}

export interface CsvRow<Row> {
  /** Line of the file the row ends on (1 is the header). */
  readonly line: number;
  readonly value: Row;
}

export interface ParsedCsv<Row> {
  /** The valid rows, in file order; a row with a problem is left out. */
  readonly rows: CsvRow<Row>[];
  readonly problems: string[];
}

/**
 * Parses `text` (UTF-8, header line first, values trimmed, empty lines skipped) and checks each row against `table`.
 *
 * @example
 * const { rows, problems } = parseCsv('code,name\nP1,One\n', 'areas.csv', {
 *   columns: { code: { field: 'code' }, name: { field: 'name' } },
 *   schema: z.object({ code: z.string(), name: z.string() }),
 *   key: 'code',
 * });
 * // rows: [{ line: 2, value: { code: 'P1', name: 'One' } }], problems: []
 */
export function parseCsv<Row>(text: string, file: string, table: CsvTable<Row>): ParsedCsv<Row> {
  const read = readCsv(text, file);
  if (!read.ok) return { rows: [], problems: [read.problem] };
  const { header, records } = read;
  const missing = missingColumns(header, table);
  if (missing.length > 0) return { rows: [], problems: [`${file}:1: missing column(s) ${missing.join(', ')}`] };

  const problems = headerProblems(header, table, file);
  const columnOf = new Map(Object.entries(table.columns).map(([column, { field }]) => [field as string, column]));
  const keyColumn = columnOf.get(table.key) ?? table.key;
  const rows: CsvRow<Row>[] = [];
  const lineOf = new Map<unknown, number>();
  for (const { record, line } of records) {
    const parsed = table.schema.safeParse(rowValues(record, table));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        const column = field === undefined ? undefined : (columnOf.get(String(field)) ?? String(field));
        problems.push(`${file}:${line}: ${column === undefined ? '' : `${column}: `}${issue.message}`);
      }
      continue;
    }
    const key = parsed.data[table.key];
    const earlier = lineOf.get(key);
    if (earlier !== undefined) {
      problems.push(`${file}:${line}: ${keyColumn}: ${String(key)} is already on line ${earlier}`);
      continue;
    }
    lineOf.set(key, line);
    rows.push({ line: line, value: parsed.data });
  }
  return { rows, problems };
}

/** The required columns the header lacks (an empty file has no header, and lacks nothing). */
function missingColumns<Row>(header: readonly string[], table: CsvTable<Row>): string[] {
  if (header.length === 0) return [];
  return Object.entries(table.columns)
    .filter(([column, { optional }]) => !optional && !header.includes(column))
    .map(([column]) => column);
}

/** Columns the table does not know, or named twice: reported, and the rows still checked. */
function headerProblems<Row>(header: readonly string[], table: CsvTable<Row>, file: string): string[] {
  const known = Object.keys(table.columns);
  const problems: string[] = [];
  const unknown = [...new Set(header.filter((column) => !known.includes(column)))];
  if (unknown.length > 0) problems.push(`${file}:1: unknown column(s) ${unknown.join(', ')}`);
  const twice = header.filter((column, index) => header.indexOf(column) !== index);
  if (twice.length > 0) problems.push(`${file}:1: column(s) ${[...new Set(twice)].join(', ')} named twice`);
  return problems;
}

/** A missing required value reads as '' (so the schema says what is wrong); a missing optional value as null. */
function rowValues<Row>(record: Record<string, string>, table: CsvTable<Row>): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const [column, { field, optional }] of Object.entries(table.columns)) {
    const value = record[column];
    values[field as string] = optional ? value || null : (value ?? '');
  }
  return values;
}
