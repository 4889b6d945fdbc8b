import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * The newest-first sort key (`updated_at`, the record's) in the name postings, `terms` and `name_pairs`, and in
 * their covering indexes, so that the records a name matches are ranked and counted from the postings alone: a
 * record's row is read only for the few a page shows (and, for a caller limited to an area or a filter, to check
 * each candidate, best first, until the page is full). A common pair of names matches 12,000 of a million records;
 * joining each to its record row to sort them cost more than the rest of the search.
 *
 * Each table is copied with the column added, rather than updated in place: an update of every row (and of both
 * its indexes) took minutes at a million records, a copy and two index builds a fraction of that.
 */
export const sortKeyInPostings: Migration = {
  name: '0004-sort-key-in-postings',
  async up(db, schema) {
    const t = (name: string) => sql.id(schema, name);
    await sql`create table ${t('terms_new')} as
      select p.record_id, p.role, p.part, p.token, p.position, r.updated_at
      from ${t('terms')} p join ${t('records')} r on r.record_id = p.record_id`.execute(db);
    await sql`drop table ${t('terms')}`.execute(db);
    await sql`alter table ${t('terms_new')} rename to terms`.execute(db);
    await sql`alter table ${t('terms')} alter column record_id set not null, alter column role set not null,
      alter column part set not null, alter column token set not null, alter column position set not null,
      alter column updated_at set not null`.execute(db);
    await sql`create index terms_postings on ${t('terms')} (token, record_id, role)
      include (part, position, updated_at)`.execute(db);
    await sql`create index terms_record on ${t('terms')} (record_id)`.execute(db);

    await sql`create table ${t('name_pairs_new')} as
      select p.pair, p.record_id, p.role, p.first, p.second, r.updated_at
      from ${t('name_pairs')} p join ${t('records')} r on r.record_id = p.record_id`.execute(db);
    await sql`drop table ${t('name_pairs')}`.execute(db);
    await sql`alter table ${t('name_pairs_new')} rename to name_pairs`.execute(db);
    await sql`alter table ${t('name_pairs')} alter column pair set not null, alter column record_id set not null,
      alter column role set not null, alter column first set not null, alter column second set not null,
      alter column updated_at set not null`.execute(db);
    await sql`create index name_pairs_pair on ${t('name_pairs')} (pair, record_id)
      include (role, first, second, updated_at)`.execute(db);
    await sql`create index name_pairs_record on ${t('name_pairs')} (record_id)`.execute(db);
    // No query looks records up by tracking ID (the quick search finds it in `keys`): one index less to keep up and
    // to build at the end of each fresh reindex.
    await sql`drop index if exists ${t('records_tracking')}`.execute(db);
    // Statistics for the planner at once (autovacuum comes later): which names are common decides the plans.
    await sql`analyze ${t('terms')}, ${t('name_pairs')}`.execute(db);
  },
};
