/**
 * One outbox scenario: a fresh database with the producer's and the consumer's schema, the relay, a bus (in-process
 * or NATS JetStream), a warm-up, then one measured load and a check of what arrived.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Logger } from 'pino';
import { migrate } from '../../src/core/db/migrate.js';
import { openDatabase, type Database } from '../../src/core/db/open.js';
import type { Bus } from '../../src/core/events/bus.js';
import { bindConsumer } from '../../src/core/events/consumer.js';
import { createLocalBus } from '../../src/core/events/local-bus.js';
import { createNatsBus } from '../../src/core/events/nats-bus.js';
import { startRelay, type Relay } from '../../src/core/events/relay.js';
import { coreEventMigrations, type CoreEventTables } from '../../src/core/events/tables.js';
import { createScratchDatabase, epochNow, NATS_URL, pidsNamed, type CleanupRegistry } from '../lib.js';
import { Clock, load, type LoadResult, type Servers } from './load.js';
import { deleteStream } from './nats.js';
import type { OutboxSettings } from './options.js';
import {
  catalog,
  CONSUMER_SCHEMA,
  createReceived,
  defineRecordingConsumer,
  PRODUCER_SCHEMA,
  type ConsumerTables,
} from './workload.js';

type BusKind = 'local' | 'nats';

export interface ScenarioResult extends LoadResult {
  readonly label: string;
  readonly database: 'pglite' | 'postgres';
  readonly bus: BusKind;
  readonly offeredRate: number | undefined;
  readonly producers: number;
  readonly eventsPerTransaction: number;
  readonly poolSize: number | undefined;
  readonly check: { received: number; processed: number; unpublished: number; deadLetters: number };
}

export interface Plan {
  readonly key: string;
  readonly label: string;
  readonly database: 'pglite' | 'postgres';
  readonly bus: BusKind;
  readonly events: number;
  /** Events per second the producers offer; undefined: as fast as they can. */
  readonly rate?: number;
}

/** Every scenario, in the order they run; `--only` picks among them by key. */
export function scenarioPlans(settings: OutboxSettings): Plan[] {
  const { events, pgliteEvents, pacedRate } = settings;
  return [
    { key: 'pglite', label: 'a. in-process bus, PGlite', database: 'pglite', bus: 'local', events: pgliteEvents },
    { key: 'postgres', label: 'b. in-process bus, PostgreSQL', database: 'postgres', bus: 'local', events },
    { key: 'nats', label: 'c. NATS JetStream, PostgreSQL', database: 'postgres', bus: 'nats', events },
    {
      key: 'nats-paced',
      label: `c. NATS JetStream, PostgreSQL, paced ${pacedRate}/s`,
      database: 'postgres',
      bus: 'nats',
      events: settings.pacedEvents,
      rate: pacedRate,
    },
  ];
}

export interface ScenarioDeps {
  readonly settings: OutboxSettings;
  readonly cleanup: CleanupRegistry;
  readonly log: Logger;
}

