import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * Registrations as statistics need them (no personal data: the event type, the areas, two dates and the
 * timeliness), the legal periods of each event type version, and the expected numbers of events per area and year
 * that completeness is measured against.
 */
export const createRegistrations: Migration = {
  name: '0002-create-registrations',
  async up(db, schema) {
    const table = (name: string) => sql.id(schema, name);
    await db.schema
      .createTable('registrations')
      .addColumn('record_id', 'text', (column) => column.primaryKey())
      .addColumn('event_type', 'text', (column) => column.notNull())
      .addColumn('registered_at', 'timestamptz', (column) => column.notNull())
      .addColumn('registered_month', 'text', (column) => column.notNull())
      .addColumn('event_date', 'text')
      .addColumn('timeliness', 'text')
      .execute();
    await sql`create index registrations_month on ${table('registrations')} (registered_month, event_type)`.execute(db);
    await sql`create index registrations_event_date on ${table('registrations')} (event_type, event_date)`.execute(db);
    // One row per area the record lies in (its area and every one above): "registrations in area X" is a lookup.
    await db.schema
      .createTable('registration_areas')
      .addColumn('area_code', 'text', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('registration_areas_pk', ['area_code', 'record_id'])
      .execute();
    await sql`create index registration_areas_record on ${table('registration_areas')} (record_id)`.execute(db);
    await db.schema
      .createTable('event_types')
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('date_field', 'text', (column) => column.notNull())
      .addColumn('on_time_days', 'integer', (column) => column.notNull())
      .addColumn('late_days', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('event_types_pk', ['id', 'version'])
      .execute();
    await db.schema
      .createTable('estimates')
      .addColumn('event_type', 'text', (column) => column.notNull())
      .addColumn('area_code', 'text', (column) => column.notNull())
      .addColumn('year', 'integer', (column) => column.notNull())
      .addColumn('expected', 'integer', (column) => column.notNull())
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('updated_by', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('estimates_pk', ['event_type', 'year', 'area_code'])
      .execute();
  },
};
