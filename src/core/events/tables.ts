/**
 * The event tables every service schema has: its outbox, the ids its consumers have processed, and its dead letters.
 * They are created by the first migration of every service (`coreEventMigrations`).
 */
import { sql, type Generated, type Kysely } from 'kysely';
import type { Migration } from '../db/migrate.js';

export interface OutboxTable {
  position: Generated<number>;
  id: string;
  type: string;
  version: number;
  time: Date;
  subject: string;
  trace_id: string;
  data: unknown;
  published_at: Date | null;
}

export interface ProcessedEventsTable {
  consumer: string;
  event_id: string;
  processed_at: Generated<Date>;
}

export interface DeadLettersTable {
  id: Generated<number>;
  consumer: string;
  event_id: string | null;
  type: string | null;
  envelope: unknown;
  reason: string;
  attempts: number;
  created_at: Generated<Date>;
}

export interface CoreEventTables {
  outbox: OutboxTable;
  processed_events: ProcessedEventsTable;
  dead_letters: DeadLettersTable;
}

/** The Kysely handle of a service: its own tables plus the core event tables of its schema. */
export type ServiceDb<Tables = object> = Kysely<Tables & CoreEventTables>;

/** Name of the NOTIFY channel the outbox trigger signals at commit; the payload is the schema. */
export const OUTBOX_CHANNEL = 'civitas_outbox';

export const coreEventMigrations: readonly Migration[] = [
  {
    name: '0000-core-events',
    async up(db, schema) {
      await db.schema
        .createTable('outbox')
        .addColumn('position', 'bigserial', (column) => column.primaryKey())
        .addColumn('id', 'uuid', (column) => column.notNull().unique())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('time', 'timestamptz', (column) => column.notNull())
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('trace_id', 'text', (column) => column.notNull())
        .addColumn('data', 'jsonb', (column) => column.notNull())
        .addColumn('published_at', 'timestamptz')
        .execute();
      await sql`create index outbox_unpublished on ${sql.id(schema, 'outbox')} (position) where published_at is null`.execute(
        db,
      );
      await sql`create function ${sql.id(schema, 'outbox_notify')}() returns trigger language plpgsql as $$
        begin perform pg_notify(${sql.lit(OUTBOX_CHANNEL)}, TG_TABLE_SCHEMA); return null; end $$`.execute(db);
      await sql`create trigger outbox_notify after insert on ${sql.id(schema, 'outbox')}
        for each statement execute function ${sql.id(schema, 'outbox_notify')}()`.execute(db);

      await db.schema
        .createTable('processed_events')
        .addColumn('consumer', 'text', (column) => column.notNull())
        .addColumn('event_id', 'uuid', (column) => column.notNull())
        .addColumn('processed_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('processed_events_pk', ['consumer', 'event_id'])
        .execute();

      await db.schema
        .createTable('dead_letters')
        .addColumn('id', 'bigserial', (column) => column.primaryKey())
        .addColumn('consumer', 'text', (column) => column.notNull())
        .addColumn('event_id', 'uuid')
        .addColumn('type', 'text')
        .addColumn('envelope', 'jsonb', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
];