export async function runScenario(plan: Plan, { settings, cleanup, log }: ScenarioDeps): Promise<ScenarioResult> {
  const { label, database: kind, bus: busKind, events } = plan;
  const steps: Array<() => Promise<void> | void> = [];
  const teardown = async () => {
    for (const step of steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`${label}: cleanup: ${(error as Error).message}`);
      }
    }
  };
  cleanup.add(teardown);
  try {
    let database: Database;
    if (kind === 'pglite') {
      const dataDir = mkdtempSync(join(tmpdir(), 'civitas-bench-outbox-'));
      steps.push(() => rmSync(dataDir, { recursive: true, force: true }));
      database = await openDatabase({ dataDir });
    } else {
      const scratch = await createScratchDatabase('civitas_bench_outbox');
      steps.push(() => scratch.drop());
      database = await openDatabase({ url: scratch.url, dataDir: tmpdir(), poolSize: settings.pool });
    }
    steps.push(() => database.close());

    await migrate(database.root, [
      { schema: PRODUCER_SCHEMA, migrations: coreEventMigrations },
      { schema: CONSUMER_SCHEMA, migrations: [...coreEventMigrations, createReceived] },
    ]);
    const producerDb = database.forSchema<CoreEventTables>(PRODUCER_SCHEMA);
    const consumerDb = database.forSchema<CoreEventTables & ConsumerTables>(CONSUMER_SCHEMA);

    let clock = new Clock();
    const record = (event: { id: string }) => {
      clock.handlerCalls += 1;
      if (!clock.handled.has(event.id)) clock.handled.set(event.id, epochNow());
    };
    const consumer = bindConsumer<ConsumerTables>(
      CONSUMER_SCHEMA,
      consumerDb as unknown as Kysely<CoreEventTables>,
      defineRecordingConsumer(settings.handler, record),
    );

    const retry = { maxDeliver: 5, backoffMs: [1000, 5000, 30000] };
    let bus: Bus;
    if (busKind === 'nats') {
      const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const stream = `BENCH_OUTBOX_${suffix}`;
      bus = createNatsBus({
        servers: NATS_URL,
        stream,
        subjectPrefix: `bench_outbox_${suffix}`,
        replicas: 1,
        catalog,
        retry,
        log,
      });
      steps.push(() => deleteStream(stream));
    } else {
      bus = createLocalBus({ catalog, retry });
    }
    steps.push(() => bus.close());
    await bus.subscribe(consumer);
    for (const started = Date.now(); !bus.status().connected; await sleep(20)) {
      if (Date.now() - started > 15_000) throw new Error(`${label}: the bus is not connected: ${bus.status().detail}`);
    }

    const relay: Relay = await startRelay({
      database,
      schemas: [PRODUCER_SCHEMA],
      bus,
      log,
      batchSize: 500,
      pollIntervalMs: 1000,
      retentionHours: 168,
    });
    steps.push(() => relay.stop());

    const { producers, perTx } = settings;
    // Warm-up: connections opened, code paths compiled, the NATS consumer attached. Not measured.
    const counter = { value: 0 };
    await load({ producerDb, events: settings.warmup, clock, counter, deadlineMs: 20_000, producers, perTx });
    clock = new Clock();
    console.error(`  ${label}: warmed up, writing ${events} events...`);
    const servers: Servers = {
      ...(kind === 'postgres'
        ? {
            postgres: async () =>
              (
                await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(
                  database.root,
                )
              ).rows.map((row) => Number(row.pid)),
          }
        : {}),
      ...(busKind === 'nats' ? { nats: async () => pidsNamed('nats-server') } : {}),
    };
    const result = await load({
      producerDb,
      events,
      clock,
      counter,
      deadlineMs: settings.deadlineMs,
      ratePerSecond: plan.rate,
      servers,
      producers,
      perTx,
    });

    await relay.flush().catch(() => undefined);
    const check = await verify(database);
    return {
      label,
      database: kind,
      bus: busKind,
      offeredRate: plan.rate,
      producers,
      eventsPerTransaction: perTx,
      poolSize: kind === 'postgres' ? settings.pool : undefined,
      ...result,
      check,
    };
  } finally {
    await teardown();
  }
}

async function verify(database: Database) {
  const count = async (query: RawBuilder<{ count: number | string }>) =>
    Number((await query.execute(database.root)).rows[0]?.count ?? 0);
  return {
    received: await count(sql<{ count: number }>`select count(*) as count from ${sql.id(CONSUMER_SCHEMA, 'received')}`),
    processed: await count(
      sql<{ count: number }>`select count(*) as count from ${sql.id(CONSUMER_SCHEMA, 'processed_events')}`,
    ),
    unpublished: await count(
      sql<{
        count: number;
      }>`select count(*) as count from ${sql.id(PRODUCER_SCHEMA, 'outbox')} where published_at is null`,
    ),
    deadLetters: await count(
      sql<{ count: number }>`select count(*) as count from ${sql.id(CONSUMER_SCHEMA, 'dead_letters')}`,
    ),
  };
}
