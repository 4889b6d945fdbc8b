/**
 * Publishing a country's event types from the definition files in its `events` folder (one YAML file per life event).
 * A version, once published, never changes, because every record keeps the version it was declared with: a file
 * whose (id, version) is stored with other content is refused, and a change is published by raising `version`. As
 * with the CSV files, every problem is reported and nothing is written unless all is valid.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendEvents } from '../../../core/events/outbox.js';
import { parseEventTypeDefinition, type EventTypeDefinition } from '../../../core/forms/index.js';
import { EventTypePublished } from '../events.js';
import type { PublishCounts } from '../import-result.js';
import { insertEventTypes, type ConfigDb, type StoredEventTypeVersion } from '../repository.js';

/** A definition as read from its file. */
export interface EventTypeFile {
  readonly file: string;
  readonly definition: EventTypeDefinition;
  /** The lines of its `id` and `version` keys, to name them in problems found later. */
  readonly lines?: { readonly id?: number | undefined; readonly version?: number | undefined } | undefined;
}

export interface ParsedEventTypes {
  readonly eventTypes: EventTypeFile[];
  readonly problems: string[];
}

/** The `*.yaml` and `*.yml` files of a folder, sorted by name. */
export function eventTypeFilesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(folder, name));
}

/**
 * Reads and checks every definition file of `folder` (a country's `events` folder): each file's own problems, and
 * two files defining the same event type.
 *
 * @example
 * const { eventTypes, problems } = readEventTypes('countries/demo/events');
 * // eventTypes: [{ file: 'countries/demo/events/birth.yaml', definition: { id: 'birth', version: 1, ... } }, ...]
 */
export function readEventTypes(folder: string): ParsedEventTypes {
  const eventTypes: EventTypeFile[] = [];
  const problems: string[] = [];
  const fileOf = new Map<string, string>();
  for (const file of eventTypeFilesIn(folder)) {
    const text = readFileSync(file, 'utf8');
    const result = parseEventTypeDefinition(text, file);
    if (result.problems) {
      problems.push(...result.problems);
      continue;
    }
    const { definition } = result;
    const lines = { id: topLevelLine(text, 'id'), version: topLevelLine(text, 'version') };
    const other = fileOf.get(definition.id);
    if (other !== undefined) {
      problems.push(`${where(file, lines.id)}: id: ${definition.id} is defined in ${other} already`);
      continue;
    }
    fileOf.set(definition.id, file);
    eventTypes.push({ file, definition, lines });
  }
  return { eventTypes, problems };
}

/**
 * The definitions that would change or go back on what is published: an (id, version) stored with other content, or
 * a version lower than the latest stored one.
 */
export function findEventTypeProblems(
  eventTypes: readonly EventTypeFile[],
  stored: readonly StoredEventTypeVersion[],
): string[] {
  const hashOf = new Map(stored.map((version) => [`${version.id}@${version.version}`, version.contentHash]));
  const latest = new Map<string, number>();
  for (const { id, version } of stored) latest.set(id, Math.max(version, latest.get(id) ?? 0));
  return eventTypes.flatMap(({ file, definition, lines }) => {
    const { id, version } = definition;
    const at = `${where(file, lines?.version)}: version`;
    const hash = hashOf.get(`${id}@${version}`);
    if (hash !== undefined && hash !== contentHash(definition)) {
      return [
        `${at}: ${id} version ${version} is published already with other content; raise \`version\` to publish a change`,
      ];
    }
    const newest = latest.get(id) ?? 0;
    if (version < newest) {
      return [
        `${at}: ${id} version ${version} is lower than version ${newest}, published already; the file must hold the latest version or a new one`,
      ];
    }
    return [];
  });
}

/**
 * Stores every definition whose (id, version) is new and publishes it, in the caller's transaction; a stored one with
 * the same content is left unchanged. Call it after `findEventTypeProblems` found nothing in the same transaction.
 */
export async function applyEventTypes(
  tx: ConfigDb,
  eventTypes: readonly EventTypeFile[],
  stored: readonly StoredEventTypeVersion[],
  traceId: string,
): Promise<PublishCounts> {
  const known = new Set(stored.map((version) => `${version.id}@${version.version}`));
  const published = eventTypes
    .map(({ definition }) => definition)
    .filter((definition) => !known.has(`${definition.id}@${definition.version}`));
  await insertEventTypes(
    tx,
    published.map((definition) => ({ definition, contentHash: contentHash(definition) })),
  );
  await appendEvents(
    tx,
    'config',
    EventTypePublished,
    published.map((definition) => ({
      subject: `${definition.id}@${definition.version}`,
      data: { id: definition.id, version: definition.version, definition },
      traceId,
    })),
  );
  return { published: published.length, unchanged: eventTypes.length - published.length };
}

/**
 * sha256 of the definition's canonical JSON (keys sorted at every level), so that neither the order of keys in the
 * file nor that of the stored jsonb makes an unchanged definition look changed.
 */
export function contentHash(definition: EventTypeDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The line of a top-level key in a YAML file (one written at the start of a line), if it is there. */
function topLevelLine(text: string, key: string): number | undefined {
  const index = text.split('\n').findIndex((line) => line.startsWith(`${key}:`));
  return index === -1 ? undefined : index + 1;
}

function where(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}
