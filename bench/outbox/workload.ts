/** What the outbox scenarios write and consume: the event, the two schemas, the consumer's table and its handler. */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Migration } from '../../src/core/db/migrate.js';
import { defineConsumer, type ConsumerDefinition } from '../../src/core/events/consumer.js';
import { buildEventCatalog, defineEvent } from '../../src/core/events/envelope.js';
import type { Handler } from './options.js';

export const ItemCreated = defineEvent({
  type: 'bench.item.created',
  version: 1,
  description: 'An item was created (benchmark).',
  data: z.object({ n: z.number().int(), producer: z.number().int(), name: z.string(), tags: z.array(z.string()) }),
});
export const catalog = buildEventCatalog([ItemCreated]);

export const PRODUCER_SCHEMA = 'bench';
export const CONSUMER_SCHEMA = 'bench_consumer';

export interface ConsumerTables {
  received: { event_id: string; n: number; received_at: Date | undefined };
}

export const createReceived: Migration = {
  name: '0001-create-received',
  async up(db) {
    await db.schema
      .createTable('received')
      .addColumn('event_id', 'uuid', (column) => column.primaryKey())
      .addColumn('n', 'integer', (column) => column.notNull())
      .addColumn('received_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
      .execute();
  },
};

/** The consumer: inserts into `received` as `handler` says, then calls `record` for each event it handled. */
export function defineRecordingConsumer(
  handler: Handler,
  record: (event: { id: string }) => void,
): ConsumerDefinition<ConsumerTables> {
  const row = (event: { id: string; data: unknown }) => ({
    event_id: event.id,
    n: (event.data as { n: number }).n,
    received_at: undefined,
  });
  return handler === 'batch'
    ? defineConsumer<ConsumerTables>({
        name: 'record',
        events: [ItemCreated],
        async handleBatch(events, tx) {
          await tx.insertInto('received').values(events.map(row)).execute();
          events.forEach(record);
        },
      })
    : defineConsumer<ConsumerTables>({
        name: 'record',
        events: [ItemCreated],
        async handle(event, tx) {
          if (handler === 'insert') await tx.insertInto('received').values(row(event)).execute();
          record(event);
        },
      });
}
