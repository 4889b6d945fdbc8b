import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * What verification needs: enrolments waiting for a de-duplication decision, virtual IDs, relying parties (partners)
 * with their policy and hashed API key, one-time codes (hashed), and the log of every verification transaction, which
 * names the identity but holds no personal data.
 */
export const createVerification: Migration = {
  name: '0002-verification',
  async up(db, schema) {
    await db.schema
      .createTable('enrolment_reviews')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('status', 'text', (column) =>
        column
          .notNull()
          .defaultTo('pending')
          .check(sql`status in ('pending', 'duplicate', 'not-duplicate')`),
      )
      .addColumn('enrolment', 'jsonb', (column) => column.notNull())
      .addColumn('candidates', 'jsonb', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'timestamptz')
      .addColumn('reason', 'text')
      .addColumn('identity_id', 'uuid', (column) => column.references('identities.id'))
      .execute();
    await sql`create index enrolment_reviews_pending on ${sql.id(schema, 'enrolment_reviews')} (created_at)
      where status = 'pending'`.execute(db);

    await db.schema
      .createTable('vids')
      .addColumn('vid', 'text', (column) => column.primaryKey())
      .addColumn('identity_id', 'uuid', (column) => column.notNull().references('identities.id'))
      .addColumn('type', 'text', (column) =>
        column.notNull().check(sql`type in ('perpetual', 'temporary', 'one-time')`),
      )
      .addColumn('expires_at', 'timestamptz')
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('used_at', 'timestamptz')
      .execute();
    await sql`create index vids_identity on ${sql.id(schema, 'vids')} (identity_id)`.execute(db);

    await db.schema
      .createTable('partners')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('policy', 'jsonb', (column) => column.notNull())
      .addColumn('key_hash', 'text', (column) => column.notNull().unique())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('key_rotated_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .execute();

    await db.schema
      .createTable('otps')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('identity_id', 'uuid', (column) => column.notNull().references('identities.id'))
      .addColumn('partner_id', 'uuid', (column) => column.references('partners.id'))
      .addColumn('code_hash', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('consumed_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('transactions')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('partner_id', 'uuid', (column) => column.references('partners.id'))
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('result', 'text', (column) => column.notNull())
      .addColumn('reason', 'text')
      .addColumn('identity_id', 'uuid')
      .addColumn('individual_id_hash', 'text', (column) => column.notNull())
      .addColumn('id_kind', 'text', (column) => column.notNull())
      .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
    await sql`create index transactions_identity on ${sql.id(schema, 'transactions')} (identity_id, at)
      where identity_id is not null`.execute(db);
    await sql`create index transactions_partner on ${sql.id(schema, 'transactions')} (partner_id, at)`.execute(db);
  },
};
