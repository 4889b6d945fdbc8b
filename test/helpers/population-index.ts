/**
 * A generated population written straight into the search index (as the registry's events would have it), for
 * measuring duplicate detection against the generator's ground truth: records of one child share a `personId`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate } from '../../src/core/db/migrate.js';
import type { Database } from '../../src/core/db/open.js';
import { parseEventTypeDefinition, type EventTypeDefinition } from '../../src/core/forms/index.js';
import { readCountryAreas } from '../../src/core/population/birth-areas.js';
import { toBirthDeclaration } from '../../src/core/population/declaration.js';
import { generatePopulation } from '../../src/core/population/generate.js';
import { loadServices } from '../../src/services/index.js';
import { storeEventType } from '../../src/services/search/event-types.js';
import { indexEntry, type IndexEntry } from '../../src/services/search/indexing/entry.js';
import { searchDb, writeEntries } from '../../src/services/search/repository.js';

const DEMO = fileURLToPath(new URL('../../countries/demo', import.meta.url));

export function demoBirth(): EventTypeDefinition {
  const file = `${DEMO}/events/birth.yaml`;
  const parsed = parseEventTypeDefinition(readFileSync(file, 'utf8'), file);
  if (!parsed.definition) throw new Error(parsed.problems.join('\n'));
  return parsed.definition;
}

export interface IndexedPerson {
  readonly recordId: string;
  readonly personId: string;
  /** The mother's family: records of brothers, sisters and twins share it. */
  readonly familyId: string;
  readonly data: Record<string, Record<string, unknown>>;
}

/** Migrates the search schema and stores the demo birth type: an empty search index of births. */
export async function prepareSearchIndex(database: Pick<Database, 'forSchema' | 'root'>) {
  const services = await loadServices(['search']);
  await migrate(
    database.root,
    services.map((service) => ({ schema: service.name, migrations: service.migrations })),
  );
  const db = searchDb(database);
  const definition = demoBirth();
  await storeEventType(db, definition.id, definition.version, definition);
  return { db, definition };
}

/** The index entry of a registered birth, as the registry's events would have it. */
export function birthEntry(
  definition: EventTypeDefinition,
  recordId: string,
  trackingId: string,
  data: Record<string, Record<string, unknown>>,
): IndexEntry {
  return indexEntry(
    {
      recordId,
      trackingId,
      eventType: 'birth',
      formVersion: definition.version,
      status: 'REGISTERED',
      version: 3,
      registrationNumber: null,
      areaPath: [String(data.child!.placeOfBirthArea), 'P'],
      actor: { userId: 'generator', role: 'generator', office: null },
      at: new Date().toISOString(),
      data,
    },
    definition,
  );
}

/** Migrates the search schema, stores the demo birth type, and indexes `count` generated births in batches. */
export async function indexPopulation(
  database: Pick<Database, 'forSchema' | 'root'>,
  options: { count: number; seed?: number; batch?: number; onProgress?: (done: number) => void },
): Promise<{ definition: EventTypeDefinition; people: IndexedPerson[] }> {
  const { db, definition } = await prepareSearchIndex(database);
  const people: IndexedPerson[] = [];
  let batch: IndexEntry[] = [];
  const flush = async () => {
    await db.transaction().execute((tx) => writeEntries(tx, batch));
    batch = [];
    options.onProgress?.(people.length);
  };
  const areas = readCountryAreas(DEMO);
  for (const birth of generatePopulation({ count: options.count, seed: options.seed ?? 7, areas })) {
    const recordId = randomUUID();
    const data = toBirthDeclaration(birth);
    people.push({ recordId, personId: birth.personId, familyId: birth.familyId, data });
    batch.push(birthEntry(definition, recordId, birth.recordId, data));
    if (batch.length >= (options.batch ?? 1000)) await flush();
  }
  if (batch.length > 0) await flush();
  return { definition, people };
}
