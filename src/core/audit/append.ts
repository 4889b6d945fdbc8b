/**
 * Appending to a service's audit log, inside the caller's transaction: the entry commits with the action it records,
 * or not at all. An append is one plain insert: no hashing and no lock that other writers wait for; the sealer
 * (seal.ts) chains the entries afterwards.
 */
import type { Insertable, Kysely } from 'kysely';
import { canonicalJson } from './hash.js';
import type { AuditDetail, AuditTables } from './tables.js';

/**
 * A handle or transaction of a schema with the audit tables. Kysely's table types are invariant, so any service's
 * handle is accepted, as `appendEvent` does for the outbox.
 */
export type AuditTarget = Pick<Kysely<AuditTables>, 'withSchema'> | object;

export interface AuditEntry {
  /** The user or API client id. */
  readonly actor: string;
  readonly actorRole?: string | null;
  /** `<thing>.<verb>`: `record.read`, `record.declare`. */
  readonly action: string;
  /** What was acted on, e.g. the record id. */
  readonly subject: string;
  /** Field names, counts, codes: never the personal data itself (the log outlives corrections and erasures). */
  readonly detail?: AuditDetail | null;
  readonly requestId?: string | null;
}

/** Longest `detail`, as JSON. More means someone is copying data into the log. */
export const MAX_DETAIL_LENGTH = 2000;

/**
 * Appends one entry to the audit log of the schema `tx` is bound to.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   const record = await findRecord(tx, id);
 *   await appendAudit(tx, { actor: caller.id, actorRole: caller.role, action: 'record.read', subject: id,
 *     detail: { fields: ['child.name', 'child.birthDate'] }, requestId: request.id });
 * });
 */
export async function appendAudit(tx: AuditTarget, entry: AuditEntry): Promise<void> {
  await appendAudits(tx, [entry]);
}

/** As `appendAudit`, for many entries in one statement (a search that returned many records). */
export async function appendAudits(tx: AuditTarget, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Every schema listing auditMigrations has this table; Kysely's invariant generics need telling.
  await (tx as unknown as Kysely<AuditTables>).insertInto('audit_log').values(auditRows(entries)).execute();
}

/** The audit_log rows of `entries`, for a caller that writes them within a larger statement of its own. */
export function auditRows(entries: readonly AuditEntry[]): Insertable<AuditTables['audit_log']>[] {
  return entries.map((entry) => {
    const detail = entry.detail == null ? null : canonicalJson(entry.detail);
    if (detail !== null && detail.length > MAX_DETAIL_LENGTH) {
      // A bug in the calling service: its transaction rolls back rather than leak data into the log.
      throw new Error(
        `refusing an audit detail of ${detail.length} characters for ${entry.action} (at most ${MAX_DETAIL_LENGTH}): ` +
          'name the fields, do not copy their values',
      );
    }
    return {
      actor: entry.actor,
      actor_role: entry.actorRole ?? null,
      action: entry.action,
      subject: entry.subject,
      detail,
      request_id: entry.requestId ?? null,
    };
  });
}
