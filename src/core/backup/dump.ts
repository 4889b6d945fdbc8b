/**
 * Takes a backup: every table of the named service schemas read in one snapshot (a single REPEATABLE READ, read-only
 * transaction), so it can run while Civitas serves and still never holds a record without its actions or its
 * outbox event. Rows are paged through a cursor in that transaction and streamed out, never held; then the files of
 * each file set follow.
 */
import { sql } from 'kysely';
import type { Database, RootDb } from '../db/open.js';
import {
  appliedMigrations,
  civitasSchemas,
  countRows,
  rowsQuery,
  sequencesOf,
  tablesOf,
  type CatalogTable,
} from './catalog.js';
import { fileSize, listFiles, readPieces, type FileSet } from './files.js';
import { controlLine, FORMAT_VERSION, headerLine, type BackupHeader } from './format.js';
import { BackupWriter } from './lines.js';

export interface DumpOptions {
  /** Where to write the backup; it must not exist yet. */
  readonly out: string;
  /** Service schemas to back up, in order; those not in the database are left out. */
  readonly schemas: readonly string[];
  /** The version of Civitas writing it, for the header. */
  readonly civitasVersion: string;
  readonly fileSets?: readonly FileSet[];
  /** Whether events go between services through NATS (`nats.url` is set): see `BackupHeader.bus`. */
  readonly bus?: 'local' | 'nats';
  /** Rows fetched from the cursor at a time. */
  readonly pageSize?: number;
  /** Called after each page of rows (`step` names the table) and each file (`step` is the file set). */
  readonly onProgress?: (progress: { step: string; done: number; total: number }) => void;
}

export interface DumpSummary {
  readonly schemas: readonly string[];
  readonly tables: number;
  readonly rows: number;
  /** Rows of each table, by `schema.table`. */
  readonly tableRows: Readonly<Record<string, number>>;
  readonly files: number;
  readonly fileBytes: number;
  /** Size of the compressed backup file. */
  readonly bytes: number;
  readonly seconds: number;
}

const CURSOR = 'civitas_backup_rows';

/**
 * Writes a backup of `database` to `options.out`.
 *
 * @example
 * const summary = await dumpDatabase(database, { out: 'civitas.backup', schemas: ['config', 'registry'], civitasVersion: VERSION });
 */
export async function dumpDatabase(database: Database, options: DumpOptions): Promise<DumpSummary> {
  const started = performance.now();
  const writer = new BackupWriter(options.out);
  try {
    const { header, rows } = await database.root.transaction().execute(async (tx) => {
      // The first statement fixes the snapshot: every later read sees the database as it was here.
      await sql`set transaction isolation level repeatable read, read only`.execute(tx);
      const schemas = await civitasSchemas(tx, options.schemas);
      const migrations = [];
      for (const name of schemas) migrations.push({ name, migrations: await appliedMigrations(tx, name) });
      const tables = await tablesOf(tx, schemas);
      const counts = await countRows(tx, tables);
      const header: BackupHeader = {
        version: FORMAT_VERSION,
        civitas: options.civitasVersion,
        createdAt: new Date().toISOString(),
        source: database.kind,
        bus: options.bus ?? 'local',
        schemas: migrations,
        tables: tables.map((table, index) => ({
          ...table,
          columns: [...table.columns],
          types: [...table.types],
          rows: counts[index]!,
        })),
        sequences: await sequencesOf(tx, schemas),
        fileSets: (options.fileSets ?? []).map(({ name }) => ({ name })),
      };
      await writer.write(headerLine(header));
      const total = counts.reduce((sum, count) => sum + count, 0);
      let done = 0;
      for (const [index, table] of tables.entries()) {
        await writer.write(controlLine(['table', header.tables[index]!]));
        const before = done;
        const step = `${table.schema}.${table.name}`;
        done += await dumpTable(tx, table, counts[index]!, writer, options.pageSize ?? 2000, (rows) =>
          options.onProgress?.({ step, done: before + rows, total }),
        );
      }
      return { header, rows: done };
    });

    let files = 0;
    let fileBytes = 0;
    for (const set of options.fileSets ?? []) {
      await writer.write(controlLine(['files', { name: set.name }]));
      const paths = await listFiles(set.folder);
      for (const path of paths) {
        const size = await fileSize(set.folder, path);
        await writer.write(controlLine(['file', { path, size }]));
        let read = 0;
        for await (const piece of readPieces(set.folder, path)) {
          read += piece.length;
          await writer.write(JSON.stringify(piece.toString('base64')));
        }
        if (read !== size)
          throw new Error(`${set.folder}/${path} changed while it was read (${size} -> ${read} bytes)`);
        files += 1;
        fileBytes += size;
        options.onProgress?.({ step: set.name, done: files, total: paths.length });
      }
    }

    const end = { tables: header.tables.length, rows, files, fileBytes, sha256: writer.digest() };
    await writer.write(controlLine(['end', end]));
    const bytes = await writer.finish();
    return {
      schemas: header.schemas.map((schema) => schema.name),
      tables: header.tables.length,
      rows,
      tableRows: Object.fromEntries(header.tables.map((table) => [`${table.schema}.${table.name}`, table.rows])),
      files,
      fileBytes,
      bytes,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Streams one table's rows through a cursor of the open transaction; resolves with how many there were. */
async function dumpTable(
  tx: RootDb,
  table: CatalogTable,
  expected: number,
  writer: BackupWriter,
  pageSize: number,
  onPage: (rows: number) => void,
): Promise<number> {
  await sql`declare ${sql.raw(CURSOR)} no scroll cursor for ${sql.raw(rowsQuery(table))}`.execute(tx);
  let rows = 0;
  for (;;) {
    const page = await sql<{
      line: string;
    }>`fetch forward ${sql.raw(String(pageSize))} from ${sql.raw(CURSOR)}`.execute(tx);
    for (const { line } of page.rows) {
      // Only a `json` column's own whitespace can hold a raw newline (inside strings it is escaped): a space keeps
      // its value and the one-row-a-line rule.
      await writer.write(line.includes('\n') ? line.replace(/[\r\n]/g, ' ') : line);
    }
    rows += page.rows.length;
    onPage(rows);
    if (page.rows.length < pageSize) break;
  }
  await sql`close ${sql.raw(CURSOR)}`.execute(tx);
  if (rows !== expected) {
    throw new Error(`${table.schema}.${table.name}: read ${rows} rows where the snapshot counted ${expected}`);
  }
  return rows;
}
