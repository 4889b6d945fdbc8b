/**
 * Importing a country's configuration files together, in one transaction: its areas, its offices, its health
 * facilities, then its event types. Every problem of every file is reported at once, and a problem in any file writes
 * nothing of any file.
 */
import { CountryImportError, type ImportSummary } from '../import-result.js';
import type { NewArea, NewFacility, NewOffice } from '../model.js';
import { allAreas, allEventTypeVersions, allFacilities, allOffices, type ConfigDb } from '../repository.js';
import { applyAreas, findAreaProblems } from './import-areas.js';
import { applyEventTypes, findEventTypeProblems, type EventTypeFile } from './import-event-types.js';
import { applyFacilities, findFacilityProblems } from './import-facilities.js';
import { applyOffices, findOfficeProblems } from './import-offices.js';

/** The rows of offices.csv or facilities.csv. */
export interface SiteRows<Row> {
  readonly file: string;
  readonly rows: readonly Row[];
  /** The line of each row, by code, to name it in problems. */
  readonly lineOf?: ReadonlyMap<string, number> | undefined;
}

export interface CountryRows {
  readonly areas: { readonly file: string; readonly rows: readonly NewArea[] };
  /** Absent when the country has no offices.csv: the stored offices stay, and moved areas still republish them. */
  readonly offices?: SiteRows<NewOffice> | undefined;
  /** Absent when the country has no facilities.csv: as with offices, the stored facilities stay. */
  readonly facilities?: SiteRows<NewFacility> | undefined;
  /** The definitions of its `events` folder; absent or empty, the stored event types stay as they are. */
  readonly eventTypes?: readonly EventTypeFile[] | undefined;
}

/**
 * Applies a country's parsed rows. Throws CountryImportError, having written nothing, on any problem.
 *
 * @example
 * const areas = parseAreasCsv(readFileSync('areas.csv', 'utf8'), 'areas.csv');
 * const summary = await importCountry({ db }, { areas: { file: 'areas.csv', rows: areas.areas } }, 'cli-import');
 * // { areas: { created: 13, updated: 0, unchanged: 0 }, offices: { created: 0, updated: 0, unchanged: 0 },
 * //   facilities: { created: 0, updated: 0, unchanged: 0 }, eventTypes: { published: 0, unchanged: 0 } }
 */
export async function importCountry(
  deps: { db: ConfigDb },
  country: CountryRows,
  traceId: string,
): Promise<ImportSummary> {
  const { areas, offices, facilities, eventTypes = [] } = country;
  return deps.db.transaction().execute(async (tx) => {
    const existing = new Map((await allAreas(tx)).map((area) => [area.code, area]));
    const areaCodes = new Set([...existing.keys(), ...areas.rows.map((area) => area.code)]);
    const versions = await allEventTypeVersions(tx);
    const problems = [
      ...findAreaProblems(areas.rows, existing, areas),
      ...(offices ? findOfficeProblems(offices.rows, areaCodes, offices) : []),
      ...(facilities ? findFacilityProblems(facilities.rows, areaCodes, facilities) : []),
      ...findEventTypeProblems(eventTypes, versions),
    ];
    if (problems.length > 0) throw new CountryImportError(problems);

    // The offices and facilities as they were, before any area moves: their paths are compared with the paths after.
    const officesBefore = await allOffices(tx);
    const facilitiesBefore = await allFacilities(tx);
    const areaCounts = await applyAreas(tx, areas.rows, { file: areas.file, traceId });
    const officeCounts = await applyOffices(tx, offices?.rows ?? [], officesBefore, {
      file: offices?.file ?? areas.file,
      traceId,
      lineOf: offices?.lineOf,
    });
    const facilityCounts = await applyFacilities(tx, facilities?.rows ?? [], facilitiesBefore, {
      file: facilities?.file ?? areas.file,
      traceId,
      lineOf: facilities?.lineOf,
    });
    const eventTypeCounts = await applyEventTypes(tx, eventTypes, versions, traceId);
    return { areas: areaCounts, offices: officeCounts, facilities: facilityCounts, eventTypes: eventTypeCounts };
  });
}
