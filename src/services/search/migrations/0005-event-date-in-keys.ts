import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * The record's event date in `keys`, and in its primary key after the key itself, so that a blocking key shared by
 * thousands of records (a common name's phonetic code, at a million births) yields the records whose event date is
 * nearest the declaration's, not any hundred of them: a duplicate's birth date is mostly the same or a little off,
 * and the duplicate check, which takes at most a hundred records per key, missed duplicates hidden in a common key.
 * A record without an event date sorts first ('-infinity'): a primary key column cannot be null.
 *
 * Copied with the column added, as in 0004: an update of every row and index is slower than a copy and two builds.
 */
export const eventDateInKeys: Migration = {
  name: '0005-event-date-in-keys',
  async up(db, schema) {
    const t = (name: string) => sql.id(schema, name);
    await sql`create table ${t('keys_new')} as
      select k.key, coalesce(r.event_date, '-infinity'::date) as event_date, k.record_id
      from ${t('keys')} k left join ${t('records')} r on r.record_id = k.record_id`.execute(db);
    await sql`drop table ${t('keys')}`.execute(db);
    await sql`alter table ${t('keys_new')} rename to keys`.execute(db);
    await sql`alter table ${t('keys')} alter column key set not null, alter column event_date set not null,
      alter column record_id set not null`.execute(db);
    await sql`alter table ${t('keys')} add constraint keys_pkey primary key (key, event_date, record_id)`.execute(db);
    await sql`create index keys_record on ${t('keys')} (record_id)`.execute(db);
    await sql`analyze ${t('keys')}`.execute(db);
  },
};
