import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * The identity number the identity service issued to a record's subject (a registered birth's child). Kept beside the
 * record, not as an action: the link is the identity service's doing, and must not change the record's version
 * under a registrar who is about to print its certificate.
 */
export const recordIdentities: Migration = {
  name: '0005-record-identities',
  async up(db, schema) {
    await sql`create table ${sql.id(schema, 'record_identities')} (
      record_id uuid primary key,
      uin text not null,
      identity_id uuid not null,
      linked_at timestamptz not null default now()
    )`.execute(db);
  },
};
