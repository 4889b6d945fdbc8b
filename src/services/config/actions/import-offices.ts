/**
 * Loading registration offices from a country's offices.csv, as areas are loaded: every row checked first, every
 * problem reported, nothing written unless all is valid, and a second import of the same file changes nothing. Each
 * office is published with its area path, and published again whenever that path changes, also when the change comes
 * from an area above it moving: other services keep their copy of the offices from these events alone.
 */
import { appendEvents } from '../../../core/events/outbox.js';
import { parseCsv, type CsvTable } from '../csv.js';
import { OfficeCreated, OfficeUpdated, type OfficeCreatedData, type OfficeUpdatedData } from '../events.js';
import { CountryImportError, type ImportCounts } from '../import-result.js';
import { NewOffice, type Office } from '../model.js';
import { allAreas, allOffices, insertOffices, updateOffice, type ConfigDb } from '../repository.js';

const OFFICES_CSV: CsvTable<NewOffice> = {
  columns: { code: { field: 'code' }, name: { field: 'name' }, area_code: { field: 'areaCode' } },
  schema: NewOffice,
  key: 'code',
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

export interface OfficeImportOptions {
  readonly file: string;
  readonly traceId: string;
  readonly lineOf?: ReadonlyMap<string, number> | undefined;
}

/** The offices whose area is not among `areaCodes` (the stored areas and those of the same import). */
export function findOfficeProblems(
  offices: readonly NewOffice[],
  areaCodes: ReadonlySet<string>,
  options: Pick<OfficeImportOptions, 'file' | 'lineOf'>,
): string[] {
  return offices
    .filter((office) => !areaCodes.has(office.areaCode))
    .map((office) => {
      const line = options.lineOf?.get(office.code);
      const where = line === undefined ? options.file : `${options.file}:${line}`;
      return `${where}: area_code: ${office.code} names unknown area ${office.areaCode}`;
    });
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
  const areaCodes = new Set((await allAreas(tx)).map((area) => area.code));
  const problems = findOfficeProblems(offices, areaCodes, options);
  if (problems.length > 0) throw new CountryImportError(problems);

  const created = offices.filter((office) => !before.has(office.code));
  const edited = offices.filter((office) => {
    const previous = before.get(office.code);
    return previous !== undefined && (previous.name !== office.name || previous.areaCode !== office.areaCode);
  });
  for (let start = 0; start < created.length; start += 1000) {
    await insertOffices(tx, created.slice(start, start + 1000));
  }
  for (const office of edited) await updateOffice(tx, office);

  // Paths are read back after every write, so they include the areas this import moved.
  const after = await allOffices(tx);
  const updated: OfficeUpdatedData[] = [];
  for (const office of after.values()) {
    const previous = before.get(office.code);
    const changed = previous ? changesOf(previous, office) : [];
    if (changed.length > 0) updated.push({ ...officeData(office), changed });
  }
  const trace = { traceId: options.traceId };
  await appendEvents(
    tx,
    'config',
    OfficeCreated,
    created.map((office) => ({ subject: office.code, data: officeData(after.get(office.code)!), ...trace })),
  );
  await appendEvents(
    tx,
    'config',
    OfficeUpdated,
    updated.map((office) => ({ subject: office.code, data: office, ...trace })),
  );
  const updatedCodes = new Set(updated.map((office) => office.code));
  return {
    created: created.length,
    updated: updated.length,
    unchanged: offices.filter((office) => before.has(office.code) && !updatedCodes.has(office.code)).length,
  };
}

/** Applies parsed offices in one transaction. Throws CountryImportError and writes nothing on any problem. */
export async function importOffices(
  deps: { db: ConfigDb },
  offices: readonly NewOffice[],
  options: OfficeImportOptions,
): Promise<ImportCounts> {
  return deps.db.transaction().execute(async (tx) => applyOffices(tx, offices, await allOffices(tx), options));
}

function changesOf(previous: Office, office: Office): OfficeUpdatedData['changed'] {
  const changed: OfficeUpdatedData['changed'] = [];
  if (previous.name !== office.name) changed.push('name');
  if (previous.areaCode !== office.areaCode) changed.push('areaCode');
  const path = office.areaPath;
  if (previous.areaPath.length !== path.length || previous.areaPath.some((code, index) => code !== path[index])) {
    changed.push('areaPath');
  }
  return changed;
}

function officeData(office: Office): OfficeCreatedData {
  return { code: office.code, name: office.name, areaCode: office.areaCode, areaPath: office.areaPath };
}
