/**
 * Loading health facilities from a country's facilities.csv, exactly as offices are loaded: every row checked first,
 * every problem reported, nothing written unless all is valid, and a second import of the same file changes nothing.
 * Each facility is published with its area path, and published again whenever that path changes (see ../sites.ts).
 */
import { parseCsv, type CsvTable } from '../csv.js';
import { FacilityCreated, FacilityUpdated, type FacilityCreatedData } from '../events.js';
import type { ImportCounts } from '../import-result.js';
import { NewFacility, type Facility } from '../model.js';
import { allFacilities, insertFacilities, updateFacility, type ConfigDb } from '../repository.js';
import { applySites, findUnknownAreas, type SiteImportOptions, type SiteKind } from '../sites.js';

const FACILITIES_CSV: CsvTable<NewFacility> = {
  columns: {
    code: { field: 'code' },
    name: { field: 'name' },
    kind: { field: 'kind' },
    area_code: { field: 'areaCode' },
  },
  schema: NewFacility,
  key: 'code',
};

const FACILITIES: SiteKind<NewFacility, Facility, FacilityCreatedData, 'name' | 'kind' | 'areaCode'> = {
  fields: ['name', 'kind', 'areaCode'],
  all: allFacilities,
  insert: insertFacilities,
  update: updateFacility,
  created: FacilityCreated,
  updated: FacilityUpdated,
  data: (facility) => ({
    code: facility.code,
    name: facility.name,
    kind: facility.kind,
    areaCode: facility.areaCode,
    areaPath: facility.areaPath,
  }),
};

export interface ParsedFacilities {
  readonly facilities: NewFacility[];
  /** The line of each facility in the file, by code, for the problems found later. */
  readonly lineOf: ReadonlyMap<string, number>;
  readonly problems: string[];
}

/**
 * Reads facilities.csv (`code,name,kind,area_code`), reporting each problem as `file:line: column: what is wrong`.
 *
 * @example
 * parseFacilitiesCsv('code,name,kind,area_code\nFAC-IBO-GH,Ibombo General Hospital,hospital,CEN-IBO\n', 'f.csv');
 * // { facilities: [{ code: 'FAC-IBO-GH', name: 'Ibombo General Hospital', kind: 'hospital', areaCode: 'CEN-IBO' }],
 * //   lineOf: Map { 'FAC-IBO-GH' => 2 }, problems: [] }
 */
export function parseFacilitiesCsv(text: string, file: string): ParsedFacilities {
  const { rows, problems } = parseCsv(text, file, FACILITIES_CSV);
  return {
    facilities: rows.map((row) => row.value),
    lineOf: new Map(rows.map((row) => [row.value.code, row.line])),
    problems,
  };
}

/** The facilities whose area is not among `areaCodes` (the stored areas and those of the same import). */
export function findFacilityProblems(
  facilities: readonly NewFacility[],
  areaCodes: ReadonlySet<string>,
  options: Pick<SiteImportOptions, 'file' | 'lineOf'>,
): string[] {
  return findUnknownAreas(facilities, areaCodes, options);
}

/**
 * Writes `facilities` in the caller's transaction (after the areas of the same import) and publishes every facility
 * that is new or differs from `before`, the facilities as they were before this import changed any area. Facilities
 * not in `facilities` stay, and are published again if their area path changed. Throws CountryImportError on an
 * unknown area.
 */
export async function applyFacilities(
  tx: ConfigDb,
  facilities: readonly NewFacility[],
  before: ReadonlyMap<string, Facility>,
  options: SiteImportOptions,
): Promise<ImportCounts> {
  return applySites(tx, FACILITIES, facilities, before, options);
}

/** Applies parsed facilities in one transaction. Throws CountryImportError and writes nothing on any problem. */
export async function importFacilities(
  deps: { db: ConfigDb },
  facilities: readonly NewFacility[],
  options: SiteImportOptions,
): Promise<ImportCounts> {
  return deps.db.transaction().execute(async (tx) => applyFacilities(tx, facilities, await allFacilities(tx), options));
}
