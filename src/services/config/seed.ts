import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../../core/service.js';
import { AreaImportError, importAreas, parseAreasCsv, type ImportSummary } from './actions/import-areas.js';
import { countAreas, type ConfigTables } from './repository.js';

/** Reads `<folder>/areas.csv` and imports it; every problem of the file is reported together. */
export async function importCountryFolder(
  context: Pick<ServiceContext<ConfigTables>, 'db'>,
  folder: string,
  traceId: string,
): Promise<ImportSummary> {
  const file = join(folder, 'areas.csv');
  if (!existsSync(file)) throw new AreaImportError([`${file}: not found`]);
  const parsed = parseAreasCsv(readFileSync(file, 'utf8'), file);
  if (parsed.problems.length > 0) throw new AreaImportError(parsed.problems);
  return importAreas(context, parsed.areas, { file, traceId });
}

/** First start in development mode: load the demo country when no area exists yet. */
export async function seedCountry(context: ServiceContext<ConfigTables>): Promise<void> {
  if ((await countAreas(context.db)) > 0) return;
  const summary = await importCountryFolder(context, context.config.seed.country, 'seed');
  context.log.info({ country: context.config.seed.country, ...summary }, 'seeded the country configuration');
}
