/**
 * What a backup reads from the database's own catalogue: the service schemas there, their tables and stored columns,
 * their sequences and applied migrations. Everything goes through the caller's handle, so on PGlite (one connection)
 * it runs inside the caller's open transaction.
 */
import { sql, type Kysely } from 'kysely';
import { qualified, quoteIdent, type BackupSequence } from './format.js';

type Db = Kysely<Record<string, never>>;

/** The table every schema keeps its applied migrations in; restore writes it by migrating, never from the file. */
export const MIGRATIONS_TABLE = 'migrations';

export interface CatalogTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly string[];
  /** Each column's type as `format_type` names it, e.g. `timestamp with time zone`, `numeric(12,2)`, `text[]`. */
  readonly types: readonly string[];
}

/**
 * Columns of these types are written as their text: `row_to_json` writes SQL NULL and JSON `null` alike, and
 * reading JSON back turns both into SQL NULL, so a jsonb `null` (or a json value's own spacing) would not survive.
 */
export const TEXT_TYPES: ReadonlySet<string> = new Set(['json', 'jsonb', 'json[]', 'jsonb[]']);

/** Those of `names` that exist as Civitas schemas (with a migrations table), in the order given. */
export async function civitasSchemas(db: Db, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relname = ${MIGRATIONS_TABLE} and c.relkind = 'r' and n.nspname = any(${names})`.execute(db);
  const present = new Set(rows.map((row) => row.schema));
  return names.filter((name) => present.has(name));
}

export async function appliedMigrations(db: Db, schema: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.raw(qualified(schema, MIGRATIONS_TABLE))}
    order by name`.execute(db);
  return rows.map((row) => row.name);
}

/**
 * The tables of the schemas with their stored columns in column order: generated columns are left out (they are
 * computed again), and so is each schema's migrations table. A partitioned table counts once, as its parent.
 */
export async function tablesOf(db: Db, schemas: readonly string[]): Promise<CatalogTable[]> {
  if (schemas.length === 0) return [];
  const { rows } = await sql<CatalogTable>`select n.nspname as schema, c.relname as name,
      array_agg(a.attname::text order by a.attnum) as columns,
      array_agg(format_type(a.atttypid, a.atttypmod) order by a.attnum) as types
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    where n.nspname = any(${schemas}) and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname <> ${MIGRATIONS_TABLE}
    group by n.nspname, c.relname
    order by n.nspname, c.relname`.execute(db);
  const order = new Map(schemas.map((schema, index) => [schema, index]));
  return rows.sort((a, b) => order.get(a.schema)! - order.get(b.schema)! || (a.name < b.name ? -1 : 1));
}

/** Row counts of the tables, in one statement (so in one snapshot even outside a transaction). */
export async function countRows(db: Db, tables: readonly CatalogTable[]): Promise<number[]> {
  if (tables.length === 0) return [];
  const union = tables
    .map((table, index) => `select ${index} as i, count(*)::int as n from ${qualified(table.schema, table.name)}`)
    .join(' union all ');
  const { rows } = await sql<{ i: number; n: number }>`${sql.raw(union)}`.execute(db);
  const counts = new Array<number>(tables.length).fill(0);
  for (const row of rows) counts[row.i] = row.n;
  return counts;
}

/** Every sequence of the schemas (serial, bigserial and identity columns' own included) and where it stands. */
export async function sequencesOf(db: Db, schemas: readonly string[]): Promise<BackupSequence[]> {
  if (schemas.length === 0) return [];
  const { rows } = await sql<{ schema: string; name: string }>`select n.nspname as schema, c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'S' and n.nspname = any(${schemas}) order by n.nspname, c.relname`.execute(db);
  const sequences: BackupSequence[] = [];
  for (const { schema, name } of rows) {
    const { rows: state } = await sql<{ value: string; called: boolean }>`select last_value::text as value,
      is_called as called from ${sql.raw(qualified(schema, name))}`.execute(db);
    sequences.push({ schema, name, value: state[0]!.value, called: state[0]!.called });
  }
  return sequences;
}

/** `select row_to_json(...)::text` of the given columns: one line of the backup per row. */
export function rowsQuery(table: CatalogTable): string {
  const columns = table.columns
    .map((column, index) =>
      TEXT_TYPES.has(table.types[index]!) ? `${quoteIdent(column)}::text as ${quoteIdent(column)}` : quoteIdent(column),
    )
    .join(', ');
  return `select row_to_json(r)::text as line from (select ${columns} from ${qualified(table.schema, table.name)}) r`;
}
