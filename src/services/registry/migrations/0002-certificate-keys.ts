import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * The Ed25519 key pairs that sign certificate codes: the public key as a JWK (published), the private key sealed with
 * the configured secretKey. A key is never deleted: certificates it signed must stay verifiable for decades.
 */
export const certificateKeys: Migration = {
  name: '0002-certificate-keys',
  async up(db) {
    await db.schema
      .createTable('certificate_keys')
      .addColumn('kid', 'text', (column) => column.primaryKey())
      .addColumn('public_jwk', 'jsonb', (column) => column.notNull())
      .addColumn('private_key', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
  },
};
