/**
 * Loading administrative areas from a country's areas.csv: every row is checked first and every problem reported as
 * `file:line: column: what is wrong`; nothing is written unless all is valid; importing the same file again changes
 * nothing, and the summary says what did change.
 */
import { parse } from 'csv-parse/sync';
import { appendEvents } from '../../../core/events/outbox.js';
import { AreaCreated, AreaUpdated } from '../events.js';
import { NewArea } from '../model.js';
import { allAreas, insertAreas, updateArea, type ConfigDb } from '../repository.js';

export const AREA_COLUMNS = ['code', 'name', 'kind', 'parent_code'] as const;

export interface ParsedAreas {
  readonly areas: NewArea[];
  readonly problems: string[];
}

export function parseAreasCsv(text: string, file: string): ParsedAreas {
  const problems: string[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { areas: [], problems: [`${file}:${line ?? 1}: ${(error as Error).message}`] };
  }
  const header = Object.keys(records[0]?.record ?? {});
  const missing = AREA_COLUMNS.filter(
    (column) => column !== 'parent_code' && records.length > 0 && !header.includes(column),
  );
  if (missing.length > 0) return { areas: [], problems: [`${file}:1: missing column(s) ${missing.join(', ')}`] };

  const areas: NewArea[] = [];
  const lineOf = new Map<string, number>();
  for (const { record, info } of records) {
    const unknown = Object.keys(record).filter((column) => !(AREA_COLUMNS as readonly string[]).includes(column));
    if (unknown.length > 0) problems.push(`${file}:${info.lines}: unknown column(s) ${unknown.join(', ')}`);
    const parsed = NewArea.safeParse({
      code: record.code ?? '',
      name: record.name ?? '',
      kind: record.kind ?? '',
      parentCode: record.parent_code ? record.parent_code : null,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = issue.path[0] === 'parentCode' ? 'parent_code' : String(issue.path[0]);
        problems.push(`${file}:${info.lines}: ${column}: ${issue.message}`);
      }
      continue;
    }
    const earlier = lineOf.get(parsed.data.code);
    if (earlier !== undefined) {
      problems.push(`${file}:${info.lines}: code: ${parsed.data.code} is already on line ${earlier}`);
      continue;
    }
    lineOf.set(parsed.data.code, info.lines);
    areas.push(parsed.data);
  }
  for (const area of areas) {
    if (area.parentCode === area.code) {
      problems.push(`${file}:${lineOf.get(area.code)}: parent_code: an area cannot be its own parent`);
    }
  }
  return { areas, problems };
}

export interface ImportSummary {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export class AreaImportError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} problem(s) in the areas:\n${problems.join('\n')}`);
  }
}

/** Applies parsed areas in one transaction, parents before children. Throws AreaImportError and writes nothing on any problem. */
export async function importAreas(
  deps: { db: ConfigDb },
  areas: readonly NewArea[],
  options: { file: string; traceId: string },
): Promise<ImportSummary> {
  return deps.db.transaction().execute(async (tx) => {
    const existing = new Map((await allAreas(tx)).map((area) => [area.code, area]));
    const incoming = new Map(areas.map((area) => [area.code, area]));
    const problems: string[] = [];
    for (const area of areas) {
      if (area.parentCode !== null && !incoming.has(area.parentCode) && !existing.has(area.parentCode)) {
        problems.push(`${options.file}: parent_code: ${area.code} names unknown parent ${area.parentCode}`);
      }
    }
    const cycle = findCycle(incoming, existing);
    if (cycle) problems.push(`${options.file}: parent_code: areas form a cycle: ${cycle.join(' > ')}`);
    if (problems.length > 0) throw new AreaImportError(problems);

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
    for (let start = 0; start < created.length; start += 1000)
      await insertAreas(tx, created.slice(start, start + 1000));
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
