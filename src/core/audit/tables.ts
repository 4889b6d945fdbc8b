/**
 * The audit tables a service that holds personal data keeps in its own schema: `audit_log`, one row per action or read
 * of personal data, and `audit_chain_head`, the last link of the hash chain over the sealed rows. A service gets them
 * by listing `auditMigrations` after its other migrations.
 *
 * Appending (append.ts) is a plain insert that leaves the chain columns null; the sealer (seal.ts) later gives each
 * row its `seq`, `prev_hash` and `hash`, and `verifyAuditChain` (verify.ts) walks the chain.
 */
import { sql, type ColumnType, type Generated, type Kysely } from 'kysely';
import type { Migration } from '../db/migrate.js';

/** A value of `detail`: JSON, small, naming fields and counting things, never holding personal data itself. */
export type AuditDetailValue =
  string | number | boolean | null | readonly AuditDetailValue[] | { readonly [key: string]: AuditDetailValue };

export type AuditDetail = { readonly [key: string]: AuditDetailValue };

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  /** The user or API client that acted. */
  actor: string;
  actor_role: string | null;
  /** What was done, `<thing>.<verb>`: `record.read`, `record.declare`. */
  action: string;
  /** What it was done to, e.g. the record id. */
  subject: string;
  /** Written as JSON text (canonical, see append.ts), read back parsed. */
  detail: ColumnType<AuditDetail | null, string | null, never>;
  request_id: string | null;
  /** Position in the chain; null until sealed. */
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface AuditChainHeadTable {
  /** Always 1: the table has one row. */
  id: number;
  /** The last sealed seq (0 before the first seal). */
  seq: number;
  /** The hash of that entry (GENESIS_HASH before the first seal). */
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}

/** A handle on a schema with the audit tables (a service's `ServiceDb` when it lists `auditMigrations`). */
export type AuditDb = Kysely<AuditTables>;

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const auditMigrations: readonly Migration[] = [
  {
    name: '0000-core-audit',
    async up(db, schema) {
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'bigserial', (column) => column.primaryKey())
        .addColumn('at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addColumn('actor', 'text', (column) => column.notNull())
        .addColumn('actor_role', 'text')
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('subject', 'text', (column) => column.notNull())
        .addColumn('detail', 'jsonb')
        .addColumn('request_id', 'text')
        .addColumn('seq', 'bigint', (column) => column.unique())
        .addColumn('prev_hash', 'text')
        .addColumn('hash', 'text')
        .execute();
      // The sealer's only search: what is not sealed yet, in id order. Small, whatever the size of the log.
      await sql`create index audit_log_unsealed on ${sql.id(schema, 'audit_log')} (id) where seq is null`.execute(db);
      // Who read or changed this record. Every further index costs each append and each seal (an update).
      await sql`create index audit_log_subject on ${sql.id(schema, 'audit_log')} (subject, at)`.execute(db);

      await db.schema
        .createTable('audit_chain_head')
        .addColumn('id', 'integer', (column) => column.primaryKey().check(sql`id = 1`))
        .addColumn('seq', 'bigint', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull())
        .execute();
      await sql`insert into ${sql.id(schema, 'audit_chain_head')} (id, seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(
        db,
      );
    },
  },
];
