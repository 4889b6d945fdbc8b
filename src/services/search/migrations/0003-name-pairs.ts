import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * Name pairs, so that a two-word name query is an index lookup rather than a join of two posting lists: for each
 * person of a record (a role), one row per pair of their name tokens, the pair's key the two tokens sorted and joined
 * by `|` (`grace|mwale`), with which name of the person each token is (`first`, `second`: the position, plus 1000
 * for a family name) so that a query can ask for parts and keep its slots on different names. Two common names
 * (Mary, Mulenga: 75,000 and 138,000 records in a million) share a few thousand records; the join of their lists
 * cost 150 ms, the lookup of their pairs a few.
 *
 * `records_page` covers what a result page filters and sorts on, so that matching records are checked without
 * reading their declarations (`data`, most of each row).
 *
 * `reindex.indexes` keeps the definitions of the secondary indexes a fresh reindex dropped (built once at the end,
 * they cost a fraction of keeping them up to date row by row), so that a run cut off builds them when it resumes.
 */
export const namePairs: Migration = {
  name: '0003-name-pairs',
  async up(db, schema) {
    const t = (name: string) => sql.id(schema, name);
    await sql`create table ${t('name_pairs')} (
      pair text not null,
      record_id uuid not null,
      role text not null,
      first smallint not null,
      second smallint not null
    )`.execute(db);
    await sql`create index name_pairs_pair on ${t('name_pairs')} (pair, record_id) include (role, first, second)`.execute(
      db,
    );
    await sql`create index name_pairs_record on ${t('name_pairs')} (record_id)`.execute(db);
    await sql`insert into ${t('name_pairs')} (pair, record_id, role, first, second)
      select a.token || '|' || b.token, a.record_id, a.role, ${slotCode('a')}, ${slotCode('b')}
      from ${t('terms')} a join ${t('terms')} b on b.record_id = a.record_id and b.role = a.role
        and (a.token, ${slotCode('a')}) < (b.token, ${slotCode('b')})`.execute(db);
    await sql`create index records_page on ${t('records')} (record_id)
      include (updated_at, event_type, status, area_path, office, event_date, registered_at, declared_at,
        potential_duplicate)`.execute(db);
    await sql`alter table ${t('reindex')} add column indexes text[] not null default '{}'`.execute(db);
  },
};

function slotCode(alias: 'a' | 'b') {
  return sql.raw(`(${alias}.position + case when ${alias}.part = 'family' then 1000 else 0 end)::smallint`);
}
