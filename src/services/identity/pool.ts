/**
 * The UIN pool: numbers generated in advance (crypto random, every MOSIP rule), each the primary key of its row, so
 * a number exists once ever; issuing one marks it issued and it stays, never to be drawn again.
 *
 * Several nodes may share one PostgreSQL: issuing takes a row with `FOR UPDATE SKIP LOCKED`, so concurrent issuers
 * never wait for each other nor take the same number; refilling takes a transaction-scoped advisory lock per batch
 * (a node that does not get it leaves the filling to the one that has it), and inserts with ON CONFLICT DO NOTHING,
 * so even two fillers at once could only waste work.
 */
import { sql } from 'kysely';
import { bufferedRandomInt, uniqueNumbers, type RandomInt } from './numbers/generate.js';
import type { NumberRules } from './numbers/rules.js';
import type { IdentityDb } from './tables.js';

/** Arbitrary but fixed: the advisory lock every node takes to refill the pool. */
const POOL_LOCK_KEY = 7_304_190_301;
/** Numbers per insert statement (one array parameter). */
export const POOL_BATCH = 10_000;
/** What an issuer that finds the pool empty generates on the spot. */
const EMERGENCY_BATCH = 100;

/** Unissued UINs left in the pool. */
export async function countUnissued(db: IdentityDb): Promise<number> {
  const row = await db
    .selectFrom('uin_pool')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('issued_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Inserts new numbers, ignoring any the pool holds already (issued or not). Answers how many were new.
 */
export async function insertIntoPool(db: IdentityDb, numbers: readonly string[]): Promise<number> {
  if (numbers.length === 0) return 0;
  // One array parameter, however many numbers: no statement grows with the batch.
  const result = await db
    .insertInto('uin_pool')
    .columns(['uin'])
    .expression(sql<{ uin: string }>`select unnest(${numbers as string[]}::text[])`)
    .onConflict((conflict) => conflict.column('uin').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface FillOptions {
  readonly rules: NumberRules;
  /** Unissued numbers to reach. */
  readonly target: number;
  readonly batchSize?: number;
  readonly random?: RandomInt;
  readonly signal?: AbortSignal;
}

export interface FillOutcome {
  readonly inserted: number;
  /** False when another node held the refill lock, so this one left it the work. */
  readonly filled: boolean;
}

/**
 * Tops the pool up to `target` unissued numbers, batch by batch, each batch in its own transaction under the refill
 * lock. Stops early when aborted or when another node is filling.
 */
export async function fillPool(db: IdentityDb, options: FillOptions): Promise<FillOutcome> {
  const batchSize = options.batchSize ?? POOL_BATCH;
  const random = options.random ?? bufferedRandomInt();
  let inserted = 0;
  while (!options.signal?.aborted) {
    const step = await db.transaction().execute(async (tx) => {
      const locked = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${POOL_LOCK_KEY}) as locked`.execute(tx);
      if (!locked.rows[0]?.locked) return 'busy' as const;
      const missing = options.target - (await countUnissued(tx));
      if (missing <= 0) return 'full' as const;
      const numbers = Array.from(uniqueNumbers(Math.min(missing, batchSize), options.rules, random));
      inserted += await insertIntoPool(tx, numbers);
      return 'more' as const;
    });
    if (step === 'busy') return { inserted, filled: false };
    if (step === 'full') return { inserted, filled: true };
  }
  return { inserted, filled: false };
}

/**
 * Locks one unissued UIN inside the caller's transaction (which creates the identity); `markIssued` then issues it.
 * If the transaction rolls back, or never marks it, the number stays in the pool. Concurrent issuers skip each
 * other's locked rows. An empty pool is filled with a small batch on the spot rather than refusing the identity.
 */
export async function lockUnissuedUin(tx: IdentityDb, rules: NumberRules): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const row = await tx
      .selectFrom('uin_pool')
      .select('uin')
      .where('issued_at', 'is', null)
      .orderBy('seq')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (row) return row.uin;
    await insertIntoPool(tx, Array.from(uniqueNumbers(EMERGENCY_BATCH, rules)));
  }
  throw new Error('the UIN pool stays empty: no unissued number could be generated');
}

/** Marks a UIN locked by `lockUnissuedUin` issued, for ever. */
export async function markIssued(tx: IdentityDb, uin: string): Promise<void> {
  await tx.updateTable('uin_pool').set({ issued_at: new Date() }).where('uin', '=', uin).execute();
}

export interface PoolKeeperOptions {
  readonly db: IdentityDb;
  readonly rules: NumberRules;
  readonly size: number;
  readonly refillBelow: number;
  readonly checkIntervalMs: number;
  readonly onFilled?: (outcome: FillOutcome & { readonly ms: number }) => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * Background work of `start()`: checks the pool now and every `checkIntervalMs`, and refills it to `size` whenever
 * fewer than `refillBelow` numbers remain. Returns how to stop it (waits for the batch in progress).
 */
export function keepPoolFilled(options: PoolKeeperOptions): () => Promise<void> {
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        if ((await countUnissued(options.db)) < options.refillBelow) {
          const started = performance.now();
          const outcome = await fillPool(options.db, {
            rules: options.rules,
            target: options.size,
            signal: stopping.signal,
          });
          options.onFilled?.({ ...outcome, ms: performance.now() - started });
        }
      } catch (error) {
        if (!stopping.signal.aborted) options.onError?.(error);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, options.checkIntervalMs);
      });
    }
  })();
  return async () => {
    stopping.abort();
    clearTimeout(timer);
    wake?.();
    await loop;
  };
}
