/** All SQL of the config service. */
import type { ColumnType, Selectable } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, ServiceDb } from '../../core/events/tables.js';
import type { Area, NewArea } from './model.js';

export interface AreasTable {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface ConfigTables {
  areas: AreasTable;
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
