import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

export const lockoutAndAudit: Migration = {
  name: '0002-lockout-and-audit',
  async up(db, schema) {
    await db.schema
      .alterTable('users')
      .addColumn('failed_logins', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('users').addColumn('locked_until', 'timestamptz').execute();
    await db.schema
      .createTable('audit')
      .addColumn('id', 'bigserial', (column) => column.primaryKey())
      .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('action', 'text', (column) => column.notNull())
      .addColumn('user_id', 'uuid')
      .addColumn('username', 'text')
      .addColumn('address', 'text')
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('detail', 'text')
      .execute();
    await sql`create index audit_user on ${sql.id(schema, 'audit')} (user_id, at)`.execute(db);
  },
};
