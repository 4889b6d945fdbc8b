import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * Drafts: what a user has typed into a record not yet declared, saved as often as they like. A draft is theirs alone
 * and not part of the record's legal history (which starts at DECLARE), so it is a row replaced on each save.
 */
export const drafts: Migration = {
  name: '0004-drafts',
  async up(db) {
    await db.schema
      .createTable('drafts')
      .addColumn('record_id', 'uuid', (column) => column.primaryKey().references('records.id'))
      .addColumn('user_id', 'uuid', (column) => column.notNull())
      .addColumn('data', 'jsonb', (column) => column.notNull())
      .addColumn('saved_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
  },
};
