import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceContext } from '../../core/service.js';
import { parseAreasCsv } from './actions/import-areas.js';
import { importCountry } from './actions/import-country.js';
import { eventTypeFilesIn, readEventTypes } from './actions/import-event-types.js';
import { parseFacilitiesCsv } from './actions/import-facilities.js';
import { parseOfficesCsv } from './actions/import-offices.js';
import { CountryImportError, type ImportSummary } from './import-result.js';
import { countAreas, countEventTypes, countFacilities, countOffices, type ConfigTables } from './repository.js';

/**
 * Reads `<folder>/areas.csv` and, when there are, `<folder>/offices.csv`, `<folder>/facilities.csv` and the event
 * type definitions of `<folder>/events/` (`*.yaml`, `*.yml`), and imports them in one transaction; every problem of
 * the files is reported together, and nothing is written unless all is valid.
 *
 * @example
 * const summary = await importCountryFolder({ db: configDb(database) }, 'countries/demo', 'cli-import');
 * // { areas: { created: 13, updated: 0, unchanged: 0 }, offices: { created: 10, updated: 0, unchanged: 0 },
 * //   facilities: { created: 20, updated: 0, unchanged: 0 }, eventTypes: { published: 3, unchanged: 0 } }
 */
export async function importCountryFolder(
  context: Pick<ServiceContext<ConfigTables>, 'db'>,
  folder: string,
  traceId: string,
): Promise<ImportSummary> {
  const areasFile = join(folder, 'areas.csv');
  if (!existsSync(areasFile)) throw new CountryImportError([`${areasFile}: not found`]);
  const areas = parseAreasCsv(readFileSync(areasFile, 'utf8'), areasFile);
  const officesFile = join(folder, 'offices.csv');
  const offices = existsSync(officesFile) ? parseOfficesCsv(readFileSync(officesFile, 'utf8'), officesFile) : undefined;
  const facilitiesFile = join(folder, 'facilities.csv');
  const facilities = existsSync(facilitiesFile)
    ? parseFacilitiesCsv(readFileSync(facilitiesFile, 'utf8'), facilitiesFile)
    : undefined;
  const eventsFolder = join(folder, 'events');
  const eventTypes = existsSync(eventsFolder) ? readEventTypes(eventsFolder) : undefined;
  const problems = [
    ...areas.problems,
    ...(offices?.problems ?? []),
    ...(facilities?.problems ?? []),
    ...(eventTypes?.problems ?? []),
  ];
  if (problems.length > 0) throw new CountryImportError(problems);
  return importCountry(
    context,
    {
      areas: { file: areasFile, rows: areas.areas },
      offices: offices && { file: officesFile, rows: offices.offices, lineOf: offices.lineOf },
      facilities: facilities && { file: facilitiesFile, rows: facilities.facilities, lineOf: facilities.lineOf },
      eventTypes: eventTypes?.eventTypes,
    },
    traceId,
  );
}

/**
 * Starts in development mode: load the demo country when it has no area yet, or offices.csv and no office yet, or
 * facilities.csv and no facility yet, or event type definitions and no event type yet (a database seeded before
 * offices, facilities or event types existed gets them; the import leaves what is there unchanged).
 */
export async function seedCountry(context: ServiceContext<ConfigTables>): Promise<void> {
  const folder = context.config.seed.country;
  const events = join(folder, 'events');
  const seeded =
    (await countAreas(context.db)) > 0 &&
    (!existsSync(join(folder, 'offices.csv')) || (await countOffices(context.db)) > 0) &&
    (!existsSync(join(folder, 'facilities.csv')) || (await countFacilities(context.db)) > 0) &&
    (!existsSync(events) || eventTypeFilesIn(events).length === 0 || (await countEventTypes(context.db)) > 0);
  if (seeded) return;
  const summary = await importCountryFolder(context, folder, 'seed');
  context.log.info({ country: folder, ...summary }, 'seeded the country configuration');
}
