/**
 * Reads a CSV file (header first, values trimmed; see `csv-parser.ts`) straight into a `RecordTable`, in chunks,
 * so a file of a million records never exists as a million arrays of strings. A malformed file stops with the line
 * where the broken record starts.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CsvParser, CsvSyntaxError } from './csv-parser.js';
import { RecordTableBuilder, type RecordTable } from './record-table.js';

export class CsvFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}: line ${line}: ${detail}`);
  }
}

export interface ReadProgress {
  readonly bytes: number;
  readonly totalBytes: number;
  readonly records: number;
}

const CHUNK_BYTES = 4 * 2 ** 20;

export async function readCsvTable(file: string, onProgress?: (progress: ReadProgress) => void): Promise<RecordTable> {
  const totalBytes = statSync(file).size;
  let builder: RecordTableBuilder | undefined;
  const parser = new CsvParser((values, line) => {
    if (!builder) {
      checkHeader(file, values);
      builder = new RecordTableBuilder(values);
      return;
    }
    if (values.length !== builder.columns.length) {
      throw new CsvFormatError(
        file,
        line,
        `has ${values.length} value${values.length === 1 ? '' : 's'} where the header has ${builder.columns.length}`,
      );
    }
    builder.add(values);
  });
  const descriptor = openSync(file, 'r');
  const decoder = new TextDecoder('utf-8');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let bytes = 0;
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      bytes += read;
      parser.push(decoder.decode(buffer.subarray(0, read), { stream: true }));
      onProgress?.({ bytes, totalBytes, records: builder?.size ?? 0 });
      // Let a progress bar draw and signals arrive on big files.
      if (bytes % (16 * CHUNK_BYTES) < CHUNK_BYTES) await new Promise((done) => setImmediate(done));
    }
    parser.push(decoder.decode());
    parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new CsvFormatError(file, error.line, error.message);
    throw error;
  } finally {
    closeSync(descriptor);
  }
  if (!builder) throw new CsvFormatError(file, 1, 'the file is empty; it needs a header line');
  return builder.build();
}

function checkHeader(file: string, header: readonly string[]): void {
  const seen = new Set<string>();
  header.forEach((column, index) => {
    if (column === '') throw new CsvFormatError(file, 1, `column ${index + 1} of the header has no name`);
    if (seen.has(column)) throw new CsvFormatError(file, 1, `the header names ${column} twice`);
    seen.add(column);
  });
}
