/**
 * Acting on a record: every action goes through here, in one transaction. Lock the record, check the version the
 * caller saw, the assignment, the status, the caller's scope for this record (event type and area), and the data
 * against the form; then append the action, fold the history again into the record's row, and put the event in the
 * outbox. Any refusal changes nothing.
 */
import { auditRows } from '../../../core/audit/append.js';
import { DomainError } from '../../../core/errors.js';
import { outboxRows } from '../../../core/events/outbox.js';
import { demand, may, type Caller, type ScopeTarget } from '../../../core/http/scopes.js';
import { timeliness, validateDeclaration, type EventTypeDefinition } from '../../../core/forms/index.js';
import { eventTypeOf, jurisdictionOf, registrationNumberFor } from '../event-types.js';
import {
  CertificatePrinted,
  RecordArchived,
  RecordCorrected,
  RecordDeclared,
  RecordNotDuplicate,
  RecordRegistered,
  RecordRejected,
  RecordValidated,
} from '../events.js';
import { lockRecord, stateOf, writeAction, type RecordRow, type RegistryDb } from '../repository.js';
import {
  applyAction,
  mergeData,
  type ActionType,
  type DeclarationData,
  type DuplicateFinding,
  type RecordAction,
  type RecordState,
  type Status,
} from '../record-state.js';

export interface ActInput {
  readonly type: Exclude<ActionType, 'CREATE'>;
  /** The record's version the caller last saw. */
  readonly version: number;
  readonly data?: DeclarationData | undefined;
  readonly reason?: string | undefined;
  /** DECLARE: send an incomplete declaration on purpose (it is marked so). */
  readonly incomplete?: boolean | undefined;
  /** CUSTOM: which of the event type's custom actions. */
  readonly customAction?: string | undefined;
  /** PRINT_CERTIFICATE: who collects it. */
  readonly collector?: Readonly<Record<string, unknown>> | undefined;
  /** PRINT_CERTIFICATE: how many copies. */
  readonly copies?: number | undefined;
  /** DECLARE, VALIDATE: the likely duplicates the search service found; undefined when no check ran. */
  readonly duplicates?: readonly DuplicateFinding[] | undefined;
}

export interface Acting {
  readonly caller: Caller;
  readonly requestId: string;
}

interface Rule {
  readonly scope: string;
  readonly from: readonly Status[];
  readonly reason?: 'required';
}

const ANY_BUT_ARCHIVED: readonly Status[] = ['DRAFT', 'DECLARED', 'VALIDATED', 'REGISTERED', 'REJECTED'];

/** Who may do what, from which status. Custom actions take theirs from the event type's configuration. */
const RULES: Record<Exclude<ActionType, 'CREATE' | 'CUSTOM'>, Rule> = {
  DECLARE: { scope: 'record.declare', from: ['DRAFT', 'REJECTED'] },
  VALIDATE: { scope: 'record.validate', from: ['DECLARED'] },
  REGISTER: { scope: 'record.register', from: ['DECLARED', 'VALIDATED'] },
  REJECT: { scope: 'record.validate', from: ['DECLARED', 'VALIDATED'], reason: 'required' },
  ARCHIVE: { scope: 'record.archive', from: ['DRAFT', 'DECLARED', 'VALIDATED', 'REJECTED'] },
  MARK_DUPLICATE: { scope: 'record.register', from: ['DECLARED', 'VALIDATED'], reason: 'required' },
  MARK_NOT_DUPLICATE: { scope: 'record.register', from: ['DECLARED', 'VALIDATED'], reason: 'required' },
  PRINT_CERTIFICATE: { scope: 'record.print', from: ['REGISTERED'] },
  REQUEST_CORRECTION: { scope: 'record.correct', from: ['REGISTERED'], reason: 'required' },
  APPROVE_CORRECTION: { scope: 'record.correct.approve', from: ['REGISTERED'] },
  REJECT_CORRECTION: { scope: 'record.correct.approve', from: ['REGISTERED'], reason: 'required' },
  ASSIGN: { scope: 'record.read', from: ANY_BUT_ARCHIVED },
  UNASSIGN: { scope: 'record.read', from: ANY_BUT_ARCHIVED },
};

