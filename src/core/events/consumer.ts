/**
 * Consumers: how a service reacts to events. Handling is idempotent by event id: the id is recorded in the consumer's
 * own schema in the same transaction as the handler's effects, so a redelivered event changes nothing twice.
 */
import type { Kysely } from 'kysely';
import { typeMatches, type EventDefinition, type EventEnvelope } from './envelope.js';
import type { CoreEventTables } from './tables.js';

interface ConsumerBase {
  /** Unique within its service; with the service it names the durable subscription. */
  readonly name: string;
  /** The events it takes, or 'all' for every type in the catalogue. */
  readonly events: readonly EventDefinition[] | 'all';
}

/**
 * A consumer handles one event at a time (`handle`), or, where it can do better with several at once (one statement
 * for many rows), a batch in delivery order (`handleBatch`). Either way the batch shares one transaction; throw to
 * have the events retried later.
 */
export type ConsumerDefinition<Tables = object> = ConsumerBase &
  (
    | { handle(event: EventEnvelope, tx: Kysely<Tables & CoreEventTables>): Promise<void>; handleBatch?: never }
    | {
        handleBatch(events: readonly EventEnvelope[], tx: Kysely<Tables & CoreEventTables>): Promise<void>;
        handle?: never;
      }
  );

/**
 * Declares a consumer.
 *
 * @example
 * export const countEvents = defineConsumer<MetricsTables>({
 *   name: 'count-events', events: 'all',
 *   async handle(event, tx) { await incrementCount(tx, event.type); },
 * });
 */
export function defineConsumer<Tables = object>(definition: ConsumerDefinition<Tables>): ConsumerDefinition<Tables> {
  return Object.freeze({ ...definition });
}

/** A consumer attached to its service's database: what the buses deliver to. */
export interface BoundConsumer {
  readonly service: string;
  readonly name: string;
  /** `service.name`: the durable subscription's identity, shared by every copy of the service. */
  readonly id: string;
  /** Event types it takes, or undefined for all. */
  readonly types: ReadonlySet<string> | undefined;
  readonly db: Kysely<CoreEventTables>;
  readonly handleBatch: (events: readonly EventEnvelope[], tx: Kysely<CoreEventTables>) => Promise<void>;
}

export function bindConsumer<Tables = object>(
  service: string,
  db: Kysely<CoreEventTables>,
  definition: ConsumerDefinition<Tables>,
): BoundConsumer {
  return {
    service,
    name: definition.name,
    id: `${service}.${definition.name}`,
    types: definition.events === 'all' ? undefined : new Set(definition.events.map((event) => event.type)),
    db,
    handleBatch: toBatchHandler(definition) as unknown as BoundConsumer['handleBatch'],
  };
}

function toBatchHandler<Tables>(definition: ConsumerDefinition<Tables>) {
  if (definition.handleBatch) return definition.handleBatch;
  const handle = definition.handle;
  return async (events: readonly EventEnvelope[], tx: Kysely<Tables & CoreEventTables>) => {
    for (const event of events) await handle(event, tx);
  };
}

export function wants(consumer: BoundConsumer, type: string): boolean {
  if (consumer.types === undefined || consumer.types.has(type)) return true;
  for (const pattern of consumer.types) if (typeMatches(pattern, type)) return true;
  return false;
}

export type HandleOutcome =
  { readonly ok: true; readonly duplicate: boolean } | { readonly ok: false; readonly error: Error };

/**
 * Handles events in one transaction: fast under load. If the batch fails, each event is tried on its own so that one
 * bad event neither blocks nor fails the others. Outcomes are in the order of `events`.
 */
export async function handleBatch(consumer: BoundConsumer, events: readonly EventEnvelope[]): Promise<HandleOutcome[]> {
  if (events.length === 0) return [];
  try {
    const fresh = await consumer.db.transaction().execute((tx) => applyFresh(consumer, tx, events));
    return events.map((event) => ({ ok: true, duplicate: !fresh.has(event.id) }));
  } catch (error) {
    if (events.length === 1) return [{ ok: false, error: asError(error) }];
  }
  const outcomes: HandleOutcome[] = [];
  for (const event of events) outcomes.push(...(await handleBatch(consumer, [event])));
  return outcomes;
}

async function applyFresh(
  consumer: BoundConsumer,
  tx: Kysely<CoreEventTables>,
  events: readonly EventEnvelope[],
): Promise<Set<string>> {
  const inserted = await tx
    .insertInto('processed_events')
    .values(events.map((event) => ({ consumer: consumer.name, event_id: event.id })))
    .onConflict((conflict) => conflict.doNothing())
    .returning('event_id')
    .execute();
  const fresh = new Set(inserted.map((row) => row.event_id));
  const seen = new Set<string>();
  // The same id twice in one batch (a redelivery racing the first delivery) is applied once.
  const toApply = events.filter((event) => fresh.has(event.id) && !seen.has(event.id) && seen.add(event.id));
  if (toApply.length > 0) await consumer.handleBatch(toApply, tx);
  return fresh;
}

/** Sets an event aside for an operator, with why; it is never retried automatically. */
export async function deadLetter(
  consumer: BoundConsumer,
  raw: unknown,
  reason: string,
  attempts: number,
): Promise<void> {
  const envelope = raw && typeof raw === 'object' ? (raw as Partial<EventEnvelope>) : undefined;
  const id = typeof envelope?.id === 'string' && /^[0-9a-f-]{36}$/i.test(envelope.id) ? envelope.id : null;
  await consumer.db
    .insertInto('dead_letters')
    .values({
      consumer: consumer.name,
      event_id: id,
      type: typeof envelope?.type === 'string' ? envelope.type : null,
      envelope: JSON.stringify(raw ?? null),
      reason: reason.slice(0, 2000),
      attempts,
    })
    .execute();
}

/** Events a consumer has processed: for tests and `civitas events` tooling. */
export async function countProcessed(consumer: BoundConsumer): Promise<number> {
  const row = await consumer.db
    .selectFrom('processed_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('consumer', '=', consumer.name)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
