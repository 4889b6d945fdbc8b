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
/** Each postings table: its columns before this migration, and its indexes with the area added. */
const POSTINGS = [
  {
    table: 'terms',
    columns: ['record_id', 'role', 'part', 'token', 'position', 'updated_at'],
    indexes: [
      { name: 'terms_postings', on: '(token, record_id, role) include (part, position, updated_at, area)' },
      { name: 'terms_record', on: '(record_id)' },
    ],
  },
  {
    table: 'name_pairs',
    columns: ['pair', 'record_id', 'role', 'first', 'second', 'updated_at'],
    indexes: [
      { name: 'name_pairs_pair', on: '(pair, record_id) include (role, first, second, updated_at, area)' },
      { name: 'name_pairs_record', on: '(record_id)' },
    ],
  },
];

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
    for (const { table, columns, indexes } of POSTINGS) {
      const copied = sql.join(columns.map((column) => sql.ref(`p.${column}`)));
      await sql`create table ${t(`${table}_new`)} as
        select ${copied}, a.id as area
        from ${t(table)} p join ${t('records')} r on r.record_id = p.record_id
          left join ${t('areas')} a on a.path = r.area_path`.execute(db);
      await sql`drop table ${t(table)}`.execute(db);
      await sql`alter table ${t(`${table}_new`)} rename to ${sql.id(table)}`.execute(db);
      const notNull = columns.map((column) => sql`alter column ${sql.id(column)} set not null`);
      await sql`alter table ${t(table)} ${sql.join(notNull)}`.execute(db);
      for (const index of indexes) {
        await sql`create index ${sql.id(index.name)} on ${t(table)} ${sql.raw(index.on)}`.execute(db);
      }
    }
    await sql`analyze ${t('areas')}, ${t('terms')}, ${t('name_pairs')}`.execute(db);
  },
};