export async function act(tx: RegistryDb, acting: Acting, recordId: string, input: ActInput) {
  const row = await lockRecord(tx, recordId);
  const caller = acting.caller;
  if (!row || !may(caller, 'record.read', targetOf(row))) {
    throw new DomainError('REGISTRY_RECORD_NOT_FOUND', `No record ${recordId} within your jurisdiction.`);
  }
  if (row.version !== input.version) {
    throw new DomainError(
      'REGISTRY_VERSION_CONFLICT',
      `You saw version ${input.version}; the record is at version ${row.version} now.`,
      { field: 'version' },
    );
  }
  const definition = await eventTypeOf(tx, row.event_type, row.form_version);
  const state = await stateOf(tx, row);
  const rule = ruleFor(input, definition);
  demand(caller, rule.scope, targetOf(row), `this ${row.event_type} record`);
  if (!rule.from.includes(state.status)) {
    throw new DomainError(
      'REGISTRY_WRONG_STATUS',
      `${input.type} is not possible on a ${state.status} record (only ${rule.from.join(', ')}).`,
    );
  }
  checkAssignment(input, state, caller, targetOf(row));
  if (rule.reason === 'required' && !input.reason?.trim()) {
    throw new DomainError('VALIDATION_FAILED', 'reason: give a reason', { field: 'reason' });
  }

  const at = new Date();
  const action = await prepare(tx, { input, row, state, definition, caller, at });
  const next = applyAction(state, action);
  const area = await areaAfter(tx, definition, row, next);
  if (area.code !== row.area_code) {
    // Moving a record into another area needs the same right there.
    demand(caller, rule.scope, { event: row.event_type, area: area.path }, 'that area');
  }
  // The action, the record's new fold, its event and its audit entry: one statement, one round trip.
  await writeAction(tx, {
    recordId,
    action,
    changes: {
      status: next.status,
      incomplete: next.incomplete,
      potential_duplicate: next.potentialDuplicate,
      correction_requested: next.pendingCorrection !== null,
      assigned_to: next.assignedTo,
      registration_number: next.registrationNumber,
      certificates_printed: next.certificatesPrinted,
      area_code: area.code,
      area_path: area.path,
      version: next.version,
      data: next.data,
      state: next,
    },
    outbox: eventRows(acting, { ...row, area_path: area.path }, action, next),
    audit: auditRows([
      {
        actor: caller.sub,
        actorRole: caller.role,
        action: `record.${action.type.toLowerCase().replaceAll('_', '-')}`,
        subject: recordId,
        detail: { seq: action.seq, ...(action.data ? { fields: fieldNames(action.data) } : {}) },
        requestId: acting.requestId,
      },
    ])[0]!,
    // What is declared replaces the draft it was typed into.
    deleteDraft: action.type === 'DECLARE',
  });
  return { record: recordView({ ...row, area_code: area.code, area_path: area.path }, next), action };
}

function ruleFor(input: ActInput, definition: EventTypeDefinition): Rule {
  if (input.type !== 'CUSTOM') return RULES[input.type];
  const custom = definition.customActions?.find((candidate) => candidate.id === input.customAction);
  if (!custom) {
    throw new DomainError('VALIDATION_FAILED', `action: ${definition.id} has no action ${input.customAction}`, {
      field: 'action',
    });
  }
  return {
    scope: custom.scope,
    from: custom.allowedIn as readonly Status[],
    ...(custom.requiresReason ? { reason: 'required' as const } : {}),
  };
}

function checkAssignment(input: ActInput, state: RecordState, caller: Caller, target: ScopeTarget): void {
  if (input.type === 'ASSIGN') {
    if (state.assignedTo && state.assignedTo !== caller.sub) {
      throw new DomainError('REGISTRY_ASSIGNED_TO_OTHER', 'The record is assigned to someone else.');
    }
    return;
  }
  if (state.assignedTo === null || state.assignedTo === caller.sub) return;
  // Someone else holds it: only unassigning them is possible, and only for whoever may unassign others.
  if (input.type === 'UNASSIGN' && may(caller, 'record.unassign', target)) return;
  throw new DomainError('REGISTRY_ASSIGNED_TO_OTHER', 'The record is assigned to someone else; only they may act.');
}

interface Preparation {
  readonly input: ActInput;
  readonly row: RecordRow;
  readonly state: RecordState;
  readonly definition: EventTypeDefinition;
  readonly caller: Caller;
  readonly at: Date;
}

