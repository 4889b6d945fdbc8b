import type { Migration } from '../../../core/db/migrate.js';

/** The country's roles, from its roles.csv; while the table is empty the built-in roles (roles.ts) are in force. */
export const countryRoles: Migration = {
  name: '0004-roles',
  async up(db) {
    await db.schema
      .createTable('roles')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('label', 'jsonb', (column) => column.notNull())
      .addColumn('scopes', 'jsonb', (column) => column.notNull())
      .addColumn('updated_at', 'timestamptz')
      .execute();
  },
};
