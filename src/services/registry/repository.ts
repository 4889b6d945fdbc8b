/** All SQL of the registry service. */
import { sql, type ColumnType, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { AuditTables } from '../../core/audit/tables.js';
import type { Database } from '../../core/db/open.js';
import type { CoreEventTables, OutboxTable, ServiceDb } from '../../core/events/tables.js';
import { recordState, type ActionType, type RecordAction, type RecordState } from './record-state.js';

type Json<T> = ColumnType<T, string, string>;

export interface AreasTable {
  code: string;
  kind: string;
  parent_code: string | null;
}

export interface EventTypesTable {
  id: string;
  version: number;
  definition: Json<unknown>;
}

export interface RecordsTable {
  id: string;
  tracking_id: string;
  event_type: string;
  form_version: number;
  status: string;
  incomplete: boolean;
  potential_duplicate: boolean;
  correction_requested: boolean;
  assigned_to: string | null;
  registration_number: string | null;
  certificates_printed: number;
  area_code: string | null;
  area_path: Json<string[]>;
  office: string | null;
  created_by: string;
  version: number;
  data: Json<Record<string, Record<string, unknown>>>;
  /** The fold of the actions (see migration 0003); null for records from before it. */
  state: ColumnType<RecordState | null, string | undefined, string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ActionsTable {
  record_id: string;
  seq: number;
  type: ActionType;
  at: Date;
  user_id: string;
  role: string;
  office: string | null;
  data: Json<Record<string, Record<string, unknown>> | null>;
  reason: string | null;
  details: Json<Record<string, unknown> | null>;
}

export interface RegistrationCountersTable {
  scope: string;
  year: number;
  last: number;
}

export interface IdempotencyKeysTable {
  caller: string;
  key: string;
  request_hash: string;
  status: number;
  body: Json<unknown>;
  created_at: ColumnType<Date, never, never>;
}

/** The registry's own tables, and the audit log every service with personal data keeps. */
export interface DraftsTable {
  record_id: string;
  user_id: string;
  data: Json<Record<string, Record<string, unknown>>>;
  saved_at: ColumnType<Date, Date | undefined, Date>;
}

export interface RecordIdentitiesTable {
  record_id: string;
  uin: string;
  identity_id: string;
  linked_at: ColumnType<Date, never, never>;
}

export interface RegistryTables extends AuditTables {
  drafts: DraftsTable;
  record_identities: RecordIdentitiesTable;
  areas: AreasTable;
  event_types: EventTypesTable;
  records: RecordsTable;
  actions: ActionsTable;
  registration_counters: RegistrationCountersTable;
  idempotency_keys: IdempotencyKeysTable;
}

export type RegistryDb = ServiceDb<RegistryTables>;
export type RecordRow = Selectable<RecordsTable>;

export function registryDb(database: Pick<Database, 'forSchema'>): RegistryDb {
  return database.forSchema<RegistryTables & CoreEventTables>('registry');
}

// Areas and event types: the registry's copies, kept from config events.

export async function upsertArea(db: RegistryDb, area: { code: string; kind: string; parentCode: string | null }) {
  await db
    .insertInto('areas')
    .values({ code: area.code, kind: area.kind, parent_code: area.parentCode })
    .onConflict((conflict) => conflict.column('code').doUpdateSet({ kind: area.kind, parent_code: area.parentCode }))
    .execute();
}

/** The area and every area above it, innermost first, with their kinds; empty for an unknown code. */
export async function areaPath(db: RegistryDb, code: string): Promise<Array<{ code: string; kind: string }>> {
  const rows = await db
    .withRecursive('path(code, kind, parent_code, depth)', (qb) =>
      qb
        .selectFrom('areas')
        .select(['code', 'kind', 'parent_code', sql<number>`0`.as('depth')])
        .where('code', '=', code)
        .unionAll((union) =>
          union
            .selectFrom('areas as a')
            .innerJoin('path as p', 'p.parent_code', 'a.code')
            .select(['a.code', 'a.kind', 'a.parent_code', sql<number>`p.depth + 1`.as('depth')])
            .where('p.depth', '<', 50),
        ),
    )
    .selectFrom('path')
    .select(['code', 'kind'])
    .orderBy('depth')
    .execute();
  return rows;
}

export async function insertEventType(db: RegistryDb, id: string, version: number, definition: unknown) {
  await db
    .insertInto('event_types')
    .values({ id, version, definition: JSON.stringify(definition) })
    .onConflict((conflict) => conflict.columns(['id', 'version']).doNothing())
    .execute();
}

export async function findEventType(db: RegistryDb, id: string, version?: number): Promise<unknown> {
  let query = db.selectFrom('event_types').select('definition').where('id', '=', id);
  if (version !== undefined) query = query.where('version', '=', version);
  const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row?.definition;
}

export async function latestEventTypeVersion(db: RegistryDb, id: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('event_types')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.version ?? undefined;
}

export async function listEventTypeIds(db: RegistryDb): Promise<string[]> {
  const rows = await db.selectFrom('event_types').select('id').distinct().orderBy('id').execute();
  return rows.map((row) => row.id);
}

// Records and actions.

export type NewRecordRow = Omit<RecordRow, 'created_at' | 'updated_at' | 'area_path' | 'data' | 'state'> & {
  area_path: string[];
  data: Record<string, Record<string, unknown>>;
  state: RecordState;
};

/** A new record, its first action and its audit entry, in one statement (see `writeAction`). */
export async function writeNewRecord(
  db: RegistryDb,
  write: {
    readonly record: NewRecordRow;
    readonly action: RecordAction;
    readonly audit: Insertable<AuditTables['audit_log']>;
  },
): Promise<void> {
  const { record } = write;
  await db
    .with('new_record', (qc) =>
      qc.insertInto('records').values({
        ...record,
        area_path: JSON.stringify(record.area_path),
        data: JSON.stringify(record.data),
        state: JSON.stringify(record.state),
      }),
    )
    .with('new_action', (qc) => qc.insertInto('actions').values(actionRow(record.id, write.action)))
    .insertInto('audit_log')
    .values(write.audit)
    .execute();
}

export async function insertRecords(db: RegistryDb, records: readonly NewRecordRow[]) {
  if (records.length === 0) return;
  await db
    .insertInto('records')
    .values(
      records.map((record) => ({
        ...record,
        area_path: JSON.stringify(record.area_path),
        data: JSON.stringify(record.data),
        state: JSON.stringify(record.state),
      })),
    )
    .execute();
}

export type RecordChanges = Partial<Omit<RecordRow, 'id' | 'created_at' | 'area_path' | 'data' | 'state'>> & {
  area_path?: string[];
  data?: Record<string, Record<string, unknown>>;
  state?: RecordState;
};

function recordSet(changes: RecordChanges) {
  const { area_path, data, state, ...rest } = changes;
  return {
    ...rest,
    ...(area_path ? { area_path: JSON.stringify(area_path) } : {}),
    ...(data ? { data: JSON.stringify(data) } : {}),
    ...(state ? { state: JSON.stringify(state) } : {}),
    updated_at: new Date(),
  };
}

/**
 * Everything an action writes, in one statement (data-modifying CTEs): the action, the record's new fold, its event
 * in the outbox, its audit entry, and the draft it replaces. One round trip instead of five: the throughput of a
 * registry is bound by round trips to PostgreSQL.
 */
export async function writeAction(
  db: RegistryDb,
  write: {
    readonly recordId: string;
    readonly action: RecordAction;
    readonly changes: RecordChanges;
    readonly outbox: readonly Insertable<OutboxTable>[];
    readonly audit: Insertable<AuditTables['audit_log']>;
    readonly deleteDraft: boolean;
  },
): Promise<void> {
  const all = db as unknown as Kysely<RegistryTables & CoreEventTables>;
  let statement = all
    .with('new_action', (qc) => qc.insertInto('actions').values(actionRow(write.recordId, write.action)))
    .with('changed_record', (qc) =>
      qc.updateTable('records').set(recordSet(write.changes)).where('id', '=', write.recordId),
    );
  if (write.outbox.length > 0) {
    statement = statement.with('new_event', (qc) => qc.insertInto('outbox').values([...write.outbox])) as never;
  }
  if (write.deleteDraft) {
    statement = statement.with('old_draft', (qc) =>
      qc.deleteFrom('drafts').where('record_id', '=', write.recordId),
    ) as never;
  }
  await statement.insertInto('audit_log').values(write.audit).execute();
}

/** The record, locked until the transaction ends: one writer at a time per record. */
export async function lockRecord(db: RegistryDb, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findRecord(db: RegistryDb, id: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRecordByTrackingId(db: RegistryDb, trackingId: string): Promise<RecordRow | undefined> {
  return db.selectFrom('records').selectAll().where('tracking_id', '=', trackingId).executeTakeFirst();
}

export async function insertActions(
  db: RegistryDb,
  actions: ReadonlyArray<{ readonly recordId: string; readonly action: RecordAction }>,
) {
  if (actions.length === 0) return;
  await db
    .insertInto('actions')
    .values(actions.map(({ recordId, action }) => actionRow(recordId, action)))
    .execute();
}

function actionRow(recordId: string, action: RecordAction) {
  return {
    record_id: recordId,
    seq: action.seq,
    type: action.type,
    at: new Date(action.at),
    user_id: action.userId,
    role: action.role,
    office: action.office,
    data: JSON.stringify(action.data ?? null),
    reason: action.reason ?? null,
    details: JSON.stringify(action.details ?? null),
  };
}

/** The records holding these registration numbers (for imports: what is there already). */
export async function recordsByRegistrationNumber(
  db: RegistryDb,
  numbers: readonly string[],
): Promise<Array<Pick<RecordRow, 'registration_number' | 'event_type' | 'data'>>> {
  if (numbers.length === 0) return [];
  return db
    .selectFrom('records')
    .select(['registration_number', 'event_type', 'data'])
    .where('registration_number', 'in', [...numbers])
    .execute();
}

export async function registrationNumberTaken(db: RegistryDb, number: string): Promise<boolean> {
  const row = await db.selectFrom('records').select('id').where('registration_number', '=', number).executeTakeFirst();
  return row !== undefined;
}

/** The record's state: its stored fold, or the fold of its history for records from before the column. */
export async function stateOf(db: RegistryDb, row: Pick<RecordRow, 'id' | 'state'>): Promise<RecordState> {
  return row.state ?? recordState(await actionsOf(db, row.id));
}

export async function actionsOf(db: RegistryDb, recordId: string): Promise<RecordAction[]> {
  const rows = await db.selectFrom('actions').selectAll().where('record_id', '=', recordId).orderBy('seq').execute();
  return rows.map((row) => ({
    seq: row.seq,
    type: row.type,
    at: row.at.toISOString(),
    userId: row.user_id,
    role: row.role,
    office: row.office,
    ...(row.data ? { data: row.data } : {}),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.details ? { details: row.details } : {}),
  }));
}

/** The next number of a series, inside the caller's transaction: gap-free, since a rollback undoes it too. */
export async function nextRegistrationSequence(db: RegistryDb, scope: string, year: number): Promise<number> {
  const row = await db
    .insertInto('registration_counters')
    .values({ scope, year, last: 1 })
    .onConflict((conflict) =>
      conflict.columns(['scope', 'year']).doUpdateSet((eb) => ({ last: eb('registration_counters.last', '+', 1) })),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export interface QueueFilter {
  readonly statuses?: readonly string[];
  readonly assignedTo?: string;
  readonly createdBy?: string;
  readonly flags?: { readonly incomplete?: boolean; readonly correctionRequested?: boolean };
  readonly printed?: boolean;
  /** Records whose area path contains this area (the caller's jurisdiction); undefined for all. */
  readonly withinArea?: string;
  readonly eventTypes?: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

export async function listRecords(db: RegistryDb, filter: QueueFilter): Promise<{ rows: RecordRow[]; total: number }> {
  let query = db.selectFrom('records');
  if (filter.statuses) query = query.where('status', 'in', [...filter.statuses]);
  if (filter.assignedTo) query = query.where('assigned_to', '=', filter.assignedTo);
  if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy);
  if (filter.flags?.incomplete !== undefined) query = query.where('incomplete', '=', filter.flags.incomplete);
  if (filter.flags?.correctionRequested !== undefined)
    query = query.where('correction_requested', '=', filter.flags.correctionRequested);
  if (filter.printed !== undefined) query = query.where('certificates_printed', filter.printed ? '>' : '=', 0);
  if (filter.eventTypes) query = query.where('event_type', 'in', [...filter.eventTypes]);
  if (filter.withinArea !== undefined)
    query = query.where(sql<boolean>`area_path @> ${JSON.stringify([filter.withinArea])}::jsonb`);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('updated_at', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

// Idempotency: the first answer to a key, returned again on retries.

export async function findIdempotentAnswer(db: RegistryDb, caller: string, key: string) {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('caller', '=', caller)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function saveIdempotentAnswer(
  db: RegistryDb,
  answer: { caller: string; key: string; requestHash: string; status: number; body: unknown },
) {
  await db
    .insertInto('idempotency_keys')
    .values({
      caller: answer.caller,
      key: answer.key,
      request_hash: answer.requestHash,
      status: answer.status,
      body: JSON.stringify(answer.body),
    })
    .execute();
}

// Drafts: the creator's unsent answers, replaced on each save.

export async function saveDraft(db: RegistryDb, recordId: string, userId: string, data: Record<string, unknown>) {
  const json = JSON.stringify(data);
  await db
    .insertInto('drafts')
    .values({ record_id: recordId, user_id: userId, data: json })
    .onConflict((conflict) => conflict.column('record_id').doUpdateSet({ data: json, saved_at: new Date() }))
    .execute();
}

export async function findDraft(db: RegistryDb, recordId: string) {
  return db.selectFrom('drafts').selectAll().where('record_id', '=', recordId).executeTakeFirst();
}

export async function deleteDraft(db: RegistryDb, recordId: string): Promise<void> {
  await db.deleteFrom('drafts').where('record_id', '=', recordId).execute();
}

// Identity numbers the identity service issued to records' subjects.

/** Links the record to its subject's identity; answers false when it was linked already (a repeated event). */
export async function linkIdentity(
  db: RegistryDb,
  link: { recordId: string; uin: string; identityId: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('record_identities')
    .values({ record_id: link.recordId, uin: link.uin, identity_id: link.identityId })
    .onConflict((conflict) => conflict.column('record_id').doNothing())
    .returning('record_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function identityNumberOf(db: RegistryDb, recordId: string): Promise<string | null> {
  const row = await db
    .selectFrom('record_identities')
    .select('uin')
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return row?.uin ?? null;
}