/** The action to append, after the checks that need its data. */
async function prepare(tx: RegistryDb, p: Preparation): Promise<RecordAction> {
  const { input, state, definition, caller } = p;
  const base = {
    seq: state.version + 1,
    type: input.type,
    at: p.at.toISOString(),
    userId: caller.sub,
    role: caller.role,
    office: caller.office,
  };
  switch (input.type) {
    case 'DECLARE': {
      // Declaring again (after a rejection) may send only what changed: the form checks the whole declaration.
      const data = requireData(input);
      const merged = mergeData(state.data, data);
      const incomplete = checkDeclaration(definition, merged, { complete: input.incomplete !== true });
      return { ...base, data, details: { incomplete, ...duplicateDetails(input) } };
    }
    case 'VALIDATE': {
      const merged = mergeData(state.data, input.data);
      checkDeclaration(definition, merged, { complete: true });
      return {
        ...base,
        ...(input.data ? { data: input.data } : {}),
        ...(input.duplicates ? { details: duplicateDetails(input) } : {}),
      };
    }
    case 'REGISTER': {
      if (state.incomplete) throw notReady('the declaration is incomplete; validate it with every required field');
      if (state.potentialDuplicate) throw notReady('it is flagged as a potential duplicate; review it first');
      checkDeclaration(definition, state.data, { complete: true });
      checkLateApproval(definition, state, p.at);
      const registrationNumber = await registrationNumberFor(tx, definition, p.row, caller, p.at);
      return { ...base, details: { registrationNumber } };
    }
    case 'MARK_DUPLICATE':
    case 'MARK_NOT_DUPLICATE':
      if (!state.potentialDuplicate) throw notReady('it is not flagged as a potential duplicate');
      return { ...base, reason: input.reason! };
    case 'PRINT_CERTIFICATE':
      return {
        ...base,
        details: {
          collector: input.collector ?? null,
          copies: input.copies ?? 1,
          timeliness: timelinessOf(definition, state, state.registeredAt ? new Date(state.registeredAt) : p.at),
        },
      };
    case 'REQUEST_CORRECTION': {
      if (state.pendingCorrection) throw notReady('a correction is already pending');
      const changes = requireData(input);
      checkDeclaration(definition, mergeData(state.data, changes), { complete: true });
      // The values as registered, beside the proposed ones: the history shows both.
      return { ...base, data: changes, reason: input.reason!, details: { previous: valuesAt(state.data, changes) } };
    }
    case 'APPROVE_CORRECTION':
    case 'REJECT_CORRECTION':
      if (!state.pendingCorrection) throw notReady('no correction is pending');
      return { ...base, ...(input.reason ? { reason: input.reason } : {}) };
    case 'ASSIGN':
      return { ...base, details: { assignee: caller.sub } };
    case 'UNASSIGN':
      return { ...base, details: { previous: state.assignedTo } };
    case 'CUSTOM':
      return { ...base, details: { action: input.customAction }, ...(input.reason ? { reason: input.reason } : {}) };
    case 'REJECT':
    case 'ARCHIVE':
      return { ...base, ...(input.reason ? { reason: input.reason } : {}) };
    default: {
      const unknown: never = input.type;
      throw new Error(`unknown action ${String(unknown)}`);
    }
  }
}

function duplicateDetails(input: ActInput) {
  if (!input.duplicates) return {};
  return { potentialDuplicate: input.duplicates.length > 0, duplicates: input.duplicates };
}

/** `section.field` of every value given: what the audit log says was touched, never the values. */
export function fieldNames(data: DeclarationData): string[] {
  return Object.entries(data).flatMap(([section, fields]) => Object.keys(fields).map((field) => `${section}.${field}`));
}

/** The values `data` has at the fields `shape` names (null where it has none). */
function valuesAt(data: DeclarationData, shape: DeclarationData): DeclarationData {
  return Object.fromEntries(
    Object.entries(shape).map(([section, fields]) => [
      section,
      Object.fromEntries(Object.keys(fields).map((field) => [field, data[section]?.[field] ?? null])),
    ]),
  );
}

function requireData(input: ActInput): DeclarationData {
  if (!input.data) throw new DomainError('VALIDATION_FAILED', 'data: the declaration is required', { field: 'data' });
  return input.data;
}

const notReady = (why: string) => new DomainError('REGISTRY_NOT_READY', `Not possible: ${why}.`);

/** Field errors as a 400 with every field; answers whether required fields are missing (incomplete). */
export function checkDeclaration(
  definition: EventTypeDefinition,
  data: DeclarationData,
  options: { complete: boolean },
): boolean {
  const result = validateDeclaration(definition, data, options);
  if (result.errors.length > 0) {
    const errors = result.errors.map((error) => ({ field: `data.${error.field}`, message: error.message }));
    throw new DomainError('VALIDATION_FAILED', `${errors[0]!.field}: ${errors[0]!.message}`, { errors });
  }
  return result.missing.length > 0;
}

