/**
 * Appending events to a service's outbox, inside the caller's transaction: the state change and its event commit
 * together or not at all, so no event is lost by a crash and none is sent for a change that rolled back.
 */
import type { Insertable, Kysely } from 'kysely';
import type { EventDefinition, EventEnvelope } from './envelope.js';
import { describeIssues, typeMatches } from './envelope.js';
import type { CoreEventTables, OutboxTable } from './tables.js';
import { uuidv7 } from './uuidv7.js';

/**
 * A Kysely handle or transaction of a service schema (`ServiceDb<...>`). Kysely's table types are invariant, so any
 * service's handle is accepted here and used only for the outbox table every service schema has.
 */
export type OutboxTarget = Pick<Kysely<CoreEventTables>, 'withSchema'> | object;

export interface AppendEventInput<Data> {
  /** The concrete type, for a family definition (`registry.*.registered` → `registry.birth.registered`). */
  readonly type?: string;
  readonly subject: string;
  readonly data: Data;
  /** The request id or the trace of the event that caused this one. */
  readonly traceId: string;
}

/**
 * Validates `data` and writes the event to the outbox of the schema `tx` is bound to.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.insertInto('areas').values(area).execute();
 *   await appendEvent(tx, 'config', AreaCreated, { subject: area.code, data: area, traceId: request.id });
 * });
 */
export async function appendEvent<Data>(
  tx: OutboxTarget,
  source: string,
  definition: EventDefinition<string, Data>,
  input: AppendEventInput<Data>,
): Promise<EventEnvelope<Data>> {
  return (await appendEvents(tx, source, definition, [input]))[0]!;
}

/** As `appendEvent`, for many events of one type in one statement. */
export async function appendEvents<Data>(
  tx: OutboxTarget,
  source: string,
  definition: EventDefinition<string, Data>,
  inputs: readonly AppendEventInput<Data>[],
): Promise<EventEnvelope<Data>[]> {
  if (inputs.length === 0) return [];
  const { envelopes, rows } = outboxRows(source, definition, inputs);
  // Every service schema has the core outbox table; Kysely's invariant generics need telling.
  await (tx as unknown as Kysely<CoreEventTables>).insertInto('outbox').values(rows).execute();
  return envelopes;
}

/**
 * The checked envelopes and the outbox rows of `inputs`, for a caller that writes them within a larger statement
 * of its own (one round trip for a state change and its event).
 */
export function outboxRows<Data>(
  source: string,
  definition: EventDefinition<string, Data>,
  inputs: readonly AppendEventInput<Data>[],
): { envelopes: EventEnvelope<Data>[]; rows: Insertable<OutboxTable>[] } {
  const time = new Date();
  const envelopes = inputs.map((input) => {
    const parsed = definition.data.safeParse(input.data);
    if (!parsed.success) {
      // A bug in the emitting service, not a client error: the transaction rolls back and nothing is published.
      throw new Error(`refusing to publish invalid ${definition.type}: ${describeIssues(parsed.error)}`);
    }
    const type = input.type ?? definition.type;
    if (!typeMatches(definition.type, type) || type.includes('*')) {
      throw new Error(`refusing to publish ${type} as ${definition.type}: name the concrete type`);
    }
    return {
      id: uuidv7(time.getTime()),
      type,
      version: definition.version,
      time: time.toISOString(),
      source,
      subject: input.subject,
      traceId: input.traceId,
      data: parsed.data,
    } satisfies EventEnvelope<Data>;
  });
  const rows = envelopes.map((envelope) => ({
    id: envelope.id,
    type: envelope.type,
    version: envelope.version,
    time,
    subject: envelope.subject,
    trace_id: envelope.traceId,
    data: JSON.stringify(envelope.data),
  }));
  return { envelopes, rows };
}
