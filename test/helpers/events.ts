/** A tiny producer and consumer pair on a fresh database, for tests of the outbox, the relay and the buses. */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { migrate } from '../../src/core/db/migrate.js';
import type { Bus } from '../../src/core/events/bus.js';
import { startRelay, type Relay } from '../../src/core/events/relay.js';
import { createLogger } from '../../src/core/log.js';
import { bindConsumer, defineConsumer, type BoundConsumer } from '../../src/core/events/consumer.js';
import { buildEventCatalog, defineEvent, type EventEnvelope } from '../../src/core/events/envelope.js';
import { appendEvents } from '../../src/core/events/outbox.js';
import { coreEventMigrations, type CoreEventTables } from '../../src/core/events/tables.js';
import { openTestDatabase } from './database.js';

export const ThingHappened = defineEvent({
  type: 'producer.thing.happened',
  version: 1,
  description: 'test event',
  data: z.object({ n: z.number().int() }),
});
export const catalog = buildEventCatalog([ThingHappened]);

interface SeenTable {
  seen: { event_id: string; n: number };
}

export async function eventsFixture(options: { failWhen?: (n: number, attempt: number) => boolean } = {}) {
  const database = await openTestDatabase();
  await migrate(database.root, [
    { schema: 'producer', migrations: coreEventMigrations },
    {
      schema: 'consumer',
      migrations: [
        ...coreEventMigrations,
        {
          name: '0001-seen',
          up: async (db) => {
            await db.schema.createTable('seen').addColumn('event_id', 'uuid').addColumn('n', 'integer').execute();
          },
        },
      ],
    },
  ]);
  const producer = database.forSchema<CoreEventTables>('producer');
  const consumerDb = database.forSchema<CoreEventTables & SeenTable>('consumer');
  const attempts = new Map<number, number>();
  const definition = defineConsumer<SeenTable>({
    name: 'record',
    events: [ThingHappened],
    async handle(event, tx) {
      const n = (event.data as { n: number }).n;
      const attempt = (attempts.get(n) ?? 0) + 1;
      attempts.set(n, attempt);
      if (options.failWhen?.(n, attempt)) throw new Error(`refusing ${n} on attempt ${attempt}`);
      await tx.insertInto('seen').values({ event_id: event.id, n }).execute();
    },
  });
  const consumer: BoundConsumer = bindConsumer<SeenTable>(
    'consumer',
    consumerDb as unknown as Kysely<CoreEventTables>,
    definition,
  );

  return {
    database,
    producer,
    consumer,
    attempts,
    async emit(...values: number[]): Promise<EventEnvelope[]> {
      return producer.transaction().execute((tx) =>
        appendEvents(
          tx,
          'producer',
          ThingHappened,
          values.map((n) => ({ subject: `thing-${n}`, data: { n }, traceId: 'test' })),
        ),
      );
    },
    async seen(): Promise<number[]> {
      const rows = await consumerDb.selectFrom('seen').select('n').orderBy('n').execute();
      return rows.map((row) => row.n);
    },
    async deadLetters() {
      return consumerDb.selectFrom('dead_letters').selectAll().orderBy('id').execute();
    },
    async unpublished(): Promise<number> {
      const result = await sql<{
        count: number;
      }>`select count(*)::int as count from producer.outbox where published_at is null`.execute(database.root);
      return result.rows[0]!.count;
    },
    close: () => database.close(),
  };
}

/** Relays the fixture's producer outbox to `bus`, polling often so tests do not wait. */
export function relayTo(fixture: { database: Parameters<typeof startRelay>[0]['database'] }, bus: Bus): Promise<Relay> {
  return startRelay({
    database: fixture.database,
    schemas: ['producer'],
    bus,
    log: createLogger({ level: 'silent' }),
    batchSize: 100,
    pollIntervalMs: 50,
    retentionHours: 1,
  });
}
