import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

export const createFacilities: Migration = {
  name: '0004-create-facilities',
  async up(db) {
    await db.schema
      .createTable('facilities')
      .addColumn('code', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      // The kinds are checked by the import's schema (model.ts), so adding one needs no migration.
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('area_code', 'text', (column) => column.notNull().references('areas.code'))
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('facilities_area').on('facilities').column('area_code').execute();
  },
};
