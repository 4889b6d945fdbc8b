/**
 * Events per second from commit to consumer, and commit → handled latency, through the real outbox pieces:
 * producers append events in transactions (appendEvents in db.transaction()), the relay (startRelay) moves them to the
 * bus, and an idempotent consumer (defineConsumer/bindConsumer, in a schema of its own) records when it handled each
 * event and inserts a row, as a real consumer does.
 *
 *   a. in-process bus on PGlite      b. in-process bus on PostgreSQL      c. NATS JetStream bus on PostgreSQL
 *
 * Then the machine's raw insert ceiling: pgbench, one row per transaction into an outbox-shaped table, 8 clients, 15 s.
 *
 * Usage: npm run bench:outbox [-- --events 20000 --pglite-events 5000 --producers 8 --per-tx 10 --pool 10
 *                                 --only pglite,postgres,nats --no-pgbench --pgbench-seconds 15]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance as nodePerformance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { pino } from 'pino';
import { z } from 'zod';
import { migrate, type Migration } from '../src/core/db/migrate.js';
import { openDatabase, type Database } from '../src/core/db/open.js';
import type { Bus } from '../src/core/events/bus.js';
import { bindConsumer, defineConsumer } from '../src/core/events/consumer.js';
import { buildEventCatalog, defineEvent } from '../src/core/events/envelope.js';
import { createLocalBus } from '../src/core/events/local-bus.js';
import { createNatsBus } from '../src/core/events/nats-bus.js';
import { appendEvents } from '../src/core/events/outbox.js';
import { startRelay, type Relay } from '../src/core/events/relay.js';
import { coreEventMigrations, type CoreEventTables } from '../src/core/events/tables.js';
import {
  ADMIN_DATABASE_URL,
  cleanupRegistry,
  commandVersion,
  createScratchDatabase,
  epochNow,
  fmt,
  gitRevision,
  machine,
  measureCpu,
  NATS_URL,
  pidsNamed,
  percentile,
  ROOT,
  serverVersion,
  table,
  writeResults,
} from './lib.js';

const TARGET_EVENTS_PER_SECOND = 5000;
const TARGET_P99_MS = 100;

const { values: options } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'pglite-events': { type: 'string', default: '5000' },
    producers: { type: 'string', default: '8' },
    'per-tx': { type: 'string', default: '10' },
    pool: { type: 'string', default: '10' },
    'warmup-events': { type: 'string', default: '400' },
    'deadline-seconds': { type: 'string', default: '60' },
    only: { type: 'string', default: 'pglite,postgres,nats,nats-paced' },
    'paced-rate': { type: 'string', default: '500' },
    'paced-events': { type: 'string', default: '5000' },
    handler: { type: 'string', default: 'batch' },
    'no-pgbench': { type: 'boolean', default: false },
    'pgbench-seconds': { type: 'string', default: '15' },
    'pgbench-clients': { type: 'string', default: '8' },
    'no-pgbench-diagnostics': { type: 'boolean', default: false },
  },
});
const PRODUCERS = Number(options.producers);
const PER_TX = Number(options['per-tx']);
const POOL = Number(options.pool);
const WARMUP = Number(options['warmup-events']);
const DEADLINE_MS = Number(options['deadline-seconds']) * 1000;
const ONLY = new Set(options.only.split(',').map((name) => name.trim()));
const PGBENCH_SECONDS = Number(options['pgbench-seconds']);
const PGBENCH_CLIENTS = Number(options['pgbench-clients']);
const DIAGNOSTIC_SECONDS = 5;
/**
 * batch (default): the consumer inserts one row per event, all rows of a delivered batch in one statement, as
 * consumers written with `handleBatch` do; insert: one statement per event (`handle`); none: it only records the time.
 */
const HANDLER = options.handler === 'none' ? 'none' : options.handler === 'insert' ? 'insert' : 'batch';

const cleanup = cleanupRegistry();
const log = pino({ level: 'warn', base: { bench: 'outbox' } }, pino.destination(2));

// ---------------------------------------------------------------------------------------------------------------------
// The event, the consumer and the schemas.

