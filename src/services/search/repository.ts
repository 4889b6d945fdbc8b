/** All SQL of the search service that writes the index; the queries live beside the routes that run them. */
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, ServiceDb } from '../../core/events/tables.js';
import type { AuditTables } from '../../core/audit/tables.js';
import type { IndexEntry } from './indexing/entry.js';
import { deletionVariants, namePairs, phoneticCode } from './indexing/names.js';

type Json<T> = ColumnType<T, string, string>;

export interface IndexedRecordsTable {
  record_id: string;
  event_type: string;
  tracking_id: string;
  registration_number: string | null;
  status: string;
  potential_duplicate: boolean;
  area_code: string | null;
  area_path: string[];
  office: string | null;
  event_date: ColumnType<string | null, string | null, string | null>;
  declared_at: Date | null;
  registered_at: Date | null;
  updated_at: Date;
  version: number;
  data: Json<Record<string, Record<string, unknown>>>;
}

export interface TermsTable {
  record_id: string;
  role: string;
  part: string;
  token: string;
  position: number;
  /** The record's, to rank its matches newest first without reading its row. */
  updated_at: Date;
  /** The record's area path, as its number in `areas`, to keep a search within an area while scanning postings. */
  area: number | null;
}

export interface SearchTables extends AuditTables {
  records: IndexedRecordsTable;
  terms: TermsTable;
  names: { token: string; phonetic: string };
  name_variants: { variant: string; token: string };
  keys: { key: string; event_date: string; record_id: string };
  name_pairs: {
    pair: string;
    record_id: string;
    role: string;
    first: number;
    second: number;
    updated_at: Date;
    area: number | null;
  };
  /** Each area path a record was indexed with, numbered (see migration 0006). */
  areas: { id: ColumnType<number, never, never>; path: string[] };
  event_types: { id: string; version: number; definition: Json<unknown> };
  models: {
    event_type: string;
    fitted_at: ColumnType<Date, Date | undefined, never>;
    records: number;
    pairs: number;
    parameters: Json<unknown>;
  };
  reindex: {
    id: number;
    started_at: Date;
    after_record: string | null;
    done: number;
    total: number;
    finished_at: Date | null;
    /** Definitions of the indexes a fresh run dropped, to create again when it finishes. */
    indexes: ColumnType<string[], string[] | undefined, string[]>;
  };
}

export type SearchDb = ServiceDb<SearchTables>;

/** The tables by qualified name, for raw SQL: Kysely's schema plugin rewrites only what its builders make. */
const TABLES = [
  'records',
  'terms',
  'names',
  'name_variants',
  'keys',
  'name_pairs',
  'areas',
  'event_types',
  'models',
  'reindex',
] as const;
export const t = Object.fromEntries(TABLES.map((name) => [name, sql.table(`search.${name}`)])) as Record<
  (typeof TABLES)[number],
  ReturnType<typeof sql.table>
>;
export type IndexedRecord = Selectable<IndexedRecordsTable>;

/** The search service's handle on a database, for commands and other services' calls into its module API. */
export function searchDb(database: Pick<Database, 'forSchema'>): SearchDb {
  return database.forSchema<SearchTables & CoreEventTables>('search');
}

/**
 * Writes index entries: each replaces what the index held of its record, unless the index already holds a newer
 * version of that record (events may arrive late or twice). Answers the ids written.
 */
