import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

export const createOffices: Migration = {
  name: '0002-create-offices',
  async up(db) {
    await db.schema
      .createTable('offices')
      .addColumn('code', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('area_code', 'text', (column) => column.notNull().references('areas.code'))
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('offices_area').on('offices').column('area_code').execute();
  },
};
