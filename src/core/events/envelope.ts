/**
 * The event envelope every service emits, and `defineEvent`, which a service's events.ts uses to declare the events
 * it publishes with the zod schema of their data. Data is checked against that schema on publish and on consume.
 */
import { z } from 'zod';

export const EventEnvelope = z.object({
  id: z.uuid().describe('UUIDv7 of the event; consumers are idempotent by it.'),
  type: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/)
    .describe('Dotted name, source service first: config.area.created'),
  version: z.number().int().positive().describe('Version of the data schema of this type.'),
  time: z.iso.datetime({ offset: true }).describe('When the state change committed (ISO 8601).'),
  source: z.string().min(1).describe('The service that emitted it.'),
  subject: z.string().min(1).describe('What the event is about, e.g. the record or area id.'),
  traceId: z.string().min(1).describe('Correlates the event with the request that caused it.'),
  data: z.unknown(),
});
export type EventEnvelope<Data = unknown> = Omit<z.infer<typeof EventEnvelope>, 'data'> & { readonly data: Data };

export interface EventDefinition<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly version: number;
  readonly data: z.ZodType<Data>;
  readonly description: string;
}

/**
 * Declares an event a service publishes.
 *
 * @example
 * export const AreaCreated = defineEvent({
 *   type: 'config.area.created', version: 1, description: 'An area was added.',
 *   data: z.object({ code: z.string(), name: z.string() }),
 * });
 */
export function defineEvent<const Type extends string, Data>(
  definition: EventDefinition<Type, Data>,
): EventDefinition<Type, Data> {
  return Object.freeze({ ...definition });
}

/**
 * Whether a type matches a definition's type, which may hold `*` for one segment: a family of events whose middle
 * part is configuration, e.g. `registry.*.registered` for `registry.birth.registered` and `registry.adoption.registered`.
 */
export function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes('*')) return pattern === type;
  const want = pattern.split('.');
  const have = type.split('.');
  return want.length === have.length && want.every((part, index) => part === '*' || part === have[index]);
}

/** The definition of a type: its own, or the family (`*`) it belongs to. */
export function findEventDefinition(catalog: EventCatalog, type: string): EventDefinition | undefined {
  const exact = catalog.get(type);
  if (exact) return exact;
  const parts = type.split('.');
  for (let index = 0; index < parts.length; index++) {
    const family = catalog.get([...parts.slice(0, index), '*', ...parts.slice(index + 1)].join('.'));
    if (family) return family;
  }
  return undefined;
}

/** Every event type known to this build, by type name. */
export type EventCatalog = ReadonlyMap<string, EventDefinition>;

export function buildEventCatalog(definitions: Iterable<EventDefinition>): EventCatalog {
  const catalog = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    if (catalog.has(definition.type)) throw new Error(`event type ${definition.type} is defined twice`);
    catalog.set(definition.type, definition);
  }
  return catalog;
}

export type EnvelopeCheck = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/** Checks a received envelope and its data against the catalogue: an event that fails goes to the dead letters. */
export function checkEnvelope(raw: unknown, catalog: EventCatalog): EnvelopeCheck {
  const envelope = EventEnvelope.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: `invalid envelope: ${describeIssues(envelope.error)}` };
  const definition = findEventDefinition(catalog, envelope.data.type);
  if (!definition) return { ok: false, reason: `unknown event type ${envelope.data.type}` };
  if (definition.version !== envelope.data.version) {
    return {
      ok: false,
      reason: `${definition.type} version ${envelope.data.version} is not supported (expected ${definition.version})`,
    };
  }
  const data = definition.data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: `invalid data of ${definition.type}: ${describeIssues(data.error)}` };
  return { ok: true, event: { ...envelope.data, data: data.data } };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
