import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * Identities, the pool of UINs they are issued from, and the history of their demographics.
 *
 * A UIN is the primary key of `uin_pool` and stays there once issued (`issued_at` set), so a number exists once, ever,
 * and is never issued twice. `seq` gives the order of issue (first generated, first issued) so that the numbers
 * themselves, random, say nothing of when they were issued. `identities.source_record_id` is unique: one identity per
 * birth record however often its registration is delivered.
 */
export const createIdentities: Migration = {
  name: '0001-create-identities',
  async up(db, schema) {
    await db.schema
      .createTable('uin_pool')
      .addColumn('uin', 'text', (column) => column.primaryKey())
      .addColumn('seq', 'bigserial', (column) => column.notNull())
      .addColumn('generated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('issued_at', 'timestamptz')
      .execute();
    await sql`create index uin_pool_unissued on ${sql.id(schema, 'uin_pool')} (seq) where issued_at is null`.execute(
      db,
    );

    await db.schema
      .createTable('identities')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('uin', 'text', (column) => column.notNull().unique())
      .addColumn('status', 'text', (column) =>
        column
          .notNull()
          .defaultTo('active')
          .check(sql`status in ('active', 'deactivated')`),
      )
      .addColumn('given_names', 'text', (column) => column.notNull())
      .addColumn('family_name', 'text', (column) => column.notNull())
      // ISO 8601 date text: no time zone can shift it.
      .addColumn('birth_date', 'text', (column) => column.notNull())
      .addColumn('sex', 'text', (column) => column.notNull())
      .addColumn('birth_area', 'text')
      .addColumn('birth_area_path', 'jsonb', (column) => column.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('phone', 'text')
      .addColumn('email', 'text')
      .addColumn('mother_uin', 'text')
      .addColumn('father_uin', 'text')
      .addColumn('source', 'text', (column) => column.notNull().check(sql`source in ('birth', 'enrolment')`))
      .addColumn('source_record_id', 'uuid', (column) => column.unique())
      .addColumn('registration_number', 'text')
      .addColumn('family_name_code', 'text', (column) => column.notNull())
      .addColumn('demographics_version', 'integer', (column) => column.notNull().defaultTo(1))
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('deactivated_at', 'timestamptz')
      .addColumn('deactivation_reason', 'text')
      .addColumn('deactivation_record_id', 'uuid')
      .execute();
    // The blocking keys of demographic de-duplication.
    await sql`create index identities_birth_date on ${sql.id(schema, 'identities')} (birth_date)`.execute(db);
    await sql`create index identities_family_name_code on ${sql.id(schema, 'identities')} (family_name_code)`.execute(
      db,
    );
    await sql`create index identities_registration_number on ${sql.id(schema, 'identities')} (registration_number)
      where registration_number is not null`.execute(db);

    // Append-only: version 1 is what the identity was created with, each later version what a correction made it.
    await db.schema
      .createTable('demographics_history')
      .addColumn('identity_id', 'uuid', (column) => column.notNull().references('identities.id'))
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('given_names', 'text', (column) => column.notNull())
      .addColumn('family_name', 'text', (column) => column.notNull())
      .addColumn('birth_date', 'text', (column) => column.notNull())
      .addColumn('sex', 'text', (column) => column.notNull())
      .addColumn('birth_area', 'text')
      .addColumn('cause', 'text', (column) => column.notNull())
      .addColumn('record_id', 'uuid')
      .addColumn('changed_by', 'text', (column) => column.notNull())
      .addColumn('changed_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('demographics_history_pk', ['identity_id', 'version'])
      .execute();
  },
};
