import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * The record's area in the name postings (`terms`, `name_pairs`) and their covering indexes, as a small number from
 * a dictionary of area paths (`areas`: one row per distinct path a record was indexed with), so that a search by a
 * caller limited to an area keeps only the postings in that area while it scans them: a district registrar's search
 * for a common name had to read the record of every match, best first, to find the thousand in the district (6,000
 * reads, 30 ms, at a million records). The dictionary is keyed by the whole path, not the area's code: the filter
 * then means exactly what `area_path && allowed` means on the record.
 *
 * Copied with the column added, as in 0004: an update of every row and index is slower than a copy and two builds.
 */
export const areaInPostings: Migration = {
  name: '0006-area-in-postings',
  async up(db, schema) {
    const t = (name: string) => sql.id(schema, name);
    await sql`create table ${t('areas')} (
      id integer generated always as identity primary key,
      path text[] not null unique
    )`.execute(db);
    await sql`insert into ${t('areas')} (path)
      select distinct area_path from ${t('records')} where cardinality(area_path) > 0 order by 1`.execute(db);

    await sql`create table ${t('terms_new')} as
      select p.record_id, p.role, p.part, p.token, p.position, p.updated_at, a.id as area
      from ${t('terms')} p join ${t('records')} r on r.record_id = p.record_id
        left join ${t('areas')} a on a.path = r.area_path`.execute(db);
    await sql`drop table ${t('terms')}`.execute(db);
    await sql`alter table ${t('terms_new')} rename to terms`.execute(db);
    await sql`alter table ${t('terms')} alter column record_id set not null, alter column role set not null,
      alter column part set not null, alter column token set not null, alter column position set not null,
      alter column updated_at set not null`.execute(db);
    await sql`create index terms_postings on ${t('terms')} (token, record_id, role)
      include (part, position, updated_at, area)`.execute(db);
    await sql`create index terms_record on ${t('terms')} (record_id)`.execute(db);

    await sql`create table ${t('name_pairs_new')} as
      select p.pair, p.record_id, p.role, p.first, p.second, p.updated_at, a.id as area
      from ${t('name_pairs')} p join ${t('records')} r on r.record_id = p.record_id
        left join ${t('areas')} a on a.path = r.area_path`.execute(db);
    await sql`drop table ${t('name_pairs')}`.execute(db);
    await sql`alter table ${t('name_pairs_new')} rename to name_pairs`.execute(db);
    await sql`alter table ${t('name_pairs')} alter column pair set not null, alter column record_id set not null,
      alter column role set not null, alter column first set not null, alter column second set not null,
      alter column updated_at set not null`.execute(db);
    await sql`create index name_pairs_pair on ${t('name_pairs')} (pair, record_id)
      include (role, first, second, updated_at, area)`.execute(db);
    await sql`create index name_pairs_record on ${t('name_pairs')} (record_id)`.execute(db);
    await sql`analyze ${t('areas')}, ${t('terms')}, ${t('name_pairs')}`.execute(db);
  },
};
