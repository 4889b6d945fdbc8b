import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

export const createAreas: Migration = {
  name: '0001-create-areas',
  async up(db) {
    await db.schema
      .createTable('areas')
      .addColumn('code', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('parent_code', 'text', (column) => column.references('areas.code'))
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('areas_parent').on('areas').column('parent_code').execute();
  },
};
