/**
 * Walks a schema's sealed audit entries by `seq`, a batch at a time (memory stays flat over millions of entries),
 * recomputes every hash and checks every link, and names the first broken one.
 *
 * What it proves: no sealed entry was edited, removed, inserted or reordered, and the tail was not cut, unless whoever
 * did it also recomputed every later hash and the head. The chain makes tampering evident, not impossible: comparing
 * the head with a copy kept elsewhere closes that gap.
 */
import { sql } from 'kysely';
import { entryHash, hashedColumns } from './hash.js';
import { GENESIS_HASH, type AuditDb } from './tables.js';

/** What is wrong at the break. */
export type AuditBreakKind =
  /** The entry's content no longer gives its hash: it was edited. */
  | 'edited'
  /** Its prev_hash is not the hash of the entry before: that one was replaced, or this one was moved. */
  | 'unlinked'
  /** Seqs before it are absent: entries were removed. */
  | 'missing'
  /** A seq that is not the next one: an entry was inserted. */
  | 'inserted'
  /** The head disagrees with the last entry: the tail was cut, or the head was edited. */
  | 'head';

export interface AuditBreak {
  readonly seq: number;
  /** The entry's id; null when the break is at an entry that is gone. */
  readonly id: number | null;
  readonly kind: AuditBreakKind;
  readonly reason: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly checked: number; readonly unsealed: number }
  | { readonly ok: false; readonly checked: number; readonly brokenAt: AuditBreak };

export interface VerifyOptions {
  /** Entries read per query (default 10,000). */
  readonly batchSize?: number;
  /** Called after each batch with the number of entries checked so far. */
  readonly onProgress?: (checked: number) => void;
}

/**
 * Checks the whole chain of the schema `db` is bound to. Entries sealed while it runs are left for the next check.
 *
 * @example
 * const result = await verifyAuditChain(database.forSchema<AuditTables>('registry'));
 * if (!result.ok) console.log(`broken at seq ${result.brokenAt.seq}: ${result.brokenAt.reason}`);
 */
export async function verifyAuditChain(db: AuditDb, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 10_000;
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) {
    return broken(0, { seq: 0, id: null, kind: 'head', reason: 'the chain head (audit_chain_head) was removed' });
  }
  let checked = 0;
  let lastSeq = 0;
  let lastId: number | null = null;
  let prevHash = GENESIS_HASH;
  for (;;) {
    let query = db
      .selectFrom('audit_log')
      .select((eb) => [...hashedColumns(eb), 'seq', 'prev_hash', 'hash'])
      .where('seq', 'is not', null)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(batchSize);
    // The first batch has no lower bound, so a forged seq of 0 or below is seen too.
    if (checked > 0) query = query.where('seq', '>', lastSeq);
    const rows = await query.execute();
    for (const row of rows) {
      const seq = row.seq!;
      const at = { seq, id: row.id };
      if (seq > lastSeq + 1) {
        const missing = seq - 1 > lastSeq + 1 ? `seqs ${lastSeq + 1} to ${seq - 1} are` : `seq ${lastSeq + 1} is`;
        return broken(checked, { ...at, kind: 'missing', reason: `${missing} missing: entries were removed` });
      }
      if (seq !== lastSeq + 1) {
        return broken(checked, {
          ...at,
          kind: 'inserted',
          reason: `seq ${seq} comes where seq ${lastSeq + 1} should: an entry was inserted`,
        });
      }
      if (row.hash !== entryHash(row.prev_hash ?? '', seq, row)) {
        return broken(checked, { ...at, kind: 'edited', reason: 'its content does not match its hash: it was edited' });
      }
      if (row.prev_hash !== prevHash) {
        return broken(checked, {
          ...at,
          kind: 'unlinked',
          reason: `its prev_hash is not the hash of seq ${seq - 1}: that entry was replaced, or this one was moved`,
        });
      }
      checked += 1;
      lastSeq = seq;
      lastId = row.id;
      prevHash = row.hash;
    }
    if (rows.length > 0) options.onProgress?.(checked);
    if (rows.length < batchSize) break;
  }
  if (lastSeq < head.seq) {
    return broken(checked, {
      seq: lastSeq + 1,
      id: null,
      kind: 'head',
      reason: `the chain ends at seq ${lastSeq} but its head says seq ${head.seq}: the last entries were removed`,
    });
  }
  if (prevHash !== head.hash) {
    return broken(checked, {
      seq: lastSeq,
      id: lastId,
      kind: 'head',
      reason: `the head's hash is not the hash of seq ${lastSeq}: the head was edited`,
    });
  }
  // One statement, one snapshot: a sealer moves the head and its entries together, so entries past the head were not
  // sealed by a sealer.
  const tail = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('audit_log')
        .select((inner) => inner.fn.max('seq').as('seq'))
        .as('beyond'),
      eb.selectFrom('audit_chain_head').select('seq').where('id', '=', 1).as('head'),
      eb
        .selectFrom('audit_log')
        .select(sql<number>`count(*)::int`.as('count'))
        .where('seq', 'is', null)
        .as('unsealed'),
    ])
    .executeTakeFirstOrThrow();
  if (tail.beyond !== null && tail.head !== null && tail.beyond > tail.head) {
    return broken(checked, {
      seq: tail.head + 1,
      id: null,
      kind: 'head',
      reason: `there are entries up to seq ${tail.beyond} past the head's seq ${tail.head}: the head was moved back`,
    });
  }
  return { ok: true, checked, unsealed: tail.unsealed ?? 0 };
}

function broken(checked: number, brokenAt: AuditBreak): AuditVerification {
  return { ok: false, checked, brokenAt };
}
