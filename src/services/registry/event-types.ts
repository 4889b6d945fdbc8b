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
  latestEventTypeVersion,
  nextRegistrationSequence,
  registrationNumberTaken,
  type RecordRow,
  type RegistryDb,
} from './repository.js';

// Definitions never change once published (a change is a new version), so parsed ones can be kept.
const parsed = new Map<string, EventTypeDefinition>();

/** The event type at this version, or the latest one; VALIDATION_FAILED on `eventType` when there is none. */
// The latest version of each type, asked for on every new record: kept 5 s (another node's consumer may publish a
// version this node's cache is not told about), and forgotten at once when this node's consumer stores one.
const LATEST_CACHE_MS = 5000;
const latest = new Map<string, { at: number; version: number | undefined }>();

export function forgetLatestVersion(id: string): void {
  latest.delete(id);
}

async function latestVersion(db: RegistryDb, id: string): Promise<number | undefined> {
  const hit = latest.get(id);
  if (hit && Date.now() - hit.at < LATEST_CACHE_MS) return hit.version;
  const version = await latestEventTypeVersion(db, id);
  if (version !== undefined) latest.set(id, { at: Date.now(), version });
  return version;
}

export async function eventTypeOf(db: RegistryDb, id: string, version?: number): Promise<EventTypeDefinition> {
  const wanted = version ?? (await latestVersion(db, id));
  const cached = wanted === undefined ? undefined : parsed.get(`${id}@${wanted}`);
  if (cached) return cached;
  const stored = await findEventType(db, id, wanted);
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
  return (await cachedAreaPath(db, code)).map((area) => area.code);
}

// Areas change seldom (a country import); a minute's cache spares a recursive query on most actions. Each node keeps
// its own, and only one node's consumer sees a given change, so the cache expires rather than being told.
const AREA_CACHE_MS = 60_000;
const areaPaths = new Map<string, { at: number; path: Array<{ code: string; kind: string }> }>();

async function cachedAreaPath(db: RegistryDb, code: string): Promise<Array<{ code: string; kind: string }>> {
  const hit = areaPaths.get(code);
  if (hit && Date.now() - hit.at < AREA_CACHE_MS) return hit.path;
  const path = await areaPath(db, code);
  // Unknown areas are not kept: one may arrive with the next event.
  if (path.length > 0) {
    if (areaPaths.size > 100_000) areaPaths.clear();
    areaPaths.set(code, { at: Date.now(), path });
  }
  return path;
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
  const path = row.area_code ? await cachedAreaPath(tx, row.area_code) : [];
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