function timelinessOf(definition: EventTypeDefinition, state: RecordState, registeredAt: Date) {
  const eventDate = valueOfPath(state.data, definition.dateField);
  return typeof eventDate === 'string' && definition.legalPeriods
    ? timeliness(new Date(eventDate), registeredAt, definition.legalPeriods)
    : 'on-time';
}

/** A late registration may need a custom approval first (`workflow.lateRegistrationApproval`). */
function checkLateApproval(definition: EventTypeDefinition, state: RecordState, at: Date): void {
  const approval = definition.workflow?.lateRegistrationApproval;
  if (!approval || timelinessOf(definition, state, at) === 'on-time') return;
  if (!state.customActions.includes(approval)) throw notReady(`a late registration needs "${approval}" first`);
}

function valueOfPath(data: DeclarationData, path: string): unknown {
  const [section, field] = path.split('.');
  return data[section!]?.[field!];
}

/** The record's area after the action: from the declared area field, once there is one. */
async function areaAfter(tx: RegistryDb, definition: EventTypeDefinition, row: RecordRow, next: RecordState) {
  const code = valueOfPath(next.data, definition.areaField);
  if (typeof code !== 'string' || code === row.area_code) return { code: row.area_code, path: row.area_path };
  const path = await jurisdictionOf(tx, code);
  if (path.length === 0) {
    throw new DomainError('VALIDATION_FAILED', `data.${definition.areaField}: ${code} is not a known area`, {
      field: `data.${definition.areaField}`,
    });
  }
  return { code, path };
}

export const targetOf = (row: Pick<RecordRow, 'event_type' | 'area_path' | 'office'>) => ({
  event: row.event_type,
  area: row.area_path,
  office: row.office,
});

export function recordView(row: RecordRow, state: RecordState) {
  return {
    id: row.id,
    trackingId: row.tracking_id,
    eventType: row.event_type,
    formVersion: row.form_version,
    status: state.status,
    flags: flagsOf(state),
    version: state.version,
    registrationNumber: state.registrationNumber,
    assignedTo: state.assignedTo,
    area: row.area_code,
    areaPath: row.area_path,
    office: row.office,
    data: state.data,
    pendingCorrection: state.pendingCorrection,
    rejectionReason: state.rejectionReason,
    duplicates: [...(state.duplicates ?? [])],
    customActions: [...state.customActions],
    createdBy: state.createdBy,
    createdAt: row.created_at.toISOString(),
  };
}

export function flagsOf(state: RecordState): string[] {
  return [
    ...(state.incomplete ? ['INCOMPLETE'] : []),
    ...(state.potentialDuplicate ? ['POTENTIAL_DUPLICATE'] : []),
    ...(state.pendingCorrection ? ['CORRECTION_REQUESTED'] : []),
    ...(state.certificatesPrinted > 0 ? ['PRINTED'] : []),
  ];
}

const EVENT_OF: Partial<Record<ActionType, typeof RecordDeclared>> = {
  DECLARE: RecordDeclared,
  VALIDATE: RecordValidated,
  REGISTER: RecordRegistered,
  REJECT: RecordRejected,
  ARCHIVE: RecordArchived,
  MARK_DUPLICATE: RecordArchived,
  MARK_NOT_DUPLICATE: RecordNotDuplicate,
  APPROVE_CORRECTION: RecordCorrected,
  PRINT_CERTIFICATE: CertificatePrinted,
};

/** The outbox row of the action's event, if it has one. */
function eventRows(acting: Acting, row: RecordRow, action: RecordAction, next: RecordState) {
  const definition = EVENT_OF[action.type];
  if (!definition) return [];
  const changes = action.type === 'APPROVE_CORRECTION' ? undefined : action.data;
  return outboxRows('registry', definition, [
    {
      type: definition.type.replace('*', row.event_type),
      subject: row.id,
      traceId: acting.requestId,
      data: {
        recordId: row.id,
        trackingId: row.tracking_id,
        eventType: row.event_type,
        formVersion: row.form_version,
        status: next.status,
        version: next.version,
        flags: flagsOf(next),
        registrationNumber: next.registrationNumber,
        areaPath: row.area_path,
        actor: { userId: action.userId, role: action.role, office: action.office },
        at: action.at,
        data: next.data,
        ...(changes ? { changes } : {}),
        ...(action.reason ? { reason: action.reason } : {}),
      },
    },
  ]).rows;
}