const ItemCreated = defineEvent({
  type: 'bench.item.created',
  version: 1,
  description: 'An item was created (benchmark).',
  data: z.object({ n: z.number().int(), producer: z.number().int(), name: z.string(), tags: z.array(z.string()) }),
});
const catalog = buildEventCatalog([ItemCreated]);

const PRODUCER_SCHEMA = 'bench';
const CONSUMER_SCHEMA = 'bench_consumer';

interface ConsumerTables {
  received: { event_id: string; n: number; received_at: Date | undefined };
}

const createReceived: Migration = {
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

/** Commit and handling times by event id, for one load. */
class Clock {
  readonly committed = new Map<string, number>();
  readonly handled = new Map<string, number>();
  handlerCalls = 0;
}

// ---------------------------------------------------------------------------------------------------------------------
// One scenario.

type BusKind = 'local' | 'nats';

interface LoadResult {
  readonly events: number;
  readonly handled: number;
  readonly complete: boolean;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Producers only: events committed per second while they ran. */
  readonly commitsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly duplicateHandlerCalls: number;
  /** CPU time of this Node process (all threads) per event while the load ran. */
  readonly cpuMsPerEvent: number;
  /** Share of the time the main thread's event loop was busy while the load ran (1 = saturated). */
  readonly eventLoopBusy: number;
  /** CPU of the PostgreSQL backends connected to the scenario's database, per event (Linux only). */
  readonly postgresCpuMsPerEvent: number | undefined;
  /** CPU of the nats-server process (all its clients), per event (Linux only). */
  readonly natsCpuMsPerEvent: number | undefined;
}

interface ScenarioResult extends LoadResult {
  readonly label: string;
  readonly database: 'pglite' | 'postgres';
  readonly bus: BusKind;
  readonly offeredRate: number | undefined;
  readonly producers: number;
  readonly eventsPerTransaction: number;
  readonly poolSize: number | undefined;
  readonly check: { received: number; processed: number; unpublished: number; deadLetters: number };
}

interface Plan {
  readonly key: string;
  readonly label: string;
  readonly database: 'pglite' | 'postgres';
  readonly bus: BusKind;
  readonly events: number;
  /** Events per second the producers offer; undefined: as fast as they can. */
  readonly rate?: number;
}

async function runScenario(plan: Plan): Promise<ScenarioResult> {
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
      database = await openDatabase({ url: scratch.url, dataDir: tmpdir(), poolSize: POOL });
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
    const row = (event: { id: string; data: unknown }) => ({
      event_id: event.id,
      n: (event.data as { n: number }).n,
      received_at: undefined,
    });
    const definition =
      HANDLER === 'batch'
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
              if (HANDLER === 'insert') await tx.insertInto('received').values(row(event)).execute();
              record(event);
            },
          });
    const consumer = bindConsumer<ConsumerTables>(
      CONSUMER_SCHEMA,
      consumerDb as unknown as Kysely<CoreEventTables>,
      definition,
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

    // Warm-up: connections opened, code paths compiled, the NATS consumer attached. Not measured.
    const sequence = { value: 0 };
    await load(producerDb, WARMUP, clock, sequence, 20_000);
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
    const result = await load(producerDb, events, clock, sequence, DEADLINE_MS, plan.rate, servers);

    await relay.flush().catch(() => undefined);
    const check = await verify(database);
    return {
      label,
      database: kind,
      bus: busKind,
      offeredRate: plan.rate,
      producers: PRODUCERS,
      eventsPerTransaction: PER_TX,
      poolSize: kind === 'postgres' ? POOL : undefined,
      ...result,
      check,
    };
  } finally {
    await teardown();
  }
}

/**
 * Writes `events` events from PRODUCERS concurrent loops, PER_TX per transaction, as fast as they go or, with
 * `ratePerSecond`, on a fixed schedule; then waits until all are handled (or the deadline passes).
 */
interface Servers {
  readonly postgres?: () => Promise<number[]>;
  readonly nats?: () => Promise<number[]>;
}

