/**
 * Statistics rebuilt from the registry's records: for a metrics service added to a running registry (it saw none of
 * the registrations before it), or after its tables were lost. Reads the registry's record feed and the config
 * service's event types through their public APIs, as the event consumers would have received them, and keeps each
 * registered record with its real registration time. Running it again changes nothing; a registration that arrives
 * by event meanwhile is kept the same way (both are upserts of the record's one row).
 *
 * @module
 */
import type { Database } from '../../core/db/open.js';
import type { EventTypeDefinition } from '../../core/forms/index.js';
import { configDb, readEventType } from '../config/api.js';
import { feedSize, recordFeed, registryDb } from '../registry/api.js';
import { keepEventType, saveRegisteredRecord } from './registrations.js';
import { findEventType, metricsDb } from './repository.js';

export interface RebuildProgress {
  /** Records of the feed read so far (registered or not). */
  readonly done: number;
  readonly total: number;
}

export interface RebuildResult {
  readonly read: number;
  /** Registered records kept (whether new to the statistics or not). */
  readonly registrations: number;
  /** Registered records left out: their event type version is unknown to config. */
  readonly skipped: number;
  readonly seconds: number;
}

const PAGE = 500;

export async function rebuildStatistics(
  database: Database,
  options: { readonly onProgress?: (progress: RebuildProgress) => void; readonly pageSize?: number } = {},
): Promise<RebuildResult> {
  const started = performance.now();
  const registry = registryDb(database);
  const config = configDb(database);
  const metrics = metricsDb(database);
  const total = await feedSize(registry);
  const knownTypes = new Set<string>();
  let read = 0;
  let registrations = 0;
  let skipped = 0;
  let after: string | null = null;
  for (;;) {
    const page = await recordFeed(registry, after, options.pageSize ?? PAGE);
    // Read before the page's transaction: with PGlite's one connection, a read outside an open transaction waits
    // for it to end.
    const definitions = new Map<string, EventTypeDefinition | undefined>();
    for (const record of page.records) {
      const key = `${record.eventType}@${record.formVersion}`;
      if (!record.registeredAt || knownTypes.has(key) || definitions.has(key)) continue;
      const kept = await findEventType(metrics, record.eventType, record.formVersion);
      definitions.set(key, kept ? undefined : await readEventType(config, record.eventType, record.formVersion));
      if (kept) knownTypes.add(key);
    }
    await metrics.transaction().execute(async (tx) => {
      for (const record of page.records) {
        if (!record.registeredAt) continue;
        const key = `${record.eventType}@${record.formVersion}`;
        if (!knownTypes.has(key)) {
          const definition = definitions.get(key);
          if (!definition) {
            skipped += 1;
            continue;
          }
          await keepEventType(tx, { id: record.eventType, version: record.formVersion, definition });
          knownTypes.add(key);
        }
        await saveRegisteredRecord(tx, record, new Date(record.registeredAt));
        registrations += 1;
      }
    });
    read += page.records.length;
    options.onProgress?.({ done: read, total: Math.max(total, read) });
    if (!page.next) break;
    after = page.next;
  }
  return { read, registrations, skipped, seconds: (performance.now() - started) / 1000 };
}
