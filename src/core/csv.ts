/**
 * Reading a CSV file of records (a country's configuration, a legacy register): header line first, values trimmed,
 * empty lines skipped, a byte-order mark ignored. A malformed file answers one problem, `file:line: what is wrong`,
 * for the importer to report with the others.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  readonly record: Record<string, string>;
  /** Line of the file the record ends on (1 is the header). */
  readonly line: number;
}

export type CsvRead =
  | { readonly ok: true; readonly header: string[]; readonly records: CsvRecord[] }
  | { readonly ok: false; readonly problem: string };

export function readCsv(text: string, file: string): CsvRead {
  let header: string[] = [];
  try {
    const records = parse(text, {
      columns: (names: string[]) => (header = names),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
    return { ok: true, header, records: records.map(({ record, info }) => ({ record, line: info.lines })) };
  } catch (error) {
    return { ok: false, problem: `${file}:${(error as { lines?: number }).lines ?? 1}: ${(error as Error).message}` };
  }
}
