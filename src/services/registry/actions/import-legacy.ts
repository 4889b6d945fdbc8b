/**
 * Legacy registers: a country's paper backlog or old database, loaded as registered records with their original
 * numbers and dates. Every row is checked first (`file:line: column: what is wrong`) and nothing is written unless
 * all are valid. Rows whose registration number is already in the registry with the same data are skipped, so a
 * re-run after a crash resumes where it stopped and a finished import run again changes nothing.
 */
import { readCsv } from '../../../core/csv.js';
import { appendAudits } from '../../../core/audit/append.js';
import { appendEvents } from '../../../core/events/outbox.js';
import { uuidv7 } from '../../../core/events/uuidv7.js';
import {
  findField,
  formFields,
  isIsoDate,
  validateDeclaration,
  type EventTypeDefinition,
} from '../../../core/forms/index.js';
import { RecordRegistered } from '../events.js';
import { recordState, type DeclarationData, type RecordAction } from '../record-state.js';
import {
  insertActions,
  insertRecords,
  recordsByRegistrationNumber,
  type NewRecordRow,
  type RegistryDb,
} from '../repository.js';
import { newTrackingId } from '../tracking-id.js';

/** Who the history names as having done a legacy record's actions. */
export const LEGACY_IMPORT_ACTOR = '00000000-0000-7000-8000-000000000000';

export interface LegacyRecord {
  readonly line: number;
  readonly registrationNumber: string;
  readonly registeredOn: string;
  readonly office: string | null;
  readonly data: DeclarationData;
}

/** What the rows are checked against: the areas of the country (code → parent and kind). */
export type AreaTree = ReadonlyMap<string, { readonly parentCode: string | null }>;

const FIXED_COLUMNS = ['registration_number', 'registration_date', 'office'] as const;