export async function writeEntries(db: SearchDb, entries: readonly IndexEntry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  // One entry per record: the newest wins within a batch too.
  const newest = new Map<string, IndexEntry>();
  for (const entry of entries) {
    const seen = newest.get(entry.recordId);
    if (!seen || seen.version <= entry.version) newest.set(entry.recordId, entry);
  }
  // In record order: copies of this consumer on several nodes write overlapping batches at once, and rows locked
  // in one order by all of them cannot deadlock (they did, in the HA lab, in arrival order).
  const batch = [...newest.values()].sort((a, b) => (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
  const written = await sql<{ record_id: string; inserted: boolean }>`
    insert into ${t.records} as r (record_id, event_type, tracking_id, registration_number, status, potential_duplicate,
      area_code, area_path, office, event_date, declared_at, registered_at, updated_at, version, data)
    select * from jsonb_to_recordset(${JSON.stringify(batch.map(recordRow))}::jsonb) as r(
      record_id uuid, event_type text, tracking_id text, registration_number text, status text,
      potential_duplicate boolean, area_code text, area_path text[], office text, event_date date,
      declared_at timestamptz, registered_at timestamptz, updated_at timestamptz, version integer, data jsonb)
    on conflict (record_id) do update set
      event_type = excluded.event_type, tracking_id = excluded.tracking_id,
      registration_number = excluded.registration_number, status = excluded.status,
      potential_duplicate = excluded.potential_duplicate, area_code = excluded.area_code,
      area_path = excluded.area_path, office = excluded.office, event_date = excluded.event_date,
      declared_at = coalesce(r.declared_at, excluded.declared_at),
      registered_at = coalesce(r.registered_at, excluded.registered_at),
      updated_at = excluded.updated_at, version = excluded.version, data = excluded.data
    where r.version <= excluded.version
    returning record_id, xmax = 0 as inserted`.execute(db);
  const ids = new Set(written.rows.map((row) => row.record_id));
  if (ids.size === 0) return [];
  const kept = batch.filter((entry) => ids.has(entry.recordId));
  const idList = [...ids];
  // A record new to the index (its row inserted, not updated: xmax 0) has nothing to replace; a reindex writes
  // only those, and finds nothing to delete.
  const replaced = written.rows.filter((row) => !row.inserted).map((row) => row.record_id);
  if (replaced.length > 0) {
    await sql`delete from ${t.terms} where record_id = any(${replaced}::uuid[])`.execute(db);
    await sql`delete from ${t.keys} where record_id = any(${replaced}::uuid[])`.execute(db);
    await sql`delete from ${t.name_pairs} where record_id = any(${replaced}::uuid[])`.execute(db);
  }
  const areaIds = await numberedAreas(db, kept);
  // Column arrays for unnest, filled in one pass (a million records make ten million postings).
  const terms = { recordId: [] as string[], role: [] as string[], part: [] as string[], token: [] as string[] };
  const termNumbers = { position: [] as number[], updatedAt: [] as string[], area: [] as (number | 'NULL')[] };
  const pairs = { pair: [] as string[], recordId: [] as string[], role: [] as string[] };
  const pairNumbers = {
    first: [] as number[],
    second: [] as number[],
    updatedAt: [] as string[],
    area: [] as (number | 'NULL')[],
  };
  for (const entry of kept) {
    const area = areaIds.get(areaKey(entry.areaPath)) ?? 'NULL';
    for (const term of entry.terms) {
      terms.recordId.push(entry.recordId);
      terms.role.push(term.role);
      terms.part.push(term.part);
      terms.token.push(term.token);
      termNumbers.position.push(term.position);
      termNumbers.updatedAt.push(entry.updatedAt);
      termNumbers.area.push(area);
    }
    for (const pair of namePairs(entry.terms)) {
      pairs.pair.push(pair.pair);
      pairs.recordId.push(entry.recordId);
      pairs.role.push(pair.role);
      pairNumbers.first.push(pair.first);
      pairNumbers.second.push(pair.second);
      pairNumbers.updatedAt.push(entry.updatedAt);
      pairNumbers.area.push(area);
    }
  }
  if (pairs.pair.length > 0) {
    await sql`insert into ${t.name_pairs} (pair, record_id, role, first, second, updated_at, area)
      select * from unnest(${arrayLiteral(pairs.pair)}::text[], ${plainArrayLiteral(pairs.recordId)}::uuid[],
        ${arrayLiteral(pairs.role)}::text[], ${plainArrayLiteral(pairNumbers.first)}::smallint[],
        ${plainArrayLiteral(pairNumbers.second)}::smallint[],
        ${plainArrayLiteral(pairNumbers.updatedAt)}::timestamptz[], ${plainArrayLiteral(pairNumbers.area)}::integer[])`.execute(
      db,
    );
  }
  if (terms.token.length > 0) {
    await sql`insert into ${t.terms} (record_id, role, part, token, position, updated_at, area)
      select * from unnest(${plainArrayLiteral(terms.recordId)}::uuid[], ${arrayLiteral(terms.role)}::text[],
        ${arrayLiteral(terms.part)}::text[], ${arrayLiteral(terms.token)}::text[],
        ${plainArrayLiteral(termNumbers.position)}::smallint[],
        ${plainArrayLiteral(termNumbers.updatedAt)}::timestamptz[], ${plainArrayLiteral(termNumbers.area)}::integer[])`.execute(
      db,
    );
  }
  const keys: string[] = [];
  const keyDates: string[] = [];
  const keyRecords: string[] = [];
  for (const entry of kept) {
    for (const key of entry.keys) {
      keys.push(key);
      // As migration 0005: without an event date, first.
      keyDates.push(entry.eventDate ?? '-infinity');
      keyRecords.push(entry.recordId);
    }
  }
  if (keys.length > 0) {
    // No conflict target: the primary key is away during a fresh reindex (see reindex.ts).
    await sql`insert into ${t.keys} (key, event_date, record_id)
      select * from unnest(${arrayLiteral(keys)}::text[], ${arrayLiteral(keyDates)}::date[],
        ${plainArrayLiteral(keyRecords)}::uuid[])
      on conflict do nothing`.execute(db);
  }
  await rememberNames(db, terms.token);
  return idList;
}

/** An area path as one string (the unit separator cannot be in an area code), to key a map and pass as text[]. */
const areaKey = (path: readonly string[]) => path.join('\u001f');

/**
 * The number of each area path of `entries` in `areas`, numbering new paths: a country has hundreds of areas, so a
 * page of records brings few paths, and after the first pages none is new.
 */
async function numberedAreas(db: SearchDb, entries: readonly IndexEntry[]): Promise<Map<string, number>> {
  // Sorted, as rememberNames: two pages numbering the same new paths at once take their locks in one order.
  const keys = [
    ...new Set(entries.filter((entry) => entry.areaPath.length > 0).map((e) => areaKey(e.areaPath))),
  ].sort();
  if (keys.length === 0) return new Map();
  const numbered = () =>
    sql<{ id: number; key: string }>`select a.id, array_to_string(a.path, chr(31)) as key from ${t.areas} a
      where a.path in (select string_to_array(k, chr(31)) from unnest(${keys}::text[]) as k)`.execute(db);
  let { rows } = await numbered();
  if (rows.length < keys.length) {
    await sql`insert into ${t.areas} (path) select string_to_array(k, chr(31)) from unnest(${keys}::text[]) as k
      on conflict (path) do nothing`.execute(db);
    ({ rows } = await numbered());
  }
  return new Map(rows.map((row) => [row.key, row.id]));
}

/**
 * A PostgreSQL array literal of strings or numbers, every element quoted and escaped: what the driver would make of
 * an array, in one `join` rather than an escaping call per element (a page of a reindex holds 100,000 of them).
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  if (values.length === 0) return '{}';
  if (!/["\\]/.test(values.join(''))) return `{"${values.join('","')}"}`;
  return `{${values.map((value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** An array literal of values that need no quotes: ids, numbers, ISO timestamps (a stray one fails its cast). */
function plainArrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}

function recordRow(entry: IndexEntry) {
  return {
    record_id: entry.recordId,
    event_type: entry.eventType,
    tracking_id: entry.trackingId,
    registration_number: entry.registrationNumber,
    status: entry.status,
    potential_duplicate: entry.potentialDuplicate,
    area_code: entry.areaCode,
    area_path: entry.areaPath,
    office: entry.office,
    event_date: entry.eventDate,
    declared_at: entry.declaredAt,
    registered_at: entry.registeredAt,
    updated_at: entry.updatedAt,
    version: entry.version,
    data: entry.data,
  };
}

/**
 * Adds new name tokens to the dictionary of names and their deletion variants. The names already there are asked
 * for first: writing their variants again would be thousands of conflicting inserts a page. (A cache in this
 * process, as before, also skipped names whose transaction then rolled back: a deadlock retried left a name out of
 * the dictionary, and its misspellings found nothing, until the process restarted.)
 */
async function rememberNames(db: SearchDb, tokens: readonly string[]): Promise<void> {
  // Sorted: two pages written at once insert shared names in one order, so neither waits for the other in a cycle.
  const distinct = [...new Set(tokens)].sort();
  if (distinct.length === 0) return;
  const { rows } = await sql<{ token: string }>`select token from ${t.names}
    where token = any(${distinct}::text[])`.execute(db);
  const known = new Set(rows.map((row) => row.token));
  const fresh = distinct.filter((token) => !known.has(token));
  if (fresh.length === 0) return;
  await sql`insert into ${t.names} (token, phonetic)
    select * from unnest(${fresh}::text[], ${fresh.map(phoneticCode)}::text[]) on conflict do nothing`.execute(db);
  const variants = fresh
    .flatMap((token) => deletionVariants(token).map((variant) => [variant, token] as const))
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  await sql`insert into ${t.name_variants} (variant, token)
    select * from unnest(${variants.map(([variant]) => variant)}::text[], ${variants.map(([, token]) => token)}::text[])
    on conflict do nothing`.execute(db);
}
