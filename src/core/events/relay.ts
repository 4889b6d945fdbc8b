/**
 * The outbox relay: moves committed events from each service's outbox to the bus, oldest first, and marks them
 * published only once the bus has them. It wakes on the NOTIFY the outbox trigger sends at commit, and polls as a
 * fallback. Several nodes may relay the same outbox at once: that is safe, if wasteful, because JetStream drops a
 * repeated event id within its duplicate window and every consumer is idempotent by event id.
 */
import { sql } from 'kysely';
import type { Database } from '../db/open.js';
import type { Logger } from '../log.js';
import type { Bus } from './bus.js';
import type { EventEnvelope } from './envelope.js';
import { OUTBOX_CHANNEL, type CoreEventTables, type OutboxTable } from './tables.js';
import type { Selectable } from 'kysely';

export interface RelayOptions {
  readonly database: Database;
  /** Schemas (services) whose outboxes this process relays. */
  readonly schemas: readonly string[];
  readonly bus: Bus;
  readonly log: Logger;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly retentionHours: number;
  readonly onPublished?: (schema: string, events: readonly EventEnvelope[]) => void;
}

export interface OutboxLag {
  readonly schema: string;
  readonly pending: number;
  /** Age of the oldest unpublished event, in seconds (0 when none). */
  readonly oldestSeconds: number;
}

export interface Relay {
  /** Publishes everything committed so far; used on shutdown and by tests. */
  flush(): Promise<void>;
  lag(): Promise<OutboxLag[]>;
  stop(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const workers = options.schemas.map((schema) => new OutboxWorker(schema, options));
  const stopListening = await options.database.listen(OUTBOX_CHANNEL, (schema) => {
    workers.find((worker) => worker.schema === schema)?.wake();
  });
  for (const worker of workers) worker.start();
  return {
    flush: async () => {
      await Promise.all(workers.map((worker) => worker.drainNow()));
    },
    lag: () => Promise.all(workers.map((worker) => worker.lag())),
    stop: async () => {
      await stopListening();
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}

class OutboxWorker {
  readonly #db;
  readonly #stopping = new AbortController();
  #wakeUp: (() => void) | undefined;
  #woken = false;
  #loop: Promise<void> | undefined;
  #draining: Promise<void> | undefined;
  // The first prune waits a few minutes: start-up has better things to do.
  #lastPrune = Date.now() - 3_600_000 + 300_000;

  constructor(
    readonly schema: string,
    private readonly options: RelayOptions,
  ) {
    this.#db = options.database.forSchema<CoreEventTables>(schema);
  }

  start(): void {
    this.#loop = this.#run();
  }

  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  async drainNow(): Promise<void> {
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
    await this.#draining;
    // A drain that was already running may have started before the latest commit: one more pass sees it.
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
    await this.#draining;
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#wakeUp?.();
    await this.#loop;
  }

  lag(): Promise<OutboxLag> {
    return outboxLag(this.options.database, this.schema);
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopping.signal.aborted) {
      this.#woken = false;
      try {
        await this.drainNow();
        await this.#pruneNow();
        failures = 0;
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 30 === 0) {
          this.options.log.warn({ err: error, schema: this.schema, failures }, 'outbox relay cannot publish; retrying');
        }
      }
      // A wake-up or a stop that came while draining must not be slept through.
      if (this.#woken || this.#stopping.signal.aborted) continue;
      const wait = failures > 0 ? Math.min(1000 * failures, 10_000) : this.options.pollIntervalMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.#wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeUp = undefined;
    }
  }

  async #drain(): Promise<void> {
    for (;;) {
      const rows = await this.#db
        .selectFrom('outbox')
        .selectAll()
        .where('published_at', 'is', null)
        .orderBy('position')
        .limit(this.options.batchSize)
        .execute();
      if (rows.length === 0) return;
      const events = rows.map((row) => toEnvelope(this.schema, row));
      await this.options.bus.publish(events);
      await this.#db
        .updateTable('outbox')
        .set({ published_at: new Date() })
        .where(
          'position',
          'in',
          rows.map((row) => row.position),
        )
        .execute();
      this.options.onPublished?.(this.schema, events);
      if (rows.length < this.options.batchSize) return;
    }
  }

  async #pruneNow(): Promise<void> {
    if (Date.now() - this.#lastPrune < 3_600_000) return;
    this.#lastPrune = Date.now();
    await this.#db
      .deleteFrom('outbox')
      .where('published_at', '<', new Date(Date.now() - this.options.retentionHours * 3_600_000))
      .execute();
  }
}

/** Events of `schema`'s outbox not yet handed to the bus, and how old the oldest is. */
export async function outboxLag(database: Pick<Database, 'forSchema'>, schema: string): Promise<OutboxLag> {
  const row = await database
    .forSchema<CoreEventTables>(schema)
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.countAll<number>().as('pending'),
      sql<number>`coalesce(extract(epoch from now() - min(time)), 0)::float8`.as('oldest'),
    ])
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return { schema, pending: Number(row?.pending ?? 0), oldestSeconds: Number(row?.oldest ?? 0) };
}

function toEnvelope(schema: string, row: Selectable<OutboxTable>): EventEnvelope {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    time: row.time.toISOString(),
    source: schema,
    subject: row.subject,
    traceId: row.trace_id,
    data: row.data,
  };
}