async function load(
  producerDb: Kysely<CoreEventTables>,
  events: number,
  clock: Clock,
  counter: { value: number },
  deadlineMs: number,
  ratePerSecond?: number,
  servers: Servers = {},
): Promise<LoadResult> {
  const postgresCpu = servers.postgres ? await measureCpu(servers.postgres) : undefined;
  const natsCpu = servers.nats ? await measureCpu(servers.nats) : undefined;
  const started = epochNow();
  const cpuBefore = process.cpuUsage();
  const loopBefore = nodePerformance.eventLoopUtilization();
  let lastCommit = started;
  let remaining = events;
  // Paced: each producer starts a transaction every PRODUCERS * PER_TX / rate seconds, staggered.
  const intervalMs = ratePerSecond ? (PRODUCERS * PER_TX * 1000) / ratePerSecond : 0;
  const producer = async (index: number) => {
    for (let round = 0; remaining > 0 && epochNow() - started < deadlineMs; round += 1) {
      if (intervalMs > 0) {
        const due = started + (round + index / PRODUCERS) * intervalMs;
        const wait = due - epochNow();
        if (wait > 0) await sleep(wait);
      }
      const count = Math.min(PER_TX, remaining);
      remaining -= count;
      const inputs = Array.from({ length: count }, () => {
        const n = (counter.value += 1);
        return {
          subject: `item-${n}`,
          traceId: `bench-${index}-${n}`,
          data: { n, producer: index, name: `Item number ${n}`, tags: ['benchmark', `producer-${index}`] },
        };
      });
      const envelopes = await producerDb
        .transaction()
        .execute((tx) => appendEvents(tx, PRODUCER_SCHEMA, ItemCreated, inputs));
      const committedAt = epochNow();
      lastCommit = Math.max(lastCommit, committedAt);
      for (const envelope of envelopes) clock.committed.set(envelope.id, committedAt);
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, (_, index) => producer(index)));
  const written = clock.committed.size;
  while (clock.handled.size < written && epochNow() - started < deadlineMs) await sleep(5);
  const cpu = process.cpuUsage(cpuBefore);
  const postgresCpuMs = await postgresCpu?.stop();
  const natsCpuMs = await natsCpu?.stop();
  const loop = nodePerformance.eventLoopUtilization(loopBefore);

  const latencies: number[] = [];
  let last = started;
  for (const [id, handledAt] of clock.handled) {
    last = Math.max(last, handledAt);
    const committedAt = clock.committed.get(id);
    // The consumer may run before the producer's COMMIT round trip returns: that is zero latency, not negative.
    if (committedAt !== undefined) latencies.push(Math.max(0, handledAt - committedAt));
  }
  latencies.sort((a, b) => a - b);
  const seconds = (last - started) / 1000;
  return {
    events: written,
    handled: clock.handled.size,
    complete: written === events && clock.handled.size >= written,
    seconds,
    eventsPerSecond: clock.handled.size / seconds,
    commitsPerSecond: written / ((lastCommit - started) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
    duplicateHandlerCalls: clock.handlerCalls - clock.handled.size,
    cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / Math.max(1, clock.handled.size),
    eventLoopBusy: loop.utilization,
    postgresCpuMsPerEvent: postgresCpuMs === undefined ? undefined : postgresCpuMs / Math.max(1, clock.handled.size),
    natsCpuMsPerEvent: natsCpuMs === undefined ? undefined : natsCpuMs / Math.max(1, clock.handled.size),
  };
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

async function deleteStream(stream: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(stream).catch((error: unknown) => {
      if (!/not found/i.test((error as Error).message)) throw error;
    });
  } finally {
    await nc.close();
  }
}

async function natsVersion(): Promise<string> {
  const nc = await connect({ servers: NATS_URL });
  try {
    return nc.info?.version ?? 'unknown';
  } finally {
    await nc.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// pgbench: the raw insert ceiling of this machine and server.

function pgbenchBinary(): string {
  for (const candidate of ['pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    if (spawnSync(candidate, ['--version']).status === 0) return candidate;
  }
  throw new Error('pgbench not found (apt-get install postgresql-client)');
}

interface PgbenchVariant {
  readonly rowsPerTransaction: number;
  /** With the outbox's statement-level pg_notify trigger, as coreEventMigrations creates it. */
  readonly notifyTrigger: boolean;
  readonly seconds: number;
}

interface PgbenchResult extends PgbenchVariant {
  readonly clients: number;
  readonly transactions: number;
  readonly tps: number;
  readonly rowsPerSecond: number;
  readonly latencyAverageMs: number;
}

interface PgbenchRun {
  readonly version: string | undefined;
  /** The ceiling the ratio is taken against: one row per transaction, no trigger. */
  readonly ceiling: PgbenchResult;
  /** Shorter runs that show what the outbox's NOTIFY trigger and multi-row transactions do to that ceiling. */
  readonly diagnostics: readonly PgbenchResult[];
}

const PGBENCH_ROW = `(gen_random_uuid(), 'bench.item.created', 1, now(), 'item-' || :n, 'bench-' || :client_id,
  jsonb_build_object('n', :n, 'producer', :client_id, 'name', 'Item number ' || :n,
                     'tags', jsonb_build_array('benchmark', 'producer-' || :client_id)))`;

async function runPgbench(variants: readonly PgbenchVariant[]): Promise<PgbenchResult[]> {
  const binary = pgbenchBinary();
  const scratch = await createScratchDatabase('civitas_bench_pgbench');
  const dir = mkdtempSync(join(tmpdir(), 'civitas-bench-pgbench-'));
  try {
    const url = new URL(scratch.url);
    const env = {
      ...process.env,
      PGHOST: url.searchParams.get('host') ?? url.hostname,
      PGPORT: url.port || '5432',
      PGUSER: decodeURIComponent(url.username) || 'postgres',
      PGDATABASE: scratch.name,
      ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    };
    // The outbox's shape (columns, primary key, unique id, partial index), twice: plain, and with the outbox's
    // statement-level NOTIFY trigger.
    const outbox = (name: string) => `create table ${name} (
        position bigserial primary key, id uuid not null unique, type text not null, version integer not null,
        time timestamptz not null, subject text not null, trace_id text not null, data jsonb not null,
        published_at timestamptz);
      create index ${name}_unpublished on ${name} (position) where published_at is null;`;
    execFileSync(
      'psql',
      [
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `${outbox('outbox')} ${outbox('outbox_notified')}
        create function outbox_notify() returns trigger language plpgsql as $$
          begin perform pg_notify('civitas_outbox', TG_TABLE_SCHEMA); return null; end $$;
        create trigger outbox_notify after insert on outbox_notified for each statement execute function outbox_notify();`,
      ],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const results: PgbenchResult[] = [];
    for (const variant of variants) {
      const script = join(dir, `insert-${results.length}.sql`);
      const rows = Array.from({ length: variant.rowsPerTransaction }, () => PGBENCH_ROW).join(',\n');
      writeFileSync(
        script,
        `\\set n random(1, 1000000000)\ninsert into ${variant.notifyTrigger ? 'outbox_notified' : 'outbox'} ` +
          `(id, type, version, time, subject, trace_id, data) values ${rows};\n`,
      );
      const threads = Math.min(PGBENCH_CLIENTS, 2);
      const output = execFileSync(
        binary,
        ['-n', '-c', String(PGBENCH_CLIENTS), '-j', String(threads), '-T', String(variant.seconds), '-f', script],
        { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
      const transactions = /number of transactions actually processed: (\d+)/.exec(output);
      const latency = /latency average = ([\d.]+) ms/.exec(output);
      if (!tps) throw new Error(`cannot read pgbench output:\n${output}`);
      results.push({
        ...variant,
        clients: PGBENCH_CLIENTS,
        transactions: Number(transactions?.[1] ?? NaN),
        tps: Number(tps[1]),
        rowsPerSecond: Number(tps[1]) * variant.rowsPerTransaction,
        latencyAverageMs: Number(latency?.[1] ?? NaN),
      });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await scratch.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const events = Number(options.events);
  const pgliteEvents = Number(options['pglite-events']);
  console.log('Civitas outbox: commit → relay → bus → consumer (handled), through src/core/events');
  console.log(
    `${PRODUCERS} concurrent producers, ${PER_TX} events per transaction; relay batch 500, poll 1000 ms (NOTIFY wakes it); ` +
      `consumer in its own schema, ${
        {
          batch: 'one multi-row insert per delivered batch (handleBatch)',
          insert: 'one insert per event',
          none: 'no insert (--handler none)',
        }[HANDLER]
      }; ` +
      `PostgreSQL pool ${POOL}; ${WARMUP} warm-up events first.`,
  );
  console.log(`Revision ${gitRevision()}.`);
  console.log(`Load average before: ${loadBefore.map((value) => value.toFixed(2)).join(' ')} (${machine().cpus} CPUs)`);
  console.log('');

  let pgbench: PgbenchRun | undefined;
  if (!options['no-pgbench']) {
    console.error(`  pgbench: ${PGBENCH_CLIENTS} clients, ${PGBENCH_SECONDS} s, then diagnostics...`);
    const diagnosticSeconds = options['no-pgbench-diagnostics'] ? 0 : DIAGNOSTIC_SECONDS;
    const [ceiling, ...diagnostics] = await runPgbench([
      { rowsPerTransaction: 1, notifyTrigger: false, seconds: PGBENCH_SECONDS },
      ...(diagnosticSeconds > 0
        ? [
            { rowsPerTransaction: 1, notifyTrigger: true, seconds: diagnosticSeconds },
            { rowsPerTransaction: PER_TX, notifyTrigger: false, seconds: diagnosticSeconds },
            { rowsPerTransaction: PER_TX, notifyTrigger: true, seconds: diagnosticSeconds },
          ]
        : []),
    ]);
    pgbench = { version: commandVersion(pgbenchBinary(), ['--version']), ceiling: ceiling!, diagnostics };
  }

  const pacedRate = Number(options['paced-rate']);
  const plans: Plan[] = [
    { key: 'pglite', label: 'a. in-process bus, PGlite', database: 'pglite', bus: 'local', events: pgliteEvents },
    { key: 'postgres', label: 'b. in-process bus, PostgreSQL', database: 'postgres', bus: 'local', events },
    { key: 'nats', label: 'c. NATS JetStream, PostgreSQL', database: 'postgres', bus: 'nats', events },
    {
      key: 'nats-paced',
      label: `c. NATS JetStream, PostgreSQL, paced ${pacedRate}/s`,
      database: 'postgres',
      bus: 'nats',
      events: Number(options['paced-events']),
      rate: pacedRate,
    },
  ];
  const results: ScenarioResult[] = [];
  for (const plan of plans) if (ONLY.has(plan.key)) results.push(await runScenario(plan));

  const rows = results.map((result) => [
    result.label + (result.complete ? '' : ' (INCOMPLETE)'),
    String(result.events),
    fmt(result.seconds, 2),
    fmt(result.eventsPerSecond),
    fmt(result.commitsPerSecond),
    fmt(result.p50Ms, 1),
    fmt(result.p99Ms, 1),
    fmt(result.maxMs, 1),
    fmt(result.cpuMsPerEvent * 1000),
    result.postgresCpuMsPerEvent === undefined ? '-' : fmt(result.postgresCpuMsPerEvent * 1000),
    result.natsCpuMsPerEvent === undefined ? '-' : fmt(result.natsCpuMsPerEvent * 1000),
    `${fmt(result.eventLoopBusy * 100)}%`,
    pgbench && result.database === 'postgres' ? fmt(result.eventsPerSecond / pgbench.ceiling.tps, 2) : '-',
  ]);
  console.log(
    table(
      [
        'scenario',
        'events',
        'seconds',
        'events/s',
        'commits/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'Node CPU µs/event',
        'PG CPU µs/event',
        'NATS CPU µs/event',
        'loop busy',
        'ratio to pgbench',
      ],
      rows,
    ),
  );
  console.log(
    'events/s: handled by the consumer, end to end (first commit → last handled); commits/s: producers alone; ' +
      'latency: producer commit returned → consumer handled the event; Node CPU: this process, all threads, ' +
      'per event handled; PG CPU: the PostgreSQL backends of the scenario database; NATS CPU: nats-server; ' +
      'loop busy: event-loop utilisation of the one thread that runs producers, relay and consumer.',
  );
  for (const result of results) {
    const { received, processed, unpublished, deadLetters } = result.check;
    const problems = [
      received !== result.events + WARMUP ? `received ${received}` : '',
      processed !== result.events + WARMUP ? `processed ${processed}` : '',
      unpublished > 0 ? `${unpublished} unpublished` : '',
      deadLetters > 0 ? `${deadLetters} dead letters` : '',
      result.duplicateHandlerCalls > 0 ? `${result.duplicateHandlerCalls} repeated handler calls` : '',
    ].filter(Boolean);
    if (problems.length > 0) console.log(`  ${result.label}: ${problems.join(', ')}`);
  }
  if (pgbench) {
    const { ceiling } = pgbench;
    console.log('');
    console.log(
      `pgbench (raw insert ceiling): ${fmt(ceiling.tps)} inserts/s, one outbox-shaped row (jsonb payload) per ` +
        `transaction, ${ceiling.clients} clients, ${ceiling.seconds} s, average latency ${fmt(ceiling.latencyAverageMs, 2)} ms. ` +
        'ratio = events/s ÷ this.',
    );
    if (pgbench.diagnostics.length > 0) {
      console.log(
        'pgbench diagnostics: the same insert with the outbox NOTIFY trigger, and with several rows per transaction:',
      );
      console.log(
        table(
          ['rows/tx', 'NOTIFY trigger', 'seconds', 'tx/s', 'rows/s', 'latency ms'],
          [ceiling, ...pgbench.diagnostics].map((run) => [
            String(run.rowsPerTransaction),
            run.notifyTrigger ? 'yes' : 'no',
            String(run.seconds),
            fmt(run.tps),
            fmt(run.rowsPerSecond),
            fmt(run.latencyAverageMs, 2),
          ]),
        ),
      );
    }
  }

  const nats = results.find((result) => result.bus === 'nats' && result.offeredRate === undefined);
  const verdict = nats
    ? {
        eventsPerSecond: nats.eventsPerSecond >= TARGET_EVENTS_PER_SECOND ? 'met' : 'NOT met',
        p99: nats.p99Ms < TARGET_P99_MS ? 'met' : 'NOT met',
      }
    : undefined;
  console.log('');
  console.log(
    `Target (NATS JetStream on PostgreSQL): ≥ ${TARGET_EVENTS_PER_SECOND} events/s → ` +
      (nats ? `${fmt(nats.eventsPerSecond)} events/s, ${verdict!.eventsPerSecond}` : 'not measured') +
      `; p99 < ${TARGET_P99_MS} ms → ` +
      (nats ? `${fmt(nats.p99Ms, 1)} ms, ${verdict!.p99}` : 'not measured'),
  );

  const file = writeResults('outbox', {
    name: 'outbox',
    revision: gitRevision(),
    date: startedAt.toISOString(),
    machine: machine(),
    loadAverage: { before: loadBefore, after: loadavg() },
    postgres:
      results.some((result) => result.database === 'postgres') || pgbench
        ? await serverVersion(ADMIN_DATABASE_URL)
        : undefined,
    nats: nats ? await natsVersion() : undefined,
    settings: {
      producers: PRODUCERS,
      eventsPerTransaction: PER_TX,
      poolSize: POOL,
      warmupEvents: WARMUP,
      handler: HANDLER,
      relayBatchSize: 500,
      relayPollIntervalMs: 1000,
      deadlineSeconds: DEADLINE_MS / 1000,
    },
    target: { eventsPerSecond: TARGET_EVENTS_PER_SECOND, p99Ms: TARGET_P99_MS, verdict },
    scenarios: results,
    pgbench,
  });
  console.log('');
  console.log(`Results: ${file.replace(ROOT, '')}`);
}

try {
  await main();
} finally {
  await cleanup.run();
}
