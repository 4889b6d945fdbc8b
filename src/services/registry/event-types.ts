/**
 * The registry's view of configuration: event type definitions by version (every record is read with the form it
 * was declared with) and the area tree, both copies kept from the config service's events; and registration numbers.
 */
import { DomainError } from '../../core/errors.js';
import type { Caller } from '../../core/http/scopes.js';
import { EventTypeDefinition, formatRegistrationNumber, registrationNumberSeries } from '../../core/forms/index.js';
import {
  areaPath,
  findEventType,
  nextRegistrationSequence,
  registrationNumberTaken,
  type RecordRow,
  type RegistryDb,
} from './repository.js';

// Definitions never change once published (a change is a new version), so parsed ones can be kept.
const parsed = new Map<string, EventTypeDefinition>();

/** The event type at this version, or the latest one; VALIDATION_FAILED on `eventType` when there is none. */
export async function eventTypeOf(db: RegistryDb, id: string, version?: number): Promise<EventTypeDefinition> {
  const cached = version === undefined ? undefined : parsed.get(`${id}@${version}`);
  if (cached) return cached;
  const stored = await findEventType(db, id, version);
  if (!stored) {
    throw new DomainError('REGISTRY_EVENT_TYPE_UNKNOWN', `No life event "${id}" is configured.`, {
      field: 'eventType',
    });
  }
  const definition = EventTypeDefinition.parse(stored);
  parsed.set(`${id}@${definition.version}`, definition);
  return definition;
}

/** The codes of an area and every area above it, innermost first; empty when the area is unknown. */
export async function jurisdictionOf(db: RegistryDb, code: string): Promise<string[]> {
  return (await areaPath(db, code)).map((area) => area.code);
}

/** The next number of the record's series, counted in the caller's transaction (gap-free). */
export async function registrationNumberFor(
  tx: RegistryDb,
  definition: EventTypeDefinition,
  row: RecordRow,
  caller: Caller,
  at: Date,
): Promise<string> {
  const { format, areaLevel } = definition.registrationNumber;
  const path = row.area_code ? await areaPath(tx, row.area_code) : [];
  const district = areaLevel ? path.find((area) => area.kind === areaLevel)?.code : undefined;
  if (format.includes('{district}') && !district) {
    throw new DomainError('REGISTRY_NOT_READY', `Not possible: the record's area lies in no ${areaLevel}.`);
  }
  if (format.includes('{office}') && !caller.office) {
    throw new DomainError('REGISTRY_NOT_READY', 'Not possible: numbers of this event type need a registering office.');
  }
  const values = {
    year: at.getUTCFullYear(),
    ...(district ? { district } : {}),
    ...(caller.office ? { office: caller.office } : {}),
  };
  const series = `${definition.id}:${registrationNumberSeries(format, values)}`;
  // A number may be held already by a record imported from a legacy register: it is taken, so not a gap; go on.
  for (;;) {
    const number = formatRegistrationNumber(format, {
      ...values,
      seq: await nextRegistrationSequence(tx, series, values.year),
    });
    if (!(await registrationNumberTaken(tx, number))) return number;
  }
}
