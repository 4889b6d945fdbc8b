/**
 * Reads a backup file from its header to its end line and checks its shape on the way: the tables in the header's
 * order, each with the rows it announced, the file sets and each file's size, the end line last with the hash of all
 * before it. Restore walks a file twice: once only to check it (so that a damaged file changes nothing), then to load
 * it with a visitor.
 */
import {
  BackupFileError,
  parseChunk,
  parseControl,
  parseHeader,
  type BackupEnd,
  type BackupFile,
  type BackupHeader,
  type BackupTable,
} from './format.js';
import { lineHash, readBackupLines } from './lines.js';

/** What a walk hands on; each call may return a promise, which is awaited before the next line is read. */
export interface BackupVisitor {
  header?(header: BackupHeader): void | Promise<void>;
  table?(table: BackupTable): void | Promise<void>;
  /** A row of the last table, as JSON text. */
  row?(text: string): void | Promise<void>;
  /** The last table's rows are all read. */
  tableEnd?(table: BackupTable): void | Promise<void>;
  fileSet?(name: string): void | Promise<void>;
  fileStart?(file: BackupFile): void | Promise<void>;
  piece?(bytes: Buffer): void | Promise<void>;
  fileEnd?(file: BackupFile): void | Promise<void>;
  /** The end line, once its hash and counts are checked. */
  end?(end: BackupEnd): void | Promise<void>;
}

export interface WalkResult {
  readonly header: BackupHeader;
  readonly end: BackupEnd;
}

type Position =
  | { readonly kind: 'start' }
  | { readonly kind: 'table'; readonly table: BackupTable; rows: number }
  | { readonly kind: 'files'; readonly name: string }
  | { readonly kind: 'file'; readonly file: BackupFile; bytes: number }
  | { readonly kind: 'end' };

export async function walkBackup(path: string, visitor: BackupVisitor = {}): Promise<WalkResult> {
  const hash = lineHash();
  let header: BackupHeader | undefined;
  let end: BackupEnd | undefined;
  let at: Position = { kind: 'start' };
  let nextTable = 0;
  let nextSet = 0;
  let rows = 0;
  let files = 0;
  let fileBytes = 0;
  let lastLine = 0;
  const fail = (line: number, problem: string): never => {
    throw new BackupFileError(path, line, problem);
  };

  /** Closes what the previous lines opened, checking it is complete. */
  const close = async (line: number) => {
    if (at.kind === 'table') {
      const { table } = at;
      if (at.rows !== table.rows) {
        fail(
          line,
          `table ${table.schema}.${table.name} should have ${table.rows} rows but has ${at.rows}: rows are missing`,
        );
      }
      await visitor.tableEnd?.(table);
    } else if (at.kind === 'file') {
      if (at.bytes !== at.file.size) {
        fail(line, `file ${at.file.path} should have ${at.file.size} bytes but has ${at.bytes}: it is cut short`);
      }
      await visitor.fileEnd?.(at.file);
      const folder = header!.fileSets[nextSet - 1]!.name;
      at = { kind: 'files', name: folder };
    }
  };

  for await (const { text, number } of readBackupLines(path)) {
    lastLine = number;
    if (number === 1) {
      header = parseHeader(text, path);
      hash.add(text);
      await visitor.header?.(header);
      continue;
    }
    if (at.kind === 'end') fail(number, 'there is more after the end line: the file is damaged');
    const first = text.charCodeAt(0);
    if (first === 0x7b /* { */) {
      if (at.kind !== 'table') fail(number, 'a row where no table is open: the file is damaged');
      const open = at as Extract<Position, { kind: 'table' }>;
      if (text.charCodeAt(text.length - 1) !== 0x7d) fail(number, 'a row that does not end: the file is damaged');
      open.rows += 1;
      rows += 1;
      hash.add(text);
      const pending = visitor.row?.(text);
      if (pending) await pending;
      continue;
    }
    if (first === 0x22 /* " */) {
      if (at.kind !== 'file') fail(number, 'a piece of a file where no file is open: the file is damaged');
      const open = at as Extract<Position, { kind: 'file' }>;
      const bytes = parseChunk(text, path, number);
      open.bytes += bytes.length;
      hash.add(text);
      await visitor.piece?.(bytes);
      continue;
    }
    const control = parseControl(text, path, number);
    await close(number);
    const [kind, body] = control;
    if (kind === 'table') {
      const expected = header!.tables[nextTable];
      if (at.kind !== 'start' && at.kind !== 'table') fail(number, 'a table after the files: the file is damaged');
      if (!expected || expected.schema !== body.schema || expected.name !== body.name) {
        fail(number, `table ${body.schema}.${body.name} is not the next table the header lists`);
      }
      if (JSON.stringify(expected) !== JSON.stringify(body)) {
        fail(number, `table ${body.schema}.${body.name} does not match the header (columns or rows differ)`);
      }
      nextTable += 1;
      at = { kind: 'table', table: body, rows: 0 };
      await visitor.table?.(body);
    } else if (kind === 'files') {
      if (nextTable < header!.tables.length) {
        fail(number, `file set ${body.name} where table ${describe(header!.tables[nextTable]!)} should be`);
      }
      if (header!.fileSets[nextSet]?.name !== body.name)
        fail(number, `file set ${body.name} is not the next one listed`);
      nextSet += 1;
      at = { kind: 'files', name: body.name };
      await visitor.fileSet?.(body.name);
    } else if (kind === 'file') {
      if (at.kind !== 'files') fail(number, 'a file outside a file set: the file is damaged');
      files += 1;
      fileBytes += body.size;
      at = { kind: 'file', file: body, bytes: 0 };
      await visitor.fileStart?.(body);
    } else {
      if (nextTable < header!.tables.length) {
        fail(number, `the end line where table ${describe(header!.tables[nextTable]!)} should be: rows are missing`);
      }
      if (nextSet < header!.fileSets.length)
        fail(number, `the end line where file set ${header!.fileSets[nextSet]!.name} should be`);
      const counted = { tables: nextTable, rows, files, fileBytes };
      for (const [key, value] of Object.entries(counted)) {
        if (body[key as keyof typeof counted] !== value) {
          fail(number, `the end line counts ${body[key as keyof typeof counted]} ${key} but the file holds ${value}`);
        }
      }
      if (body.sha256 !== hash.digest()) {
        fail(number, 'the content does not match the checksum on the end line: the file was changed or damaged');
      }
      end = body;
      at = { kind: 'end' };
      await visitor.end?.(body);
    }
    hash.add(text);
  }
  if (!header) fail(1, 'the file is empty');
  if (!end) fail(lastLine + 1, `the file ends after line ${lastLine} without its end line: it is truncated`);
  return { header: header!, end: end! };
}

function describe(table: BackupTable): string {
  return `${table.schema}.${table.name}`;
}