/** Parses and checks every row; `problems` lists each as `file:line: column: what is wrong`. */
export function parseLegacyCsv(
  text: string,
  file: string,
  definition: EventTypeDefinition,
  areas: AreaTree,
  today: string,
): { records: LegacyRecord[]; problems: string[] } {
  const read = readCsv(text, file);
  if (!read.ok) return { records: [], problems: [read.problem] };
  const rows = read.records;
  const problems: string[] = [];
  const header = read.header;
  const fields = formFields(definition);
  for (const column of header) {
    if (!(FIXED_COLUMNS as readonly string[]).includes(column) && !fields.has(column)) {
      problems.push(`${file}:1: ${column}: is neither a field of the ${definition.id} form nor a known column`);
    }
  }
  for (const column of ['registration_number', 'registration_date']) {
    if (rows.length > 0 && !header.includes(column)) problems.push(`${file}:1: ${column}: the column is missing`);
  }
  if (problems.length > 0) return { records: [], problems };

  const records: LegacyRecord[] = [];
  const lineOf = new Map<string, number>();
  for (const { record, line } of rows) {
    const at = `${file}:${line}`;
    const rowProblems: string[] = [];
    const number = record.registration_number ?? '';
    const registeredOn = record.registration_date ?? '';
    if (!number) rowProblems.push(`${at}: registration_number: is required`);
    else if (lineOf.has(number)) {
      rowProblems.push(`${at}: registration_number: ${number} is already on line ${lineOf.get(number)}`);
    }
    if (!isIsoDate(registeredOn)) rowProblems.push(`${at}: registration_date: use a date such as 2019-03-31`);
    else if (registeredOn > today) rowProblems.push(`${at}: registration_date: is in the future`);

    const data = declarationOf(record, definition);
    for (const error of validateDeclaration(definition, data, { complete: true, today }).errors) {
      rowProblems.push(`${at}: ${error.field}: ${error.message}`);
    }
    const [section, field] = definition.areaField.split('.');
    const area = data[section!]?.[field!];
    if (typeof area === 'string' && !areas.has(area)) {
      rowProblems.push(`${at}: ${definition.areaField}: ${area} is not an area of the country`);
    }
    const [dateSection, dateField] = definition.dateField.split('.');
    const eventDate = data[dateSection!]?.[dateField!];
    if (typeof eventDate === 'string' && isIsoDate(registeredOn) && registeredOn < eventDate) {
      rowProblems.push(`${at}: registration_date: is before the event (${definition.dateField} ${eventDate})`);
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    lineOf.set(number, line);
    records.push({ line: line, registrationNumber: number, registeredOn, office: record.office || null, data });
  }
  return { records, problems };
}

/** A row's `section.field` columns as declaration data, typed as the form says; empty cells are left out. */
function declarationOf(row: Record<string, string>, definition: EventTypeDefinition): DeclarationData {
  const data: DeclarationData = {};
  for (const [column, text] of Object.entries(row)) {
    const field = findField(definition, column);
    if (!field || text === '') continue;
    const [section, name] = column.split('.') as [string, string];
    let value: unknown = text;
    if (field.field.type === 'number') value = Number(text);
    if (field.field.type === 'checkbox') value = ['true', 'yes', '1', 'x'].includes(text.toLowerCase());
    (data[section] ??= {})[name] = value;
  }
  return data;
}

export interface LegacyImportProgress {
  readonly done: number;
  readonly total: number;
  readonly imported: number;
  readonly skipped: number;
}

/**
 * Writes the checked records in batches, one transaction each: a crash loses at most the batch in flight, and the
 * next run skips what was committed. A number already registered with other data is a conflict: the run stops
 * before writing anything and lists every one.
 */
export async function importLegacyRecords(
  db: RegistryDb,
  definition: EventTypeDefinition,
  records: readonly LegacyRecord[],
  options: {
    readonly file: string;
    readonly areaPath: (code: string) => string[];
    readonly batchSize?: number;
    readonly onProgress?: (progress: LegacyImportProgress) => void;
  },
): Promise<{ imported: number; skipped: number; conflicts: string[] }> {
  const batchSize = options.batchSize ?? 500;
  const existing = new Map<string, string>();
  for (let start = 0; start < records.length; start += 5000) {
    const numbers = records.slice(start, start + 5000).map((record) => record.registrationNumber);
    for (const row of await recordsByRegistrationNumber(db, numbers)) {
      existing.set(row.registration_number!, `${row.event_type}:${canonical(row.data)}`);
    }
  }
  const conflicts = records
    .filter((record) => {
      const held = existing.get(record.registrationNumber);
      return held !== undefined && held !== `${definition.id}:${canonical(record.data)}`;
    })
    .map(
      (record) =>
        `${options.file}:${record.line}: registration_number: ${record.registrationNumber} is registered already with other data`,
    );
  if (conflicts.length > 0) return { imported: 0, skipped: 0, conflicts };

  const fresh = records.filter((record) => !existing.has(record.registrationNumber));
  let imported = 0;
  for (let start = 0; start < fresh.length; start += batchSize) {
    const batch = fresh.slice(start, start + batchSize);
    await db.transaction().execute((tx) => writeBatch(tx, definition, batch, options));
    imported += batch.length;
    options.onProgress?.({
      done: records.length - fresh.length + imported,
      total: records.length,
      imported,
      skipped: records.length - fresh.length,
    });
  }
  return { imported, skipped: records.length - fresh.length, conflicts: [] };
}

async function writeBatch(
  tx: RegistryDb,
  definition: EventTypeDefinition,
  batch: readonly LegacyRecord[],
  options: { readonly file: string; readonly areaPath: (code: string) => string[] },
) {
  const rows: NewRecordRow[] = [];
  const actions: Array<{ recordId: string; action: RecordAction }> = [];
  const events = [];
  const audits = [];
  for (const record of batch) {
    const id = uuidv7();
    const at = new Date(`${record.registeredOn}T12:00:00Z`).toISOString();
    const who = { at, userId: LEGACY_IMPORT_ACTOR, role: 'legacy-import', office: record.office };
    const history: RecordAction[] = [
      { ...who, seq: 1, type: 'CREATE', details: { source: options.file, line: record.line } },
      { ...who, seq: 2, type: 'DECLARE', data: record.data, details: { incomplete: false } },
      { ...who, seq: 3, type: 'REGISTER', details: { registrationNumber: record.registrationNumber, legacy: true } },
    ];
    const state = recordState(history);
    const [section, field] = definition.areaField.split('.');
    const area = String(record.data[section!]![field!]);
    const areaPath = options.areaPath(area);
    rows.push({
      id,
      tracking_id: newTrackingId(),
      event_type: definition.id,
      form_version: definition.version,
      status: state.status,
      incomplete: false,
      potential_duplicate: false,
      correction_requested: false,
      assigned_to: null,
      registration_number: record.registrationNumber,
      certificates_printed: 0,
      area_code: area,
      area_path: areaPath,
      office: record.office,
      created_by: LEGACY_IMPORT_ACTOR,
      version: state.version,
      data: state.data,
      state,
    });
    actions.push(...history.map((action) => ({ recordId: id, action })));
    events.push({
      type: RecordRegistered.type.replace('*', definition.id),
      subject: id,
      traceId: `legacy-import:${options.file}`,
      data: {
        recordId: id,
        trackingId: rows.at(-1)!.tracking_id,
        eventType: definition.id,
        formVersion: definition.version,
        status: state.status,
        version: state.version,
        registrationNumber: record.registrationNumber,
        areaPath,
        actor: { userId: LEGACY_IMPORT_ACTOR, role: 'legacy-import', office: record.office },
        at,
        data: state.data,
        reason: 'legacy import',
      },
    });
    audits.push({
      actor: LEGACY_IMPORT_ACTOR,
      actorRole: 'legacy-import',
      action: 'record.import',
      subject: id,
      detail: { line: record.line },
    });
  }
  await insertRecords(tx, rows);
  await insertActions(tx, actions);
  await appendAudits(tx, audits);
  // Each event has its own concrete type (registry.birth.registered), all of the one family.
  await appendEvents(tx, 'registry', RecordRegistered, events);
}

/** JSON with sorted keys, to compare declarations whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
