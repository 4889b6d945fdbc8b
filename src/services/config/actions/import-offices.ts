/**
 * Loading registration offices from a country's offices.csv, as areas are loaded: every row checked first, every
 * problem reported, nothing written unless all is valid, and a second import of the same file changes nothing. Each
 * office is published with its area path, and published again whenever that path changes (see ../sites.ts).
 */
import { parseCsv, type CsvTable } from '../csv.js';
import { OfficeCreated, OfficeUpdated, type OfficeCreatedData } from '../events.js';
import type { ImportCounts } from '../import-result.js';
import { NewOffice, type Office } from '../model.js';
import { allOffices, insertOffices, updateOffice, type ConfigDb } from '../repository.js';
import { applySites, findUnknownAreas, type SiteImportOptions, type SiteKind } from '../sites.js';

const OFFICES_CSV: CsvTable<NewOffice> = {
  columns: { code: { field: 'code' }, name: { field: 'name' }, area_code: { field: 'areaCode' } },
  schema: NewOffice,
  key: 'code',
};

const OFFICES: SiteKind<NewOffice, Office, OfficeCreatedData, 'name' | 'areaCode'> = {
  fields: ['name', 'areaCode'],
  all: allOffices,
  insert: insertOffices,
  update: updateOffice,
  created: OfficeCreated,
  updated: OfficeUpdated,
  data: (office) => ({ code: office.code, name: office.name, areaCode: office.areaCode, areaPath: office.areaPath }),
};

export interface ParsedOffices {
  readonly offices: NewOffice[];
  /** The line of each office in the file, by code, for the problems found later. */
  readonly lineOf: ReadonlyMap<string, number>;
  readonly problems: string[];
}

export function parseOfficesCsv(text: string, file: string): ParsedOffices {
  const { rows, problems } = parseCsv(text, file, OFFICES_CSV);
  return {
    offices: rows.map((row) => row.value),
    lineOf: new Map(rows.map((row) => [row.value.code, row.line])),
    problems,
  };
}

export type OfficeImportOptions = SiteImportOptions;

/** The offices whose area is not among `areaCodes` (the stored areas and those of the same import). */
export function findOfficeProblems(
  offices: readonly NewOffice[],
  areaCodes: ReadonlySet<string>,
  options: Pick<OfficeImportOptions, 'file' | 'lineOf'>,
): string[] {
  return findUnknownAreas(offices, areaCodes, options);
}

/**
 * Writes `offices` in the caller's transaction (after the areas of the same import) and publishes every office that
 * is new or differs from `before`, the offices as they were before this import changed any area. Offices not in
 * `offices` stay, and are published again if their area path changed. Throws CountryImportError on an unknown area.
 */
export async function applyOffices(
  tx: ConfigDb,
  offices: readonly NewOffice[],
  before: ReadonlyMap<string, Office>,
  options: OfficeImportOptions,
): Promise<ImportCounts> {
  return applySites(tx, OFFICES, offices, before, options);
}

/** Applies parsed offices in one transaction. Throws CountryImportError and writes nothing on any problem. */
export async function importOffices(
  deps: { db: ConfigDb },
  offices: readonly NewOffice[],
  options: OfficeImportOptions,
): Promise<ImportCounts> {
  return deps.db.transaction().execute(async (tx) => applyOffices(tx, offices, await allOffices(tx), options));
}
