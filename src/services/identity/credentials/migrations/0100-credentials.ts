import { sql } from 'kysely';
import type { Migration } from '../../../../core/db/migrate.js';

/**
 * Credentials in people's wallets (SD-JWT VC over OpenID4VCI), in the identity schema:
 *
 * - `credential_issuer_keys`: ES256 key pairs, the public half as a JWK (published), the private half sealed with the
 *   configured secretKey. Never deleted: a credential stays verifiable until it expires.
 * - `credential_offers`: one per offer made to a person. Only hashes of its secrets are kept: of the pre-authorized
 *   code, of the PIN (tx_code, keyed, since six digits are quickly guessed from a bare hash), and of the access token
 *   the code is exchanged for. Each step happens once: redeemed_at, then credential_issued_at.
 * - `credential_status_lists`: the lists credentials point into; `credentials`: every credential issued, with its
 *   place in a list (unique) and its revocation. A list's bits are computed from `credentials` when it is served.
 */
export const createCredentials: Migration = {
  name: '0100-credentials',
  async up(db, schema) {
    await db.schema
      .createTable('credential_issuer_keys')
      .addColumn('kid', 'text', (column) => column.primaryKey())
      .addColumn('public_jwk', 'jsonb', (column) => column.notNull())
      .addColumn('private_key', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('credential_offers')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('identity_id', 'uuid', (column) => column.notNull())
      .addColumn('pre_authorized_code_hash', 'text', (column) => column.notNull().unique())
      .addColumn('tx_code_hash', 'text', (column) => column.notNull())
      .addColumn('tx_code_failures', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('redeemed_at', 'timestamptz')
      .addColumn('access_token_hash', 'text', (column) => column.unique())
      .addColumn('access_token_expires_at', 'timestamptz')
      .addColumn('credential_issued_at', 'timestamptz')
      .execute();
    await sql`create index credential_offers_identity on ${sql.id(schema, 'credential_offers')} (identity_id)`.execute(
      db,
    );

    await db.schema
      .createTable('credential_status_lists')
      .addColumn('id', 'integer', (column) => column.primaryKey())
      .addColumn('size', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('credentials')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('identity_id', 'uuid', (column) => column.notNull())
      .addColumn('offer_id', 'uuid', (column) => column.notNull().references('credential_offers.id'))
      .addColumn('vct', 'text', (column) => column.notNull())
      .addColumn('status_list_id', 'integer', (column) => column.notNull().references('credential_status_lists.id'))
      .addColumn('status_index', 'integer', (column) => column.notNull())
      .addColumn('holder_key_thumbprint', 'text', (column) => column.notNull())
      .addColumn('issued_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('revoked_reason', 'text')
      .addColumn('revoked_by', 'text')
      .addUniqueConstraint('credentials_status_slot', ['status_list_id', 'status_index'])
      .execute();
    await sql`create index credentials_identity on ${sql.id(schema, 'credentials')} (identity_id)`.execute(db);
    await sql`create index credentials_revoked on ${sql.id(schema, 'credentials')} (status_list_id)
      where revoked_at is not null`.execute(db);
  },
};
