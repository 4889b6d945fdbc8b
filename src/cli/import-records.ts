/**
 * `civitas import records <file.csv> --event birth`: loads a legacy register as registered records. Checks every row
 * first, shows progress, and can be run again after a crash or to completion: what is there already is skipped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { migrate } from '../core/db/migrate.js';
import { openDatabase } from '../core/db/open.js';
import { EventTypeDefinition } from '../core/forms/index.js';
import { configDb, readAreas, readEventType } from '../services/config/api.js';
import { importLegacyRecords, parseLegacyCsv, registryDb } from '../services/registry/api.js';
import { loadServices } from '../services/index.js';
import { UsageError } from './args.js';
import { configFromFlags } from './load-config.js';

const USAGE = 'usage: civitas import records <file.csv> --event <type> [--batch-size 500]';

export async function importRecords(words: string[], flags: Record<string, string>): Promise<void> {
  const [file] = words;
  const eventType = flags.event;
  if (!file || !eventType) throw new UsageError(USAGE);
  const batchSize = flags['batch-size'] === undefined ? 500 : Number(flags['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new UsageError(`--batch-size: give a whole number from 1 to 10000\n${USAGE}`);
  }
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot be read (${(error as Error).message})`);
  }
  const config = configFromFlags(flags, ['event', 'batch-size']);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir, poolSize: 2 });
  try {
    const services = await loadServices(['config', 'registry']);
    await migrate(
      database.root,
      services.map((service) => ({ schema: service.name, migrations: service.migrations })),
    );
    // The country as the config service holds it (this command runs without the server and its events).
    const stored = await readEventType(configDb(database), eventType);
    if (!stored) {
      throw new UsageError(
        `No life event "${eventType}" is configured: import the country first (civitas config import <folder>).`,
      );
    }
    const definition = EventTypeDefinition.parse(stored);
    const parents = new Map((await readAreas(configDb(database))).map((area) => [area.code, area]));
    const areaPath = (code: string): string[] => {
      const path: string[] = [];
      for (let at: string | null = code; at !== null && path.length < 50; at = parents.get(at)?.parentCode ?? null) {
        path.push(at);
      }
      return path;
    };
    const today = new Date().toISOString().slice(0, 10);
    const parsed = parseLegacyCsv(text, path, definition, parents, today);
    if (parsed.problems.length > 0) {
      throw new UsageError(
        `Nothing was imported. ${parsed.problems.length} problem(s):\n${parsed.problems.slice(0, 200).join('\n')}` +
          (parsed.problems.length > 200 ? `\n… and ${parsed.problems.length - 200} more` : ''),
      );
    }
    const started = Date.now();
    const result = await importLegacyRecords(registryDb(database), definition, parsed.records, {
      file: path,
      areaPath,
      batchSize,
      onProgress: (progress) => {
        const seconds = (Date.now() - started) / 1000;
        process.stderr.write(
          `\r${eventType}: ${progress.done}/${progress.total} (${Math.round(progress.imported / Math.max(seconds, 0.001))} records/s)`,
        );
      },
    });
    if (result.conflicts.length > 0) {
      throw new UsageError(
        `Nothing was imported. ${result.conflicts.length} conflict(s):\n${result.conflicts.slice(0, 200).join('\n')}`,
      );
    }
    if (result.imported > 0) process.stderr.write('\n');
    console.log(`${eventType}: ${result.imported} imported, ${result.skipped} already there`);
  } finally {
    await database.close();
  }
}
