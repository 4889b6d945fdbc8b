import type { Migration } from '../../../core/db/migrate.js';

/**
 * The fold of a record's actions, kept beside them so an action reads one row instead of the whole history. It is a
 * cache of `recordState(actions)`, written in the same transaction as each action; where it is null (records from
 * before this column) the history is folded as before.
 */
export const recordStateColumn: Migration = {
  name: '0003-record-state',
  async up(db) {
    await db.schema.alterTable('records').addColumn('state', 'jsonb').execute();
  },
};
