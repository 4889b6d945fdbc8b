/**
 * The load of a restore, all inside its one transaction: empty the tables (migrations seed a few rows), set user
 * triggers and foreign keys aside, stream the rows in by batches, put foreign keys back (which checks every row) and
 * triggers, set the sequences, and compare every table's row count with the backup. Any error and nothing of it stays.
 */
import { sql } from 'kysely';
import type { RootDb } from '../db/open.js';
import { countRows, tablesOf, TEXT_TYPES, type CatalogTable } from './catalog.js';
import { FileRestorer } from './files.js';
import { qualified, quoteIdent, type BackupHeader, type BackupTable } from './format.js';
import { walkBackup } from './walk.js';

export interface LoadOptions {
  readonly file: string;
  /** Rows per insert statement at most; batches are also cut at 4 MB of JSON. */
  readonly batchRows?: number;
  readonly onProgress?: (progress: { step: string; done: number; total: number }) => void;
}

const BATCH_BYTES = 4 * 1024 * 1024;
/** The table of each schema that holds its events until the relay has handed them on (`core/events/tables.ts`). */
const OUTBOX_TABLE = 'outbox';

/**
 * Loads the backup's rows (and files) inside the caller's transaction `tx`, into tables migrated to the backup's
 * migrations. Foreign keys come off for the load and go back after it, so tables load in any order, a table that
 * refers to itself included; user triggers are off meanwhile, so rows go in as they were.
 */
export async function loadRows(
  tx: RootDb,
  header: BackupHeader,
  fileCount: number,
  folders: ReadonlyMap<string, string>,
  options: LoadOptions,
): Promise<{ rows: number; files: number; fileBytes: number; republished: number }> {
  const schemas = header.schemas.map((schema) => schema.name);
  const tables = await tablesOf(tx, schemas);
  checkShapes(header.tables, tables);
  const triggers = await userTriggers(tx, schemas);
  for (const trigger of triggers) {
    await sql.raw(`alter table ${trigger.table} disable trigger ${quoteIdent(trigger.name)}`).execute(tx);
  }
  const foreignKeys = await foreignKeysOf(tx, schemas);
  for (const key of foreignKeys) {
    await sql.raw(`alter table ${key.table} drop constraint ${quoteIdent(key.name)}`).execute(tx);
  }
  if (tables.length > 0) {
    await sql.raw(`truncate ${tables.map((table) => qualified(table.schema, table.name)).join(', ')}`).execute(tx);
  }

  const total = header.tables.reduce((sum, table) => sum + table.rows, 0);
  const batchRows = options.batchRows ?? 2000;
  let current: BackupTable | undefined;
  let batch: string[] = [];
  let batchBytes = 0;
  let done = 0;
  let restorer: FileRestorer | undefined;
  let files = 0;
  let fileBytes = 0;
  const flush = async () => {
    if (!current || batch.length === 0) return;
    await sql`${sql.raw(insertFrom(current))}(${`[${batch.join(',')}]`}::json) as x(${sql.raw(definitions(current))})`.execute(
      tx,
    );
    done += batch.length;
    batch = [];
    batchBytes = 0;
    options.onProgress?.({ step: `${current.schema}.${current.name}`, done, total });
  };

  try {
    await walkBackup(options.file, {
      header: (read) => {
        if (JSON.stringify(read) !== JSON.stringify(header))
          throw new Error(`${options.file} changed during the restore`);
      },
      table: (table) => {
        current = table;
        options.onProgress?.({ step: `${table.schema}.${table.name}`, done, total });
      },
      row: (text) => {
        batch.push(text);
        batchBytes += text.length;
        return batch.length >= batchRows || batchBytes >= BATCH_BYTES ? flush() : undefined;
      },
      tableEnd: flush,
      fileSet: (name) => {
        restorer = new FileRestorer(folders.get(name)!);
      },
      fileStart: (file) => restorer!.start(file.path),
      piece: (bytes) => restorer!.write(bytes),
      fileEnd: async () => {
        fileBytes += await restorer!.finish();
        files += 1;
        options.onProgress?.({ step: 'files', done: files, total: fileCount });
      },
    });
  } catch (error) {
    await restorer?.abort();
    throw error;
  }

  for (const key of foreignKeys) {
    await sql.raw(`alter table ${key.table} add constraint ${quoteIdent(key.name)} ${key.definition}`).execute(tx);
  }
  for (const trigger of triggers) {
    await sql.raw(`alter table ${trigger.table} enable trigger ${quoteIdent(trigger.name)}`).execute(tx);
  }
  for (const sequence of header.sequences) {
    await sql`select setval(${qualified(sequence.schema, sequence.name)}::regclass, ${sequence.value}::bigint, ${sequence.called})`.execute(
      tx,
    );
  }
  const counts = await countRows(tx, header.tables);
  for (const [index, table] of header.tables.entries()) {
    if (counts[index] !== table.rows) {
      throw new Error(`${table.schema}.${table.name} holds ${counts[index]} rows after the load, not ${table.rows}`);
    }
  }
  const republished = header.bus === 'nats' ? await republish(tx, header.tables) : 0;
  return { rows: done, files, fileBytes, republished };
}

