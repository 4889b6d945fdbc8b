/**
 * Loading administrative areas from a country's areas.csv: every row is checked first and every problem reported as
 * `file:line: column: what is wrong`; nothing is written unless all is valid; importing the same file again changes
 * nothing, and the summary says what did change.
 */
import { appendEvents } from '../../../core/events/outbox.js';
import { parseCsv, type CsvTable } from '../csv.js';
import { AreaCreated, AreaUpdated } from '../events.js';
import { CountryImportError, type ImportCounts } from '../import-result.js';
import { NewArea, type Area } from '../model.js';
import { allAreas, allFacilities, allOffices, insertAreas, updateArea, type ConfigDb } from '../repository.js';
import { applyFacilities } from './import-facilities.js';
import { applyOffices } from './import-offices.js';

export { AreaImportError } from '../import-result.js';

const AREAS_CSV: CsvTable<NewArea> = {
  columns: {
    code: { field: 'code' },
    name: { field: 'name' },
    kind: { field: 'kind' },
    parent_code: { field: 'parentCode', optional: true },
  },
  schema: NewArea,
  key: 'code',
};

export interface ParsedAreas {
  readonly areas: NewArea[];
  readonly problems: string[];
}

export function parseAreasCsv(text: string, file: string): ParsedAreas {
  const { rows, problems } = parseCsv(text, file, AREAS_CSV);
  for (const { line, value } of rows) {
    if (value.parentCode === value.code) {
      problems.push(`${file}:${line}: parent_code: an area cannot be its own parent`);
    }
  }
  return { areas: rows.map((row) => row.value), problems };
}

export interface AreaImportOptions {
  readonly file: string;
  readonly traceId: string;
}

/** Areas naming a parent that is neither stored nor among them, or that would form a cycle. */
export function findAreaProblems(
  areas: readonly NewArea[],
  existing: ReadonlyMap<string, Area>,
  options: Pick<AreaImportOptions, 'file'>,
): string[] {
  const incoming = new Map(areas.map((area) => [area.code, area]));
  const problems: string[] = [];
  for (const area of areas) {
    if (area.parentCode !== null && !incoming.has(area.parentCode) && !existing.has(area.parentCode)) {
      problems.push(`${options.file}: parent_code: ${area.code} names unknown parent ${area.parentCode}`);
    }
  }
  const cycle = findCycle(incoming, existing);
  if (cycle) problems.push(`${options.file}: parent_code: areas form a cycle: ${cycle.join(' > ')}`);
  return problems;
}

/**
 * Writes `areas` in the caller's transaction, parents before children, and publishes each new or changed area.
 * Throws CountryImportError on any problem. The offices and facilities below a moved area are the caller's to publish
 * (`applyOffices`, `applyFacilities`).
 */
export async function applyAreas(
  tx: ConfigDb,
  areas: readonly NewArea[],
  options: AreaImportOptions,
): Promise<ImportCounts> {
  const existing = new Map((await allAreas(tx)).map((area) => [area.code, area]));
  const problems = findAreaProblems(areas, existing, options);
  if (problems.length > 0) throw new CountryImportError(problems);

  const created: NewArea[] = [];
  const updated: Array<NewArea & { changed: Array<'name' | 'kind' | 'parentCode'> }> = [];
  for (const area of parentsFirst(areas)) {
    const before = existing.get(area.code);
    if (!before) {
      created.push(area);
      continue;
    }
    const changed = (['name', 'kind', 'parentCode'] as const).filter((key) => before[key] !== area[key]);
    if (changed.length > 0) updated.push({ ...area, changed: [...changed] });
  }
  for (let start = 0; start < created.length; start += 1000) {
    await insertAreas(tx, created.slice(start, start + 1000));
  }
  for (const area of updated) await updateArea(tx, area);
  const trace = { traceId: options.traceId };
  await appendEvents(
    tx,
    'config',
    AreaCreated,
    created.map((area) => ({ subject: area.code, data: area, ...trace })),
  );
  await appendEvents(
    tx,
    'config',
    AreaUpdated,
    updated.map((area) => ({ subject: area.code, data: area, ...trace })),
  );
  return {
    created: created.length,
    updated: updated.length,
    unchanged: areas.length - created.length - updated.length,
  };
}

/**
 * Applies parsed areas in one transaction, and publishes the offices and facilities whose area path changed because an
 * area moved.
 * Throws CountryImportError and writes nothing on any problem.
 */
export async function importAreas(
  deps: { db: ConfigDb },
  areas: readonly NewArea[],
  options: AreaImportOptions,
): Promise<ImportCounts> {
  return deps.db.transaction().execute(async (tx) => {
    const offices = await allOffices(tx);
    const facilities = await allFacilities(tx);
    const counts = await applyAreas(tx, areas, options);
    await applyOffices(tx, [], offices, options);
    await applyFacilities(tx, [], facilities, options);
    return counts;
  });
}

function findCycle(
  incoming: ReadonlyMap<string, NewArea>,
  existing: ReadonlyMap<string, { parentCode: string | null }>,
): string[] | undefined {
  const parentOf = (code: string) => (incoming.get(code) ?? existing.get(code))?.parentCode ?? null;
  for (const start of incoming.keys()) {
    const path = [start];
    for (let code = parentOf(start); code !== null; code = parentOf(code)) {
      if (code === start) return [...path, code];
      if (path.length > incoming.size + existing.size) break;
      path.push(code);
    }
  }
  return undefined;
}

/** Orders areas so each parent in the list comes before its children (the foreign key needs it). */
function parentsFirst(areas: readonly NewArea[]): NewArea[] {
  const byCode = new Map(areas.map((area) => [area.code, area]));
  const ordered: NewArea[] = [];
  const placed = new Set<string>();
  const place = (area: NewArea) => {
    if (placed.has(area.code)) return;
    placed.add(area.code);
    const parent = area.parentCode === null ? undefined : byCode.get(area.parentCode);
    if (parent) place(parent);
    ordered.push(area);
  };
  areas.forEach(place);
  return ordered;
}
