import type { Migration } from '../../../core/db/migrate.js';

export const createEventCounts: Migration = {
  name: '0001-create-event-counts',
  async up(db) {
    await db.schema
      .createTable('event_counts')
      .addColumn('type', 'text', (column) => column.primaryKey())
      .addColumn('count', 'bigint', (column) => column.notNull())
      .execute();
  },
};
