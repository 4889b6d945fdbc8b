/**
 * The backup file: a gzip stream of lines that does not depend on the database engine (a PGlite backup restores into
 * PostgreSQL and back). What a line is can be told from its first character, so the rows need never be parsed:
 *
 * - `[` a control line, `["<kind>", {...}]`: the header (always line 1), a table, a set of files, a file, the end;
 * - `{` a row of the table named by the last table line, as PostgreSQL's `row_to_json` wrote it (json and jsonb
 *   values as their text, so that a JSON `null` stays apart from SQL NULL), so that bytea, jsonb, timestamps,
 *   numerics and arrays go back through `json_to_recordset` unchanged;
 * - `"` a piece of the file named by the last file line, base64 in a JSON string.
 *
 * ```
 * ["civitas-backup",{"version":1,"civitas":"0.1.0","schemas":[...],"tables":[...],"sequences":[...],...}]
 * ["table",{"schema":"registry","name":"records","columns":["id","tracking_id",...],"types":["uuid","text",...],"rows":2}]
 * {"id":"0190...","tracking_id":"B7K2...",...}
 * {"id":"0190...","tracking_id":"C3XP...",...}
 * ["files",{"name":"documents"}]
 * ["file",{"path":"3f/0190...3f","size":1042}]
 * "JVBERi0xLjQK..."
 * ["end",{"tables":41,"rows":1843,"files":1,"fileBytes":1042,"sha256":"..."}]
 * ```
 *
 * The end line carries the SHA-256 of every line before it (each with its newline): a file cut short has no end
 * line, and a file changed anywhere no longer matches it.
 */
import { z } from 'zod';

export const FORMAT_NAME = 'civitas-backup';
export const FORMAT_VERSION = 1;

/** A file's path inside its set: relative, `/`-separated, no `..`, no hidden names (temporary files start with `.`). */
const RelativePath = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/, 'a relative path without . or .. parts');

export const BackupTable = z.object({
  schema: z.string().min(1),
  name: z.string().min(1),
  /** Every stored column; generated columns are left out (the database computes them again). */
  columns: z.array(z.string().min(1)).min(1),
  /** The type of each column; json and jsonb values are written as their text, in a JSON string. */
  types: z.array(z.string().min(1)).min(1),
  rows: z.number().int().nonnegative(),
});
export type BackupTable = z.infer<typeof BackupTable>;

export const BackupSequence = z.object({
  schema: z.string().min(1),
  name: z.string().min(1),
  /** `last_value` as text: a bigint may not fit a JSON number. */
  value: z.string().regex(/^-?\d+$/),
  called: z.boolean(),
});
export type BackupSequence = z.infer<typeof BackupSequence>;

export const BackupHeader = z.object({
  version: z.literal(FORMAT_VERSION),
  /** The version of Civitas that wrote it (package.json). */
  civitas: z.string(),
  createdAt: z.string(),
  source: z.enum(['pglite', 'postgres']),
  /**
   * How events travelled between services where the backup was taken. With NATS, an event the outbox had handed on
   * may not yet have reached every consumer when the snapshot was taken, and nothing would send it again: a restore
   * therefore sends every event still in the outboxes again (consumers skip those they had, by event id).
   */
  bus: z.enum(['local', 'nats']),
  /** Each service schema in the backup with the migrations applied to it when the snapshot was taken, in order. */
  schemas: z.array(z.object({ name: z.string().min(1), migrations: z.array(z.string()) })),
  /** Every table, in the order its rows follow, with its row count in the snapshot. */
  tables: z.array(BackupTable),
  sequences: z.array(BackupSequence),
  /** Folders of files kept outside the database, in the order they follow the tables. */
  fileSets: z.array(z.object({ name: z.string().min(1) })),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

export const BackupEnd = z.object({
  tables: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  fileBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupEnd = z.infer<typeof BackupEnd>;

export const BackupFile = z.object({ path: RelativePath, size: z.number().int().nonnegative() });
export type BackupFile = z.infer<typeof BackupFile>;

/** A control line, told apart by its first element. */
export type ControlLine =
  | readonly ['table', BackupTable]
  | readonly ['files', { readonly name: string }]
  | readonly ['file', BackupFile]
  | readonly ['end', BackupEnd];

const Control = z.union([
  z.tuple([z.literal('table'), BackupTable]),
  z.tuple([z.literal('files'), z.object({ name: z.string().min(1) })]),
  z.tuple([z.literal('file'), BackupFile]),
  z.tuple([z.literal('end'), BackupEnd]),
]);

/** A problem with the backup file itself, named by its line. Nothing was changed when a restore throws it. */
export class BackupFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}: line ${line}: ${problem}`);
  }
}

/** A header line as written. */
export function headerLine(header: BackupHeader): string {
  return JSON.stringify([FORMAT_NAME, header]);
}

export function controlLine(line: ControlLine): string {
  return JSON.stringify(line);
}

/** Reads line 1; says plainly when the file is no Civitas backup, or one of a format this version cannot read. */
export function parseHeader(text: string, file: string): BackupHeader {
  const parsed = parseJson(text, file, 1);
  if (!Array.isArray(parsed) || parsed[0] !== FORMAT_NAME) {
    throw new BackupFileError(file, 1, 'this is not a Civitas backup (its first line is no backup header)');
  }
  const version = (parsed[1] as { version?: unknown } | undefined)?.version;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new BackupFileError(
      file,
      1,
      `the backup is in format version ${version}; this Civitas reads version ${FORMAT_VERSION}: restore it with a newer Civitas`,
    );
  }
  const header = BackupHeader.safeParse(parsed[1]);
  if (!header.success) throw new BackupFileError(file, 1, `the header is not valid: ${issues(header.error)}`);
  return header.data;
}

export function parseControl(text: string, file: string, line: number): ControlLine {
  const result = Control.safeParse(parseJson(text, file, line));
  if (!result.success) throw new BackupFileError(file, line, `not a valid control line: ${issues(result.error)}`);
  return result.data as ControlLine;
}

/** The bytes of a file piece line. */
export function parseChunk(text: string, file: string, line: number): Buffer {
  const value = parseJson(text, file, line);
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new BackupFileError(file, line, 'a file piece is not base64 text');
  }
  return Buffer.from(value, 'base64');
}

export function parseJson(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackupFileError(file, line, 'not valid JSON: the file is damaged');
  }
}

function issues(error: z.ZodError): string {
  const listed = error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`);
  const more = error.issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/** `"schema"."name"`, for SQL built from catalogue names. */
export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
