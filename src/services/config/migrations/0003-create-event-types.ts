import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/** Every published version of every event type; a version, once stored, never changes (records are read with it). */
export const createEventTypes: Migration = {
  name: '0003-create-event-types',
  async up(db) {
    await db.schema
      .createTable('event_types')
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('definition', 'jsonb', (column) => column.notNull())
      .addColumn('content_hash', 'text', (column) => column.notNull())
      .addColumn('published_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('event_types_pk', ['id', 'version'])
      .execute();
  },
};
