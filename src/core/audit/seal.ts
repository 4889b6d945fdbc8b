/**
 * The sealer chains appended audit entries: each gets the next `seq`, the previous entry's hash as `prev_hash`, and
 * `hash = sha256(prev_hash + canonical JSON of the entry)` (hash.ts). It runs on every node of a service that keeps
 * an audit log; one at a time works on a schema, the others find it busy and return.
 *
 * The rule: a batch takes the committed entries whose `seq` is null, in id order, and seals them after the head.
 * It selects by "not sealed yet", never by "id above the last sealed id". Ids come from a sequence when a row is
 * inserted, not when it commits: a transaction that took id 10 may commit after one that took id 11 was sealed. Under
 * this rule entry 10 is simply sealed by the next batch, after 11: `seq` is the order of sealing, `id` only names the
 * entry, and no committed entry can be passed over, however long its transaction stayed open. A grace period
 * (sealing only entries older than a few seconds) would buy nothing: it would neither be needed for that nor enough
 * to keep seq in id order, since a transaction can stay open longer than any grace period (and `at` is the time its
 * transaction started). So there is none, and `civitas audit verify` can seal everything committed before it checks.
 *
 * Exactly once: each batch is one transaction that first locks the head row with `for update skip locked`. A second
 * sealer, in this process or another, skips the locked row and returns `busy`; the lock ends with the transaction,
 * and the next sealer's statements (read committed) see the `seq` the previous one gave. This is the
 * transaction-scoped try-lock an advisory lock would be, keyed by the schema itself, and it needs no key derived from
 * a schema name the caller would have to pass alongside a handle already bound to that schema.
 */
import { sql } from 'kysely';
import type { Logger } from '../log.js';
import { entryHash, hashedColumns } from './hash.js';
import type { AuditDb } from './tables.js';

export interface SealOptions {
  /** Entries per transaction (default 1,000): bounds how long the head stays locked. */
  readonly batchSize?: number;
}

export interface SealOutcome {
  readonly sealed: number;
  /** Another sealer held the head: it is sealing, and what it leaves is for the next call. */
  readonly busy: boolean;
}

interface Link {
  readonly id: number;
  readonly seq: number;
  readonly prev_hash: string;
  readonly hash: string;
}

/**
 * Seals every entry committed so far, a batch per transaction, unless another sealer is at it. Idempotent: with
 * nothing new it changes nothing.
 *
 * @example
 * const { sealed, busy } = await sealAudit(context.db, { batchSize: 1000 });
 */
export async function sealAudit(db: AuditDb, options: SealOptions = {}): Promise<SealOutcome> {
  const batchSize = options.batchSize ?? 1000;
  let sealed = 0;
  for (;;) {
    const count = await sealBatch(db, batchSize);
    if (count === 'busy') return { sealed, busy: true };
    sealed += count;
    if (count < batchSize) return { sealed, busy: false };
  }
}

async function sealBatch(db: AuditDb, batchSize: number): Promise<number | 'busy'> {
  return db.transaction().execute(async (tx) => {
    const head = await tx
      .selectFrom('audit_chain_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!head) {
      const exists = await tx.selectFrom('audit_chain_head').select('id').where('id', '=', 1).executeTakeFirst();
      if (exists) return 'busy';
      throw new Error('the audit chain head is missing: nothing can be sealed until `civitas audit verify` is run');
    }
    // A statement after the lock: it sees every seal committed before we got the head.
    const rows = await tx
      .selectFrom('audit_log')
      .select(hashedColumns)
      .where('seq', 'is', null)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return 0;
    let seq = head.seq;
    let prevHash = head.hash;
    const links = rows.map((row): Link => {
      seq += 1;
      const link = { id: row.id, seq, prev_hash: prevHash, hash: entryHash(prevHash, seq, row) };
      prevHash = link.hash;
      return link;
    });
    const links$ = sql<Link>`(select * from jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
      as t(id bigint, seq bigint, prev_hash text, hash text))`.as('v');
    const result = await tx
      .updateTable('audit_log')
      .from(links$)
      .set((eb) => ({ seq: eb.ref('v.seq'), prev_hash: eb.ref('v.prev_hash'), hash: eb.ref('v.hash') }))
      .whereRef('audit_log.id', '=', 'v.id')
      .where('audit_log.seq', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== links.length) {
      throw new Error(`sealing ${links.length} audit entries updated ${result.numUpdatedRows}: rolled back`);
    }
    await tx.updateTable('audit_chain_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
    return links.length;
  });
}

export interface AuditSealerOptions extends SealOptions {
  /** Pause between runs: how long a new entry may stay unsealed. */
  readonly intervalMs: number;
}

/**
 * Seals now and every `intervalMs` until stopped. Safe on every node: a node that finds another sealing skips a turn.
 *
 * @example
 * start: async (context) => startAuditSealer(context.db, context.log, { intervalMs: 1000 }),
 */
export function startAuditSealer(db: AuditDb, log: Logger, options: AuditSealerOptions): () => Promise<void> {
  const stopping = new AbortController();
  let wakeUp: (() => void) | undefined;
  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        await sealAudit(db, options);
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 30 === 0)
          log.warn({ err: error, failures }, 'audit sealer cannot seal; retrying');
      }
      if (stopping.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();
  return async () => {
    stopping.abort();
    wakeUp?.();
    await loop;
  };
}
