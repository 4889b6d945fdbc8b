import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * Records and their append-only history, the registry's copies of areas and event types (from config events),
 * gap-free registration counters, and stored answers for idempotent retries.
 */
export const createRecords: Migration = {
  name: '0001-create-records',
  async up(db, schema) {
    const table = (name: string) => sql.id(schema, name);
    await db.schema
      .createTable('areas')
      .addColumn('code', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('parent_code', 'text')
      .execute();
    await db.schema
      .createTable('event_types')
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('definition', 'jsonb', (column) => column.notNull())
      .addPrimaryKeyConstraint('event_types_pk', ['id', 'version'])
      .execute();

    // What the actions fold to, kept to find records fast; rebuilt from the actions on every append.
    await db.schema
      .createTable('records')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('tracking_id', 'text', (column) => column.notNull().unique())
      .addColumn('event_type', 'text', (column) => column.notNull())
      .addColumn('form_version', 'integer', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('incomplete', 'boolean', (column) => column.notNull().defaultTo(false))
      .addColumn('potential_duplicate', 'boolean', (column) => column.notNull().defaultTo(false))
      .addColumn('correction_requested', 'boolean', (column) => column.notNull().defaultTo(false))
      .addColumn('assigned_to', 'uuid')
      .addColumn('registration_number', 'text', (column) => column.unique())
      .addColumn('certificates_printed', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('area_code', 'text')
      .addColumn('area_path', 'jsonb', (column) => column.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('office', 'text')
      .addColumn('created_by', 'uuid', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('data', 'jsonb', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
    await sql`create index records_queue on ${table('records')} (status, updated_at desc)`.execute(db);
    await sql`create index records_area on ${table('records')} using gin (area_path jsonb_path_ops)`.execute(db);
    await sql`create index records_assigned on ${table('records')} (assigned_to) where assigned_to is not null`.execute(
      db,
    );

    await db.schema
      .createTable('actions')
      .addColumn('record_id', 'uuid', (column) => column.notNull().references('records.id'))
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('at', 'timestamptz', (column) => column.notNull())
      .addColumn('user_id', 'uuid', (column) => column.notNull())
      .addColumn('role', 'text', (column) => column.notNull())
      .addColumn('office', 'text')
      .addColumn('data', 'jsonb')
      .addColumn('reason', 'text')
      .addColumn('details', 'jsonb')
      .addPrimaryKeyConstraint('actions_pk', ['record_id', 'seq'])
      .execute();
    // History is never rewritten: the database itself refuses to change or remove an action.
    await sql`create function ${table('actions_are_append_only')}() returns trigger language plpgsql as $$
      begin raise exception 'registry actions are append-only'; end $$`.execute(db);
    await sql`create trigger actions_append_only before update or delete on ${table('actions')}
      for each row execute function ${table('actions_are_append_only')}()`.execute(db);

    // One counter per office and year, moved inside the registering transaction: a rollback gives its number back.
    await db.schema
      .createTable('registration_counters')
      .addColumn('scope', 'text', (column) => column.notNull())
      .addColumn('year', 'integer', (column) => column.notNull())
      .addColumn('last', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('registration_counters_pk', ['scope', 'year'])
      .execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('caller', 'text', (column) => column.notNull())
      .addColumn('key', 'text', (column) => column.notNull())
      .addColumn('request_hash', 'text', (column) => column.notNull())
      .addColumn('status', 'integer', (column) => column.notNull())
      .addColumn('body', 'jsonb', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['caller', 'key'])
      .execute();
  },
};
