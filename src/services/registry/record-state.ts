/**
 * A record's state is a pure function of its actions: fold them in order. Nothing is updated in place; the
 * `records` table only keeps this fold's result to find records fast (workqueues), and is rebuilt from the actions
 * whenever one is appended.
 */
import type { RecordStatus } from '../../core/forms/index.js';

export const ACTION_TYPES = [
  'CREATE',
  'DECLARE',
  'VALIDATE',
  'REGISTER',
  'REJECT',
  'ARCHIVE',
  'MARK_DUPLICATE',
  'MARK_NOT_DUPLICATE',
  'PRINT_CERTIFICATE',
  'REQUEST_CORRECTION',
  'APPROVE_CORRECTION',
  'REJECT_CORRECTION',
  'ASSIGN',
  'UNASSIGN',
  'CUSTOM',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** DRAFT → DECLARED → VALIDATED → REGISTERED, or REJECTED (back for updates), or ARCHIVED; shared with the forms. */
export type Status = RecordStatus;

/** Declaration data: section → field → value, as the form defines. */
export type DeclarationData = Record<string, Record<string, unknown>>;

/** One entry of a record's history, as stored. */
export interface RecordAction {
  readonly seq: number;
  readonly type: ActionType;
  readonly at: string;
  readonly userId: string;
  readonly role: string;
  readonly office: string | null;
  /** Declaration fields this action set (DECLARE, VALIDATE with changes, APPROVE_CORRECTION). */
  readonly data?: DeclarationData;
  readonly reason?: string;
  /** What else the action says: assignee, registration number, certificate details, custom action id, … */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A likely duplicate, as the search service's check found it. */
export interface DuplicateFinding {
  readonly recordId: string;
  readonly trackingId: string;
  readonly probability: number;
}

export interface RecordState {
  readonly status: Status;
  readonly data: DeclarationData;
  /** The declaration lacks required fields (allowed when declaring, not when registering). */
  readonly incomplete: boolean;
  readonly potentialDuplicate: boolean;
  /** The likely duplicates found when it was last declared or validated (those a registrar must review). */
  readonly duplicates: readonly DuplicateFinding[];
  /** Records a registrar found this one is not a duplicate of: not flagged again. */
  readonly notDuplicateOf: readonly string[];
  readonly assignedTo: string | null;
  readonly registrationNumber: string | null;
  readonly registeredAt: string | null;
  readonly certificatesPrinted: number;
  /** A requested correction waiting for a decision: the proposed values and why. */
  readonly pendingCorrection: { readonly data: DeclarationData; readonly reason: string } | null;
  /** Custom actions done so far (e.g. approve-late-registration), by id. */
  readonly customActions: readonly string[];
  readonly rejectionReason: string | null;
  /** How many actions the record has: the version a writer must quote. */
  readonly version: number;
  readonly createdBy: string;
}

export function mergeData(base: DeclarationData, changes: DeclarationData | undefined): DeclarationData {
  if (!changes) return base;
  const merged: DeclarationData = { ...base };
  for (const [section, fields] of Object.entries(changes)) merged[section] = { ...base[section], ...fields };
  return merged;
}

const INITIAL: Omit<RecordState, 'createdBy'> = {
  status: 'DRAFT',
  data: {},
  incomplete: false,
  potentialDuplicate: false,
  duplicates: [],
  notDuplicateOf: [],
  assignedTo: null,
  registrationNumber: null,
  registeredAt: null,
  certificatesPrinted: 0,
  pendingCorrection: null,
  customActions: [],
  rejectionReason: null,
  version: 0,
};

/**
 * What a DECLARE or VALIDATE says of duplicates: the check's findings when it ran (details.duplicates), else the
 * state stays as it was (a check that could not run never clears a flag).
 */
function duplicatesFound(state: RecordState, action: RecordAction): Partial<RecordState> {
  const found = action.details?.duplicates as DuplicateFinding[] | undefined;
  if (found === undefined) {
    // Records declared before the check existed said only whether they were flagged.
    return action.type === 'DECLARE' ? { potentialDuplicate: action.details?.potentialDuplicate === true } : {};
  }
  return { potentialDuplicate: found.length > 0, duplicates: found };
}

export function recordState(actions: readonly RecordAction[]): RecordState {
  const first = actions[0];
  if (first?.type !== 'CREATE') throw new Error('a record begins with CREATE');
  return actions.reduce(applyAction, { ...INITIAL, createdBy: first.userId });
}

/** One step of the fold: the state after `action`. `recordState` is this applied to every action in order. */
export function applyAction(state: RecordState, action: RecordAction): RecordState {
  const next = { ...state, version: state.version + 1 };
  switch (action.type) {
    case 'CREATE':
      return next;
    // Declaring, validating and registering hand the record on to the next role, so they also release it:
    // otherwise the next one could not act until the holder (or someone allowed to) unassigned it.
    case 'DECLARE':
      return {
        ...next,
        status: 'DECLARED',
        assignedTo: null,
        data: mergeData(state.data, action.data),
        incomplete: action.details?.incomplete === true,
        rejectionReason: null,
        ...duplicatesFound(state, action),
      };
    case 'VALIDATE':
      return {
        ...next,
        status: 'VALIDATED',
        assignedTo: null,
        data: mergeData(state.data, action.data),
        incomplete: action.details?.incomplete === true ? true : action.data ? false : state.incomplete,
        ...duplicatesFound(state, action),
      };
    case 'REGISTER':
      return {
        ...next,
        status: 'REGISTERED',
        assignedTo: null,
        registrationNumber: String(action.details?.registrationNumber),
        registeredAt: action.at,
      };
    case 'REJECT':
      return { ...next, status: 'REJECTED', rejectionReason: action.reason ?? null, assignedTo: null };
    case 'ARCHIVE':
      return { ...next, status: 'ARCHIVED', assignedTo: null };
    case 'MARK_DUPLICATE':
      return { ...next, status: 'ARCHIVED', potentialDuplicate: false, assignedTo: null };
    case 'MARK_NOT_DUPLICATE':
      return {
        ...next,
        potentialDuplicate: false,
        duplicates: [],
        notDuplicateOf: [...(state.notDuplicateOf ?? []), ...(state.duplicates ?? []).map((found) => found.recordId)],
      };
    case 'PRINT_CERTIFICATE':
      return { ...next, certificatesPrinted: state.certificatesPrinted + 1 };
    case 'REQUEST_CORRECTION':
      return { ...next, pendingCorrection: { data: action.data ?? {}, reason: action.reason ?? '' } };
    case 'APPROVE_CORRECTION':
      return { ...next, data: mergeData(state.data, state.pendingCorrection?.data), pendingCorrection: null };
    case 'REJECT_CORRECTION':
      return { ...next, pendingCorrection: null };
    case 'ASSIGN':
      return { ...next, assignedTo: String(action.details?.assignee) };
    case 'UNASSIGN':
      return { ...next, assignedTo: null };
    case 'CUSTOM':
      return { ...next, customActions: [...state.customActions, String(action.details?.action)] };
    default: {
      const unknown: never = action.type;
      throw new Error(`unknown action type ${String(unknown)}`);
    }
  }
}
