/** All SQL of the config service. */
import { sql, type ColumnType, type Selectable } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, ServiceDb } from '../../core/events/tables.js';
import type { EventTypeDefinition } from '../../core/forms/index.js';
import type { Area, NewArea, NewOffice, Office } from './model.js';

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
  event_types: EventTypesTable;
}

export type ConfigDb = ServiceDb<ConfigTables>;

/** The config service's handle on a database, for commands that run without the server (`civitas config import`). */
export function configDb(database: Pick<Database, 'forSchema'>): ConfigDb {
  return database.forSchema<ConfigTables & CoreEventTables>('config');
}

type AreasDb = ConfigDb;

export interface AreaFilter {
  readonly parentCode?: string | undefined;
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
    .set({ name: area.name, kind: area.kind, parent_code: area.parentCode, updated_at: new Date() })
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
  return row ? (await withAreaPaths(db, [row]))[0] : undefined;
}

export async function listOffices(db: ConfigDb, filter: OfficeFilter): Promise<{ items: Office[]; total: number }> {
  let query = db.selectFrom('offices');
  if (filter.areaCode !== undefined) query = query.where('area_code', 'in', areaAndBelow(db, filter.areaCode));
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('code').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: await withAreaPaths(db, rows), total: Number(count.total) };
}

/** Every office with its area path, by code. */
export async function allOffices(db: ConfigDb): Promise<Map<string, Office>> {
  const rows = await db.selectFrom('offices').selectAll().orderBy('code').execute();
  return new Map((await withAreaPaths(db, rows, { all: true })).map((office) => [office.code, office]));
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
    .set({ name: office.name, area_code: office.areaCode, updated_at: new Date() })
    .where('code', '=', office.code)
    .execute();
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
 * Adds each office's area path: its area's code, then each enclosing area's code up to the top. One recursive query
 * walks up from the offices' areas (`all`: from every office, rather than naming thousands of codes).
 */
async function withAreaPaths(
  db: ConfigDb,
  rows: readonly Selectable<OfficesTable>[],
  options: { all?: boolean } = {},
): Promise<Office[]> {
  if (rows.length === 0) return [];
  const codes = rows.map((row) => row.code);
  const paths = await db
    .withRecursive('up(office_code, area_code, depth)', (qb) =>
      qb
        .selectFrom('offices')
        .select(['offices.code as office_code', 'offices.area_code', sql<number>`0`.as('depth')])
        .$if(!options.all, (query) => query.where('offices.code', 'in', codes))
        .unionAll((qb) =>
          qb
            .selectFrom('up')
            .innerJoin('areas', 'areas.code', 'up.area_code')
            .where('areas.parent_code', 'is not', null)
            .select(['up.office_code', 'areas.parent_code as area_code', sql<number>`up.depth + 1`.as('depth')])
            .$narrowType<{ area_code: string }>(),
        ),
    )
    .selectFrom('up')
    .select(['office_code', sql<string[]>`array_agg(area_code order by depth)`.as('area_path')])
    .groupBy('office_code')
    .execute();
  const pathOf = new Map(paths.map((path) => [path.office_code, path.area_path]));
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    areaCode: row.area_code,
    areaPath: pathOf.get(row.code) ?? [row.area_code],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
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
