/**
 * How an audit entry's hash is computed: `sha256(prev_hash + canonical JSON of the entry)`. The sealer and the
 * verifier both read entries with `hashedColumns` and hash them with `entryHash`, so they cannot disagree.
 */
import { createHash } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import type { AuditDetail, AuditTables } from './tables.js';

/** What the hash covers, as read from the database. */
export interface HashedEntry {
  readonly id: number;
  /** `at` in UTC to the microsecond, as PostgreSQL keeps it: a JS Date would drop the last three digits. */
  readonly at: string;
  readonly actor: string;
  readonly actor_role: string | null;
  readonly action: string;
  readonly subject: string;
  readonly detail: AuditDetail | null;
  readonly request_id: string | null;
}

/** The select list of a `HashedEntry`. */
export function hashedColumns(eb: ExpressionBuilder<AuditTables, 'audit_log'>) {
  return [
    'id',
    sql<string>`to_char(${eb.ref('at')} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at'),
    'actor',
    'actor_role',
    'action',
    'subject',
    'detail',
    'request_id',
  ] as const;
}

/** The hash of the entry at `seq` whose predecessor's hash is `prevHash`. */
export function entryHash(prevHash: string, seq: number, entry: HashedEntry): string {
  const content = canonicalJson([
    seq,
    entry.id,
    entry.at,
    entry.actor,
    entry.actor_role,
    entry.action,
    entry.subject,
    entry.detail,
    entry.request_id,
  ]);
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

/** JSON with object keys sorted at every depth, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}
