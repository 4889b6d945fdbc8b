/** All SQL of the config service. */
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, ServiceDb } from '../../core/events/tables.js';
import type { EventTypeDefinition } from '../../core/forms/index.js';
import type { Area, Facility, FacilityKind, NewArea, NewFacility, NewOffice, Office } from './model.js';

export interface AreasTable {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface OfficesTable {
  code: string;
  name: string;
  area_code: string;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface FacilitiesTable {
  code: string;
  name: string;
  kind: FacilityKind;
  area_code: string;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface EventTypesTable {
  id: string;
  version: number;
  definition: ColumnType<unknown, string, never>;
  /** sha256 of the definition's canonical JSON: an import compares it to tell "unchanged" from "changed". */
  content_hash: string;
  published_at: ColumnType<Date, never, never>;
}

export interface ConfigTables {
  areas: AreasTable;
  offices: OfficesTable;
  facilities: FacilitiesTable;
  event_types: EventTypesTable;
}

export type ConfigDb = ServiceDb<ConfigTables>;

/** The config service's handle on a database, for commands that run without the server (`civitas config import`). */
export function configDb(database: Pick<Database, 'forSchema'>): ConfigDb {
  return database.forSchema<ConfigTables & CoreEventTables>('config');
}

type AreasDb = ConfigDb;

/**
 * The time of a change: its transaction's start, as the columns' defaults set it. The locations feed relies on every
 * row a transaction writes carrying its start (see `locationsSafePoint`).
 */
const changedNow = () => sql<Date>`now()`;

export interface AreaFilter {
  readonly parentCode?: string | undefined;
  /** Only areas without a parent (the country's top level). */
  readonly topLevel?: boolean | undefined;
  readonly kind?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function findArea(db: AreasDb, code: string): Promise<Area | undefined> {
  const row = await db.selectFrom('areas').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toArea(row) : undefined;
}

export async function listAreas(db: AreasDb, filter: AreaFilter): Promise<{ items: Area[]; total: number }> {
  let query = db.selectFrom('areas');
  if (filter.parentCode !== undefined) query = query.where('parent_code', '=', filter.parentCode);
  if (filter.topLevel) query = query.where('parent_code', 'is', null);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('code').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toArea), total: Number(count.total) };
}

export async function allAreas(db: AreasDb): Promise<Area[]> {
  const rows = await db.selectFrom('areas').selectAll().orderBy('code').execute();
  return rows.map(toArea);
}

export async function countAreas(db: AreasDb): Promise<number> {
  const row = await db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function insertAreas(db: AreasDb, areas: readonly NewArea[]): Promise<void> {
  if (areas.length === 0) return;
  await db
    .insertInto('areas')
    .values(areas.map((area) => ({ code: area.code, name: area.name, kind: area.kind, parent_code: area.parentCode })))
    .execute();
}

export async function updateArea(db: AreasDb, area: NewArea): Promise<void> {
  await db
    .updateTable('areas')
    .set({ name: area.name, kind: area.kind, parent_code: area.parentCode, updated_at: changedNow() })
    .where('code', '=', area.code)
    .execute();
}

function toArea(row: Selectable<AreasTable>): Area {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    parentCode: row.parent_code,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface OfficeFilter {
  /** Only the offices in this area or in an area below it (whose area path holds it). */
  readonly areaCode?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function findOffice(db: ConfigDb, code: string): Promise<Office | undefined> {
  const row = await db.selectFrom('offices').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? (await toOffices(db, [row]))[0] : undefined;
}

export async function listOffices(db: ConfigDb, filter: OfficeFilter): Promise<{ items: Office[]; total: number }> {
  let query = db.selectFrom('offices');
  if (filter.areaCode !== undefined) query = query.where('area_code', 'in', areaAndBelow(db, filter.areaCode));
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('code').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: await toOffices(db, rows), total: Number(count.total) };
}

/** Every office with its area path, by code. */
export async function allOffices(db: ConfigDb): Promise<Map<string, Office>> {
  const rows = await db.selectFrom('offices').selectAll().orderBy('code').execute();
  return new Map((await toOffices(db, rows, { all: true })).map((office) => [office.code, office]));
}

export async function countOffices(db: ConfigDb): Promise<number> {
  const row = await db
    .selectFrom('offices')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function insertOffices(db: ConfigDb, offices: readonly NewOffice[]): Promise<void> {
  if (offices.length === 0) return;
  await db
    .insertInto('offices')
    .values(offices.map((office) => ({ code: office.code, name: office.name, area_code: office.areaCode })))
    .execute();
}

export async function updateOffice(db: ConfigDb, office: NewOffice): Promise<void> {
  await db
    .updateTable('offices')
    .set({ name: office.name, area_code: office.areaCode, updated_at: changedNow() })
    .where('code', '=', office.code)
    .execute();
}

async function toOffices(
  db: ConfigDb,
  rows: readonly Selectable<OfficesTable>[],
  options: { all?: boolean } = {},
): Promise<Office[]> {
  const pathOf = await areaPathsOf(db, rows, options);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    areaCode: row.area_code,
    areaPath: pathOf(row.area_code),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
}

export interface FacilityFilter {
  /** Only the facilities in this area or in an area below it (whose area path holds it). */
  readonly areaCode?: string | undefined;
  readonly kind?: FacilityKind | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function findFacility(db: ConfigDb, code: string): Promise<Facility | undefined> {
  const row = await db.selectFrom('facilities').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? (await toFacilities(db, [row]))[0] : undefined;
}

export async function listFacilities(
  db: ConfigDb,
  filter: FacilityFilter,
): Promise<{ items: Facility[]; total: number }> {
  let query = db.selectFrom('facilities');
  if (filter.areaCode !== undefined) query = query.where('area_code', 'in', areaAndBelow(db, filter.areaCode));
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('code').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: await toFacilities(db, rows), total: Number(count.total) };
}

/** Every health facility with its area path, by code. */
export async function allFacilities(db: ConfigDb): Promise<Map<string, Facility>> {
  const rows = await db.selectFrom('facilities').selectAll().orderBy('code').execute();
  return new Map((await toFacilities(db, rows, { all: true })).map((facility) => [facility.code, facility]));
}

export async function countFacilities(db: ConfigDb): Promise<number> {
  const row = await db
    .selectFrom('facilities')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function insertFacilities(db: ConfigDb, facilities: readonly NewFacility[]): Promise<void> {
  if (facilities.length === 0) return;
  await db
    .insertInto('facilities')
    .values(
      facilities.map((facility) => ({
        code: facility.code,
        name: facility.name,
        kind: facility.kind,
        area_code: facility.areaCode,
      })),
    )
    .execute();
}

export async function updateFacility(db: ConfigDb, facility: NewFacility): Promise<void> {
  await db
    .updateTable('facilities')
    .set({ name: facility.name, kind: facility.kind, area_code: facility.areaCode, updated_at: changedNow() })
    .where('code', '=', facility.code)
    .execute();
}

async function toFacilities(
  db: ConfigDb,
  rows: readonly Selectable<FacilitiesTable>[],
  options: { all?: boolean } = {},
): Promise<Facility[]> {
  const pathOf = await areaPathsOf(db, rows, options);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    kind: row.kind,
    areaCode: row.area_code,
    areaPath: pathOf(row.area_code),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
}

/** The codes of an area and of every area below it. */
function areaAndBelow(db: ConfigDb, code: string) {
  return db
    .withRecursive('below(code)', (qb) =>
      qb
        .selectFrom('areas')
        .select('code')
        .where('code', '=', code)
        .unionAll((qb) =>
          qb.selectFrom('areas').innerJoin('below', 'below.code', 'areas.parent_code').select('areas.code'),
        ),
    )
    .selectFrom('below')
    .select('below.code');
}

/**
 * The area path of the rows' areas (an office's, a facility's): the area's code, then each enclosing area's code up
 * to the top. One recursive query walks up from the rows' areas (`all`: from every area, rather than naming thousands
 * of codes).
 */
async function areaPathsOf(
  db: ConfigDb,
  rows: readonly { area_code: string }[],
  options: { all?: boolean },
): Promise<(areaCode: string) => string[]> {
  if (rows.length === 0) return (areaCode) => [areaCode];
  const codes = [...new Set(rows.map((row) => row.area_code))];
  const paths = await db
    .withRecursive('up(start_code, area_code, depth)', (qb) =>
      qb
        .selectFrom('areas')
        .select(['areas.code as start_code', 'areas.code as area_code', sql<number>`0`.as('depth')])
        .$if(!options.all, (query) => query.where('areas.code', 'in', codes))
        .unionAll((qb) =>
          qb
            .selectFrom('up')
            .innerJoin('areas', 'areas.code', 'up.area_code')
            .where('areas.parent_code', 'is not', null)
            .select(['up.start_code', 'areas.parent_code as area_code', sql<number>`up.depth + 1`.as('depth')])
            .$narrowType<{ area_code: string }>(),
        ),
    )
    .selectFrom('up')
    .select(['start_code', sql<string[]>`array_agg(area_code order by depth)`.as('area_path')])
    .groupBy('start_code')
    .execute();
  const pathOf = new Map(paths.map((path) => [path.start_code, path.area_path]));
  return (areaCode) => pathOf.get(areaCode) ?? [areaCode];
}

/** One stored version of an event type, without its definition. */
export interface StoredEventTypeVersion {
  readonly id: string;
  readonly version: number;
  readonly contentHash: string;
}

/** Every stored version of every event type, by id then version. */
export async function allEventTypeVersions(db: ConfigDb): Promise<StoredEventTypeVersion[]> {
  const rows = await db
    .selectFrom('event_types')
    .select(['id', 'version', 'content_hash'])
    .orderBy('id')
    .orderBy('version')
    .execute();
  return rows.map((row) => ({ id: row.id, version: row.version, contentHash: row.content_hash }));
}

export async function countEventTypes(db: ConfigDb): Promise<number> {
  const row = await db
    .selectFrom('event_types')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function insertEventTypes(
  db: ConfigDb,
  eventTypes: readonly { definition: EventTypeDefinition; contentHash: string }[],
): Promise<void> {
  if (eventTypes.length === 0) return;
  await db
    .insertInto('event_types')
    .values(
      eventTypes.map(({ definition, contentHash }) => ({
        id: definition.id,
        version: definition.version,
        definition: JSON.stringify(definition),
        content_hash: contentHash,
      })),
    )
    .execute();
}

/** The latest version of each event type, by id. */
export async function listLatestEventTypes(
  db: ConfigDb,
): Promise<{ id: string; version: number; label: EventTypeDefinition['label'] }[]> {
  const rows = await db
    .selectFrom('event_types')
    .distinctOn('id')
    .select(['id', 'version', sql<EventTypeDefinition['label']>`definition -> 'label'`.as('label')])
    .orderBy('id')
    .orderBy('version', 'desc')
    .execute();
  return rows;
}

/** An event type at this version, or its latest version; undefined when there is none. */
export async function findEventType(
  db: ConfigDb,
  id: string,
  version?: number,
): Promise<EventTypeDefinition | undefined> {
  const row = await db
    .selectFrom('event_types')
    .select('definition')
    .where('id', '=', id)
    .$if(version !== undefined, (query) => query.where('version', '=', version!))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.definition as EventTypeDefinition | undefined;
}

// The locations feed: areas, facilities and offices in the order they last changed, for devices that keep a copy.

/** What the feed calls each table's rows. */
export type LocationType = 'area' | 'facility' | 'office';

/** One location as the feed sends it; `at` is when it last changed, to the microsecond (ISO 8601, UTC). */
export interface LocationRow {
  readonly type: LocationType;
  readonly code: string;
  readonly name: string;
  readonly kind: string | null;
  /** An area's enclosing area; a facility's or an office's area. */
  readonly parent: string | null;
  readonly at: string;
}

/** A position in the feed: after this row (in the order at, type, code). */
export interface LocationKey {
  readonly at: string;
  readonly type: LocationType;
  readonly code: string;
}

const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const isoOf = (column: string) => sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', ${sql.raw(ISO_MICROS)})`;

/**
 * The locations changed at or after `since` (all when null) and after `after`, in the order (at, type, code), codes
 * in byte order (collation "C", as JavaScript compares strings): at most `limit`. Each table is read along its
 * (updated_at, code) index, then the three are merged.
 */
export async function listChangedLocations(
  db: ConfigDb,
  from: { readonly since: string | null; readonly after: LocationKey | null },
  limit: number,
): Promise<LocationRow[]> {
  const tables = [
    { type: 'area', table: 'areas', kind: 'kind', parent: 'parent_code' },
    { type: 'facility', table: 'facilities', kind: 'kind', parent: 'area_code' },
    { type: 'office', table: 'offices', kind: null, parent: 'area_code' },
  ] as const;
  // Each table's next rows along its index; then the three merged, and only the page's rows leave the database.
  const [areas, facilities, offices] = tables.map(({ type, table, kind, parent }) =>
    db
      .selectFrom(
        db
          .selectFrom(table)
          .select([
            sql<LocationType>`${sql.lit(type)}`.as('type'),
            'code',
            'name',
            sql<string | null>`${kind ? sql.ref(kind) : sql`null`}`.as('kind'),
            sql<string | null>`${sql.ref(parent)}`.as('parent'),
            'updated_at',
          ])
          .$if(from.since !== null, (query) => query.where('updated_at', '>=', sql<Date>`${from.since}::timestamptz`))
          .$if(from.after !== null, (query) => {
            const after = from.after!;
            const at = sql<Date>`${after.at}::timestamptz`;
            // The type is the same for every row of the table: it decides how a row at the same time compares.
            if (type > after.type) return query.where('updated_at', '>=', at);
            if (type < after.type) return query.where('updated_at', '>', at);
            return query.where(sql<boolean>`(updated_at, code collate "C") > (${at}, ${after.code})`);
          })
          .orderBy('updated_at')
          .orderBy(sql`code collate "C"`)
          .limit(limit)
          .as(`changed_${table}`),
      )
      .selectAll(),
  );
  return db
    .selectFrom(sql`(${areas} union all ${facilities} union all ${offices})`.as('changed'))
    .select([
      sql<LocationType>`type`.as('type'),
      sql<string>`code`.as('code'),
      sql<string>`name`.as('name'),
      sql<string | null>`kind`.as('kind'),
      sql<string | null>`parent`.as('parent'),
      isoOf('updated_at').as('at'),
    ])
    .orderBy(sql`updated_at`)
    .orderBy(sql`type`)
    .orderBy(sql`code collate "C"`)
    .limit(limit)
    .execute();
}

/**
 * The time before which every change is already committed and visible: now, or the start of the oldest transaction
 * still open on this database, whichever is earlier. Rows carry their transaction's start, so a transaction that
 * started earlier but commits after this read still has its rows at or after this point, and the next read from
 * here finds them.
 */
export async function locationsSafePoint(db: ConfigDb): Promise<string> {
  const { rows } = await sql<{ at: string }>`
    select to_char(least(now(), (
      select min(xact_start) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null
    )) at time zone 'UTC', ${sql.raw(ISO_MICROS)}) as at`.execute(db);
  return rows[0]!.at;
}

/** How many locations there are, all three tables together. */
export async function countLocations(db: ConfigDb): Promise<number> {
  const [areas, facilities, offices] = await Promise.all([countAreas(db), countFacilities(db), countOffices(db)]);
  return areas + facilities + offices;
}
