/** All SQL of the metrics service. */
import { sql, type Generated } from 'kysely';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, ServiceDb } from '../../core/events/tables.js';
import type { Timeliness } from '../../core/forms/timeliness.js';

export interface MetricsTables {
  event_counts: { type: string; count: number };
  registrations: {
    record_id: string;
    event_type: string;
    registered_at: Date;
    /** YYYY-MM of registered_at (UTC): what "registrations by month" groups by. */
    registered_month: string;
    /** YYYY-MM-DD, when the record has one. */
    event_date: string | null;
    timeliness: Timeliness | null;
  };
  registration_areas: { area_code: string; record_id: string };
  event_types: { id: string; version: number; date_field: string; on_time_days: number; late_days: number };
  estimates: {
    event_type: string;
    area_code: string;
    year: number;
    expected: number;
    updated_at: Generated<Date>;
    updated_by: string;
  };
}

export type MetricsDb = ServiceDb<MetricsTables>;

export function metricsDb(database: Pick<Database, 'forSchema'>): MetricsDb {
  return database.forSchema<MetricsTables & CoreEventTables>('metrics');
}

export async function addEventCounts(db: MetricsDb, counts: ReadonlyMap<string, number>): Promise<void> {
  if (counts.size === 0) return;
  await db
    .insertInto('event_counts')
    // In type order: copies on several nodes upsert the same rows at once, and one order cannot deadlock.
    .values([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, count]) => ({ type, count })))
    .onConflict((conflict) => conflict.column('type').doUpdateSet({ count: sql`event_counts.count + excluded.count` }))
    .execute();
}

export async function eventCounts(db: MetricsDb): Promise<Record<string, number>> {
  const rows = await db.selectFrom('event_counts').selectAll().orderBy('type').execute();
  return Object.fromEntries(rows.map((row) => [row.type, Number(row.count)]));
}

export type EventTypeRow = MetricsTables['event_types'];

/** A published version never changes, so a second delivery changes nothing. */
export async function storeEventType(db: MetricsDb, row: EventTypeRow): Promise<void> {
  await db
    .insertInto('event_types')
    .values(row)
    .onConflict((conflict) => conflict.columns(['id', 'version']).doNothing())
    .execute();
}

export async function findEventType(db: MetricsDb, id: string, version: number): Promise<EventTypeRow | undefined> {
  return db
    .selectFrom('event_types')
    .selectAll()
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

export type RegistrationRow = MetricsTables['registrations'];

export async function findRegistration(db: MetricsDb, recordId: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('registrations').selectAll().where('record_id', '=', recordId).executeTakeFirst();
}

/** Writes a registration and the areas it lies in (replacing both, for a correction that moved it). */
export async function saveRegistration(
  db: MetricsDb,
  row: RegistrationRow,
  areaPath: readonly string[],
): Promise<void> {
  await db
    .insertInto('registrations')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('record_id').doUpdateSet({
        event_type: row.event_type,
        event_date: row.event_date,
        timeliness: row.timeliness,
      }),
    )
    .execute();
  await db.deleteFrom('registration_areas').where('record_id', '=', row.record_id).execute();
  const codes = [...new Set(areaPath)];
  if (codes.length > 0) {
    await db
      .insertInto('registration_areas')
      .values(codes.map((area_code) => ({ area_code, record_id: row.record_id })))
      .execute();
  }
}

export interface CountRow {
  /** The area asked for, or null when no areas were asked for (the whole country). */
  readonly area: string | null;
  readonly key: string;
  readonly timeliness: Timeliness | null;
  readonly count: number;
}

interface Scope {
  readonly eventType?: string | undefined;
  /** Count each registration under each of these areas it lies in; none: count all, once. */
  readonly areas?: readonly string[] | undefined;
}

/** Registrations by area, month of registration and timeliness, for the months from..to (YYYY-MM, inclusive). */
export async function countByMonth(db: MetricsDb, scope: Scope & { from: string; to: string }): Promise<CountRow[]> {
  const { rows } = await sql<CountRow>`
    select ${areaColumn(scope)} as area, r.registered_month as key, r.timeliness, count(*)::int as count
    from ${sql.table('metrics.registrations')} r ${areaJoin(scope)}
    where r.registered_month >= ${scope.from} and r.registered_month <= ${scope.to} ${eventTypeFilter(scope)}
    group by 1, 2, 3
    order by 1, 2`.execute(db);
  return rows;
}

/** Registrations of events that happened in `year`, by area and timeliness (key: the year). */
export async function countByEventYear(db: MetricsDb, scope: Scope & { year: number }): Promise<CountRow[]> {
  const { rows } = await sql<CountRow>`
    select ${areaColumn(scope)} as area, ${String(scope.year)} as key, r.timeliness, count(*)::int as count
    from ${sql.table('metrics.registrations')} r ${areaJoin(scope)}
    where r.event_date >= ${`${scope.year}-01-01`} and r.event_date <= ${`${scope.year}-12-31`}
      ${eventTypeFilter(scope)}
    group by 1, 2, 3
    order by 1`.execute(db);
  return rows;
}

const areaColumn = (scope: Scope) => (scope.areas ? sql`a.area_code` : sql`null::text`);

function areaJoin(scope: Scope) {
  if (!scope.areas) return sql``;
  return sql`join ${sql.table('metrics.registration_areas')} a on a.record_id = r.record_id
    and a.area_code in (${sql.join(scope.areas)})`;
}

const eventTypeFilter = (scope: Scope) =>
  scope.eventType === undefined ? sql`` : sql`and r.event_type = ${scope.eventType}`;

export interface Estimate {
  readonly area: string;
  readonly expected: number;
}

export async function listEstimates(
  db: MetricsDb,
  query: { eventType: string; year: number; areas?: readonly string[] | undefined },
): Promise<Estimate[]> {
  let select = db
    .selectFrom('estimates')
    .select(['area_code as area', 'expected'])
    .where('event_type', '=', query.eventType)
    .where('year', '=', query.year);
  if (query.areas) select = select.where('area_code', 'in', query.areas);
  return (await select.orderBy('area_code').execute()).map((row) => ({
    area: row.area,
    expected: Number(row.expected),
  }));
}

/** Sets the expected numbers given; an area given `null` loses its estimate. */
export async function saveEstimates(
  db: MetricsDb,
  input: {
    eventType: string;
    year: number;
    by: string;
    estimates: readonly { area: string; expected: number | null }[];
  },
): Promise<void> {
  const { eventType, year, by } = input;
  const cleared = input.estimates.filter((estimate) => estimate.expected === null).map((estimate) => estimate.area);
  if (cleared.length > 0) {
    await db
      .deleteFrom('estimates')
      .where('event_type', '=', eventType)
      .where('year', '=', year)
      .where('area_code', 'in', cleared)
      .execute();
  }
  const set = input.estimates.flatMap((estimate) =>
    estimate.expected === null
      ? []
      : [{ event_type: eventType, year, area_code: estimate.area, expected: estimate.expected, updated_by: by }],
  );
  if (set.length === 0) return;
  await db
    .insertInto('estimates')
    .values(set)
    .onConflict((conflict) =>
      conflict.columns(['event_type', 'year', 'area_code']).doUpdateSet((eb) => ({
        expected: eb.ref('excluded.expected'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: sql`now()`,
      })),
    )
    .execute();
}
