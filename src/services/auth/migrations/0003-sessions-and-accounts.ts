import { sql } from 'kysely';
import type { Migration } from '../../../core/db/migrate.js';

/**
 * Sessions with rotating refresh tokens, offices (auth's copy, from config events), account administration
 * (invitations and password resets, authenticator apps and recovery codes) and API clients.
 */
export const sessionsAndAccounts: Migration = {
  name: '0003-sessions-and-accounts',
  async up(db, schema) {
    const table = (name: string) => sql.id(schema, name);
    // An invited user has no password until they set one with the code they were sent.
    await sql`alter table ${table('users')} alter column password_hash drop not null`.execute(db);
    await db.schema
      .alterTable('users')
      .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
    await db.schema.alterTable('users').addColumn('totp_enabled_at', 'timestamptz').execute();
    await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();

    await db.schema
      .createTable('offices')
      .addColumn('code', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('area_path', 'jsonb', (column) => column.notNull())
      .execute();

    // A session is one sign-in (or one API client); every refresh token it ever had belongs to it, so reusing a
    // spent refresh token can revoke them all at once.
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('subject_id', 'uuid', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('address', 'text')
      .addColumn('revoked_at', 'timestamptz')
      .addColumn('revoked_reason', 'text')
      .execute();
    await sql`create index sessions_subject on ${table('sessions')} (subject_id)`.execute(db);
    await sql`create index sessions_revoked on ${table('sessions')} (revoked_at) where revoked_at is not null`.execute(
      db,
    );
    await db.schema
      .createTable('refresh_tokens')
      .addColumn('token_hash', 'text', (column) => column.primaryKey())
      .addColumn('session_id', 'uuid', (column) => column.notNull().references('sessions.id'))
      .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
      .addColumn('used_at', 'timestamptz')
      .execute();
    await sql`create index refresh_tokens_session on ${table('refresh_tokens')} (session_id)`.execute(db);

    await db.schema
      .createTable('password_resets')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('user_id', 'uuid', (column) => column.notNull().references('users.id'))
      .addColumn('code_hash', 'text', (column) => column.notNull())
      .addColumn('purpose', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('used_at', 'timestamptz')
      .execute();

    await db.schema
      .createTable('recovery_codes')
      .addColumn('user_id', 'uuid', (column) => column.notNull().references('users.id'))
      .addColumn('code_hash', 'text', (column) => column.notNull())
      .addColumn('used_at', 'timestamptz')
      .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
      .execute();

    await db.schema
      .createTable('api_clients')
      .addColumn('id', 'uuid', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('scope', 'jsonb', (column) => column.notNull())
      .addColumn('secret_hash', 'text', (column) => column.notNull())
      .addColumn('created_by', 'uuid', (column) => column.notNull())
      .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .addColumn('secret_rotated_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .execute();
  },
};
