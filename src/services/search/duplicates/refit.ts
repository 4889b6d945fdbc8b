/**
 * Keeping the duplicate models current: an event type's model is fitted again when it has none (or one of an earlier
 * version) and enough records, or when its records have grown by half since the last fit. One node at a time does it (an advisory lock); the
 * others find the new model within a minute (models.ts caches it that long).
 */
import { sql } from 'kysely';
import type { Logger } from '../../../core/log.js';
import { eventTypeAt } from '../event-types.js';
import type { SearchDb } from '../repository.js';
import { MODEL_VERSION } from './model.js';
import { fitModel, MIN_RECORDS, type FitReport } from './models.js';

const REFIT_LOCK = 7_304_190_377;
const GROWTH = 1.5;

/** Fits the models that are missing or stale (all of them with `force`); answers what was fitted. */
export async function refitModels(db: SearchDb, options: { force?: boolean; eventType?: string } = {}) {
  const types = await db.selectFrom('event_types').select('id').distinct().execute();
  const reports: FitReport[] = [];
  for (const { id } of types) {
    if (options.eventType && id !== options.eventType) continue;
    const definition = await eventTypeAt(db, id);
    if (!definition?.deduplication) continue;
    const [count, last] = await Promise.all([
      db
        .selectFrom('records')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('event_type', '=', id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('models')
        .select(['records', 'parameters'])
        .where('event_type', '=', id)
        .orderBy('fitted_at', 'desc')
        .limit(1)
        .executeTakeFirst(),
    ]);
    const records = Number(count.n);
    // A model of an earlier version is not used (models.ts): fitted again as if there were none.
    const current = last !== undefined && (last.parameters as { version?: number }).version === MODEL_VERSION;
    const stale = current ? records >= last.records * GROWTH : records >= MIN_RECORDS;
    if (options.force || stale) reports.push(await fitModel(db, definition));
  }
  return reports;
}

/** The background job of the search service: look every `intervalMs`, on one node at a time. */
export function startRefitting(db: SearchDb, log: Logger, intervalMs = 10 * 60_000): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      try {
        await db.transaction().execute(async (tx) => {
          const { rows } = await sql<{
            locked: boolean;
          }>`select pg_try_advisory_xact_lock(${REFIT_LOCK}) as locked`.execute(tx);
          if (!rows[0]?.locked) return;
          // Everything on this transaction: with embedded PGlite there is one connection, and the lock holds it.
          for (const report of await refitModels(tx)) {
            log.info(
              { eventType: report.eventType, records: report.records, pairs: report.pairs },
              'duplicate model fitted',
            );
          }
        });
      } catch (error) {
        log.warn({ err: error }, 'fitting the duplicate models failed; the previous ones stay in use');
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