/**
 * `insert into t (a, b) overriding system value select a, b::jsonb from json_to_recordset(`: the batch and the column
 * list follow. Identity columns keep their backed-up values; json and jsonb come as text and are cast back.
 */
function insertFrom(table: BackupTable): string {
  const columns = table.columns.map(quoteIdent);
  const values = table.columns.map((column, index) =>
    TEXT_TYPES.has(table.types[index]!) ? `${quoteIdent(column)}::${table.types[index]}` : quoteIdent(column),
  );
  return `insert into ${qualified(table.schema, table.name)} (${columns.join(', ')}) overriding system value
    select ${values.join(', ')} from json_to_recordset`;
}

/** The column definition list of `json_to_recordset`: each column with its type, json and jsonb read as text. */
function definitions(table: BackupTable): string {
  return table.columns
    .map(
      (column, index) => `${quoteIdent(column)} ${TEXT_TYPES.has(table.types[index]!) ? 'text' : table.types[index]}`,
    )
    .join(', ');
}

/** Marks every event of the restored outboxes unpublished, so the relay hands each to its consumers again. */
async function republish(tx: RootDb, tables: readonly BackupTable[]): Promise<number> {
  let marked = 0;
  for (const table of tables) {
    if (table.name !== OUTBOX_TABLE || !table.columns.includes('published_at')) continue;
    const result = await sql`update ${sql.raw(qualified(table.schema, table.name))} set published_at = null
      where published_at is not null`.execute(tx);
    marked += Number(result.numAffectedRows ?? 0);
  }
  return marked;
}

/** Every table of the backup must be in the database with the same stored columns (the same migrations made both). */
function checkShapes(backup: readonly BackupTable[], database: readonly CatalogTable[]): void {
  for (const table of backup) {
    const there = database.find((candidate) => candidate.schema === table.schema && candidate.name === table.name);
    if (!there) throw new Error(`table ${table.schema}.${table.name} of the backup is not in the migrated database`);
    const describe = (columns: readonly string[], types: readonly string[]) =>
      columns
        .map((column, index) => `${column} ${types[index]}`)
        .sort()
        .join(', ');
    const want = describe(table.columns, table.types);
    const have = describe(there.columns, there.types);
    if (want !== have) {
      throw new Error(
        `table ${table.schema}.${table.name} has columns (${have}) in the migrated database but (${want}) in the backup`,
      );
    }
  }
}

interface Trigger {
  readonly table: string;
  readonly name: string;
}

async function userTriggers(tx: RootDb, schemas: readonly string[]): Promise<Trigger[]> {
  const { rows } = await sql<{ schema: string; relation: string; name: string }>`select n.nspname as schema,
      c.relname as relation, t.tgname as name
    from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
    where not t.tgisinternal and t.tgenabled <> 'D' and n.nspname = any(${schemas})
    order by 1, 2, 3`.execute(tx);
  return rows.map((row) => ({ table: qualified(row.schema, row.relation), name: row.name }));
}

interface ForeignKey {
  readonly table: string;
  readonly name: string;
  readonly definition: string;
}

async function foreignKeysOf(tx: RootDb, schemas: readonly string[]): Promise<ForeignKey[]> {
  const { rows } = await sql<{ schema: string; relation: string; name: string; definition: string }>`select
      n.nspname as schema, c.relname as relation, k.conname as name, pg_get_constraintdef(k.oid) as definition
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = any(${schemas})
    order by 1, 2, 3`.execute(tx);
  return rows.map((row) => ({
    table: qualified(row.schema, row.relation),
    name: row.name,
    definition: row.definition,
  }));
}
