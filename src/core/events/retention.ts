/**
 * Keeps the consumers' idempotency records from growing without end: a processed event id is needed only while the
 * event can still be delivered again (the outbox keeps events `outbox.retentionHours`, the NATS stream 7 days), so
 * ids older than `retentionDays` are deleted, once an hour.
 */
import type { Logger } from '../log.js';
import type { BoundConsumer } from './consumer.js';

export interface RetentionOptions {
  readonly consumers: readonly BoundConsumer[];
  readonly retentionDays: number;
  readonly log: Logger;
  readonly intervalMs?: number;
}

/** Deletes processed-event records older than the retention; returns how many went. */
export async function pruneProcessedEvents(
  consumer: BoundConsumer,
  retentionDays: number,
  now = Date.now(),
): Promise<number> {
  const result = await consumer.db
    .deleteFrom('processed_events')
    .where('consumer', '=', consumer.name)
    .where('processed_at', '<', new Date(now - retentionDays * 86_400_000))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function startRetention(options: RetentionOptions): { stop(): void } {
  const run = async () => {
    for (const consumer of options.consumers) {
      try {
        const deleted = await pruneProcessedEvents(consumer, options.retentionDays);
        if (deleted > 0) options.log.info({ consumer: consumer.id, deleted }, 'pruned processed event ids');
      } catch (error) {
        options.log.warn({ err: error, consumer: consumer.id }, 'cannot prune processed event ids; will try again');
      }
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
