/**
 * The log of verification transactions ("every transaction is recorded"), written by group commit: an entry is
 * written at once when a writer is free; entries that arrive while `writers` inserts are under way wait and go
 * together in the next one (one statement, one commit, up to `maxBatch` rows). Under load that turns 50 inserts and
 * commits into a few, without a timer: a lone verification waits for nothing but its own insert. Either way
 * `append` resolves only once its row is committed, so an answer given to a partner is always in the log.
 *
 * Durability (`identity.verificationLogDurability`):
 * - `sync` (default): each insert waits for the WAL flush (and a synchronous standby) like any other commit, so a
 *   verification answered is recorded whatever crashes next. Group commit makes that one flush per batch: at 50
 *   clients it costs about a quarter of verifications per second against `async` (docs/benchmarks.md), and the target
 *   is met either way, so the default keeps "a 2xx means durable".
 * - `async`: the insert commits with `synchronous_commit = off` for that transaction only. The row is in the WAL
 *   when the partner gets the answer, so a crash or restart of civitas loses nothing; a crash of PostgreSQL or its
 *   machine, or a failover, can lose the log rows of the last fraction of a second (at most 3 x
 *   `wal_writer_delay`, 600 ms by default), never identities or anything else.
 *
 * @module
 */
import type { TransactionEntry, VerificationStatements } from './verification-repository.js';

export interface TransactionLog {
  /** Writes one entry; resolves once it is committed, rejects when it could not be written. */
  append(entry: TransactionEntry): Promise<void>;
}

export interface TransactionLogOptions {
  /** Writes rows in one statement, committed as identity.verificationLogDurability says. */
  readonly insert: VerificationStatements['insertTransactions'];
  /** Inserts under way at once; more entries wait for the next batch. */
  readonly writers?: number;
  readonly maxBatch?: number;
}

interface Waiting {
  readonly entry: TransactionEntry;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export function transactionLog(options: TransactionLogOptions): TransactionLog {
  const { insert, writers = 2, maxBatch = 200 } = options;
  const queue: Waiting[] = [];
  let writing = 0;

  async function write(batch: readonly Waiting[]): Promise<void> {
    try {
      await insert(batch.map((waiting) => waiting.entry));
      for (const waiting of batch) waiting.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One entry that cannot be written must not fail the others' answers: each again on its own.
      await Promise.all(batch.map((waiting) => write([waiting])));
    }
  }

  function pump(): void {
    while (writing < writers && queue.length > 0) {
      writing += 1;
      void write(queue.splice(0, maxBatch)).finally(() => {
        writing -= 1;
        pump();
      });
    }
  }

  return {
    append(entry) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ entry, resolve, reject });
        pump();
      });
    },
  };
}
