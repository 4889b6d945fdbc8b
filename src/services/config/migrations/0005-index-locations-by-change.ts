import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * The locations feed (GET /locations) reads areas, facilities and offices in the order they last changed, then by
 * code in byte order (collation "C"): one order that does not depend on the server's locale, in which the feed merges
 * the three tables.
 */
export const indexLocationsByChange: Migration = {
  name: '0005-index-locations-by-change',
  async up(db, schema) {
    for (const table of ['areas', 'facilities', 'offices']) {
      await sql`create index ${sql.id(`${table}_changed`)} on ${sql.id(schema, table)} (updated_at, code collate "C")`.execute(
        db,
      );
    }
  },
};
